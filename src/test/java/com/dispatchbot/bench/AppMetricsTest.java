package com.dispatchbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench reads the app's heap and CPU out of its Prometheus text. */
class AppMetricsTest {

  @Test
  void givenPrometheusText_heapIsTheSumOfTheHeapPoolsAndCpuIsRead() {
    String text =
        """
        # HELP jvm_memory_used_bytes The amount of used memory
        # TYPE jvm_memory_used_bytes gauge
        jvm_memory_used_bytes{application="dispatch-bot",area="heap",id="G1 Eden Space"} 1.048576E8
        jvm_memory_used_bytes{application="dispatch-bot",area="heap",id="G1 Old Gen"} 5.0E7
        jvm_memory_used_bytes{application="dispatch-bot",area="nonheap",id="Metaspace"} 9.9E7
        jvm_memory_max_bytes{application="dispatch-bot",area="heap",id="G1 Old Gen"} 1.073741824E9
        process_cpu_usage{application="dispatch-bot"} 0.25
        system_cpu_usage{application="dispatch-bot"} 0.875
        system_cpu_count{application="dispatch-bot"} 2.0
        """;
    AppMetrics.Sample sample = AppMetrics.parse(text);
    assertThat(sample.heapUsedBytes()).isEqualTo(104_857_600L + 50_000_000L);
    assertThat(sample.processCpu()).isEqualTo(0.25);
    assertThat(sample.systemCpu()).isEqualTo(0.875);
  }

  @Test
  void givenNoJvmMetrics_heapIsZeroAndCpuUnknown() {
    AppMetrics.Sample sample = AppMetrics.parse("# nothing here\n");
    assertThat(sample.heapUsedBytes()).isZero();
    assertThat(sample.processCpu()).isNaN();
  }
}
