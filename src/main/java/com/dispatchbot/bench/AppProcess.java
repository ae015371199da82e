package com.dispatchbot.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The app under test as a child process: {@code java [options] -jar <jar>} with the environment it
 * is given, its output to a log file, stopped (TERM, then KILL after 30 s) when the bench ends or
 * the JVM running it is stopped.
 */
final class AppProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Process process;
  private final URI url;
  private final Path log;
  private final Thread stopOnExit;

  private AppProcess(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
    this.stopOnExit = new Thread(this::stop, "bench-stop-app");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts the app on {@code 127.0.0.1:port}.
   *
   * @param env set in the child's environment on top of this process's; a null value removes the
   *     variable
   */
  static AppProcess launch(
      Path jar, List<String> javaOptions, int port, Map<String, String> env, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    env.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    builder.environment().put("PORT", Integer.toString(port));
    Path parent = log.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process process = builder.start();
    return new AppProcess(process, URI.create("http://127.0.0.1:" + port), log);
  }

  /** A TCP port nobody listens on right now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  URI url() {
    return url;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code url/health/readiness} answers 200 (Postgres and Temporal are there and the
   * start-up work is done), checking the app has not exited meanwhile.
   *
   * @param app the child, or null for an app run by someone else
   * @throws IllegalStateException when the app exits or the time is up; the message names the log
   */
  static void awaitReady(URI url, AppProcess app, Duration timeout, PrintStream progress)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    int lastReport = 0;
    long begin = System.nanoTime();
    while (true) {
      if (app != null && !app.alive()) {
        throw new IllegalStateException(
            "the app exited during start-up (exit code "
                + app.process.exitValue()
                + "); its last lines:\n"
                + app.tail(30)
                + "\n(whole log: "
                + app.log
                + ")");
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/health/readiness"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "no 200 from "
                + url
                + "/health/readiness after "
                + timeout.toSeconds()
                + " s"
                + (app == null ? "" : "; see " + app.log));
      }
      int waited = (int) ((System.nanoTime() - begin) / 1_000_000_000L);
      if (waited / 30 > lastReport) {
        lastReport = waited / 30;
        progress.println(
            "[bench] still waiting for " + url + "/health/readiness (" + waited + " s)");
      }
      Thread.sleep(1000);
    }
  }

  /** The last lines of the app's log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the app at once (SIGKILL), as a crash or a lost node would, and waits for it to go. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the app (TERM: a graceful shutdown; KILL after 30 s). */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs, or has run, anyway
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
            ? "NUL"
            : "/dev/null");
  }
}
