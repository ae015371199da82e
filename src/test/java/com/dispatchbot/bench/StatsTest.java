package com.dispatchbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.bench.Stats.Percentiles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's percentiles are nearest-rank: each one is a latency some request really had. */
class StatsTest {

  @Test
  void givenOneToAHundred_thePercentilesAreTheNearestRanks() {
    double[] values = new double[100];
    for (int i = 0; i < values.length; i++) {
      values[values.length - 1 - i] = i + 1; // descending: the order given must not matter
    }
    Percentiles p = Stats.percentiles(values);
    assertThat(p.count()).isEqualTo(100);
    assertThat(p.p50()).isEqualTo(50);
    assertThat(p.p95()).isEqualTo(95);
    assertThat(p.p99()).isEqualTo(99);
    assertThat(p.max()).isEqualTo(100);
    assertThat(p.mean()).isEqualTo(50.5);
    assertThat(values[0]).as("the caller's array is left as it was").isEqualTo(100);
  }

  @Test
  void givenAFewValues_aHighPercentileIsTheSlowestOneNotAnInterpolation() {
    Percentiles p = Stats.percentiles(List.of(12, 10, 400, 11));
    assertThat(p.p50()).isEqualTo(11);
    assertThat(p.p95()).isEqualTo(400);
    assertThat(p.p99()).isEqualTo(400);
  }

  @Test
  void givenOneValue_everyPercentileIsThatValue() {
    Percentiles p = Stats.percentiles(new double[] {7.5});
    assertThat(List.of(p.p50(), p.p95(), p.p99(), p.max(), p.mean())).containsOnly(7.5);
  }

  @Test
  void givenNoValues_theSummaryIsEmptyRatherThanZero() {
    Percentiles p = Stats.percentiles(new double[0]);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.p50()).isNaN();
    assertThatThrownBy(() -> Stats.percentile(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenAPercentOutsideZeroToAHundred_itIsRefused() {
    assertThatThrownBy(() -> Stats.percentile(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new double[] {1}, 101))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rateIsAShareAndZeroWhenNothingWasTried() {
    assertThat(Stats.rate(1, 4)).isEqualTo(0.25);
    assertThat(Stats.rate(0, 0)).isZero();
  }
}
