package com.dispatchbot.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Percentiles and rates for the benchmark's printouts. Percentiles use the nearest-rank method on a
 * sorted copy (the p-th percentile is the smallest value with at least p % of the values at or
 * below it), so every number printed is a latency some request really had. A bench phase records
 * thousands of values, not millions, so sorting is cheaper than it is worth keeping a histogram.
 */
public final class Stats {
  private Stats() {}

  /**
   * Summary of one set of values (milliseconds in the benchmark). An empty set has {@code count} 0
   * and {@code NaN} elsewhere; {@link #isEmpty()} tells it apart.
   */
  public record Percentiles(
      int count, double p50, double p95, double p99, double max, double mean) {
    /** The summary of no values. */
    public static final Percentiles NONE =
        new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    public boolean isEmpty() {
      return count == 0;
    }
  }

  /** p50, p95, p99, max and mean of the values (nearest rank); {@link Percentiles#NONE} if none. */
  public static Percentiles percentiles(double[] values) {
    if (values.length == 0) {
      return Percentiles.NONE;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (double value : sorted) {
      sum += value;
    }
    return new Percentiles(
        sorted.length,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        sorted[sorted.length - 1],
        sum / sorted.length);
  }

  /** As {@link #percentiles(double[])}, for boxed values. */
  public static Percentiles percentiles(Collection<? extends Number> values) {
    return percentiles(values.stream().mapToDouble(Number::doubleValue).toArray());
  }

  /**
   * The nearest-rank percentile of values sorted ascending.
   *
   * @param sorted at least one value, ascending
   * @param percent in (0, 100]
   */
  public static double percentile(double[] sorted, double percent) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    // percent * n first: exact for whole percents, so p95 of 100 values is the 95th, not the 96th
    int rank = (int) Math.ceil(percent * sorted.length / 100);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /** {@code part / whole}, 0 when {@code whole} is 0 (no requests, no errors). */
  public static double rate(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
