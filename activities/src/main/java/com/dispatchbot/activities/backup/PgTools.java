package com.dispatchbot.activities.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** Runs pg_dump and pg_restore (the client tools must be on PATH, same major as the server). */
final class PgTools {
  private PgTools() {}

  record Result(int exitCode, String output) {}

  /**
   * Runs the command, calling {@code progress} every few seconds with the size of {@code watch}
   * (the file being written), so a long dump heartbeats.
   */
  static Result run(
      List<String> command, PgTarget target, Path watch, LongConsumer progress, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(target.environment());
    Path log = Files.createTempFile("pgtool-", ".log");
    builder.redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      Files.deleteIfExists(log);
      throw new IOException(
          command.get(0)
              + " could not be started (is the PostgreSQL client installed?): "
              + e.getMessage(),
          e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!process.waitFor(2, TimeUnit.SECONDS)) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IOException(command.get(0) + " took longer than " + timeout);
        }
        if (progress != null) {
          progress.accept(watch != null && Files.exists(watch) ? Files.size(watch) : 0);
        }
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return new Result(process.exitValue(), output);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  static List<String> command(String tool, PgTarget target, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(target.connectionArgs());
    command.addAll(List.of(args));
    return command;
  }

  /** The last lines of a tool's output, for an error message (no secrets: it never sees any). */
  static String tail(String output) {
    String[] lines = output.strip().split("\n");
    int from = Math.max(0, lines.length - 5);
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }
}
