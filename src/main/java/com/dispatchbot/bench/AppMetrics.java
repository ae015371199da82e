package com.dispatchbot.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The app's own view of its resources during a bench phase, read from its Prometheus endpoint
 * ({@code GET /metrics}, open without a key): heap used (the sum of {@code jvm_memory_used_bytes}
 * over the heap pools) and CPU ({@code process_cpu_usage} of the app's JVM, {@code
 * system_cpu_usage} of the whole machine, both 0..1). A {@link Sampler} scrapes it every second
 * while the callers run.
 */
final class AppMetrics {
  private AppMetrics() {}

  /** One scrape. */
  record Sample(long heapUsedBytes, double processCpu, double systemCpu) {}

  /**
   * What the scrapes of a phase saw.
   *
   * @param samples scrapes that answered
   * @param maxHeapUsedBytes the most heap in use at any scrape
   * @param meanProcessCpu the app JVM's mean CPU load (0..1 of the machine)
   * @param meanSystemCpu the machine's mean CPU load (0..1), the bench itself included
   */
  record Summary(int samples, long maxHeapUsedBytes, double meanProcessCpu, double meanSystemCpu) {
    static final Summary NONE = new Summary(0, 0, Double.NaN, Double.NaN);
  }

  /** Reads the samples out of Prometheus text; absent metrics read as 0 (CPU as NaN). */
  static Sample parse(String text) {
    long heap = 0;
    double processCpu = Double.NaN;
    double systemCpu = Double.NaN;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += (long) value(line);
      } else if (line.startsWith("process_cpu_usage")) {
        processCpu = value(line);
      } else if (line.startsWith("system_cpu_usage")) {
        systemCpu = value(line);
      }
    }
    return new Sample(heap, processCpu, systemCpu);
  }

  /** The value of a sample line: {@code name{labels} value [timestamp]}. */
  private static double value(String line) {
    int labelsEnd = line.lastIndexOf('}');
    String rest = line.substring(labelsEnd < 0 ? line.indexOf(' ') : labelsEnd + 1).strip();
    int space = rest.indexOf(' ');
    try {
      return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** One scrape of {@code baseUrl/metrics}; empty when the app does not answer. */
  static Optional<Sample> scrape(HttpClient http, URI baseUrl) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(parse(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Scrapes every second from {@link #start} until {@link #stop}. */
  static final class Sampler {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI baseUrl;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-metrics");
              thread.setDaemon(true);
              return thread;
            });

    private Sampler(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    static Sampler start(URI baseUrl) {
      Sampler sampler = new Sampler(baseUrl);
      sampler.timer.scheduleWithFixedDelay(sampler::sample, 0, 1, TimeUnit.SECONDS);
      return sampler;
    }

    private void sample() {
      scrape(http, baseUrl)
          .ifPresent(
              sample -> {
                synchronized (samples) {
                  samples.add(sample);
                }
              });
    }

    /** Stops scraping (after one last scrape) and sums up. */
    Summary stop() throws InterruptedException {
      timer.shutdown();
      timer.awaitTermination(10, TimeUnit.SECONDS);
      sample();
      synchronized (samples) {
        if (samples.isEmpty()) {
          return Summary.NONE;
        }
        return new Summary(
            samples.size(),
            samples.stream().mapToLong(Sample::heapUsedBytes).max().orElse(0),
            samples.stream()
                .mapToDouble(Sample::processCpu)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN),
            samples.stream()
                .mapToDouble(Sample::systemCpu)
                .filter(v -> !Double.isNaN(v))
                .average()
                .orElse(Double.NaN));
      }
    }
  }
}
