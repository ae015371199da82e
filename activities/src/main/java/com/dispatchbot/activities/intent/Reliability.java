package com.dispatchbot.activities.intent;

import java.util.List;
import java.util.Locale;

/**
 * How well stated confidence matches observed accuracy: a reliability table over equal-width
 * confidence bins and the expected calibration error (ECE), the bins' |accuracy - confidence|
 * weighted by how many predictions fall in each.
 */
public final class Reliability {
  private final int[] count;
  private final int[] correct;
  private final double[] confidenceSum;

  public Reliability(int bins) {
    count = new int[bins];
    correct = new int[bins];
    confidenceSum = new double[bins];
  }

  public void add(double confidence, boolean right) {
    int bin = Math.min((int) (confidence * count.length), count.length - 1);
    count[bin]++;
    confidenceSum[bin] += confidence;
    if (right) {
      correct[bin]++;
    }
  }

  public int total() {
    int n = 0;
    for (int c : count) {
      n += c;
    }
    return n;
  }

  public double expectedCalibrationError() {
    int n = total();
    if (n == 0) {
      return 0.0;
    }
    double ece = 0.0;
    for (int b = 0; b < count.length; b++) {
      if (count[b] > 0) {
        double gap = Math.abs((double) correct[b] / count[b] - confidenceSum[b] / count[b]);
        ece += gap * count[b] / n;
      }
    }
    return ece;
  }

  /** One line per non-empty bin: range, predictions, mean confidence, accuracy. */
  public List<String> table() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT, "  %-11s %6s %10s %9s", "confidence", "n", "mean conf", "accuracy"));
    for (int b = 0; b < count.length; b++) {
      if (count[b] == 0) {
        continue;
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "  %.1f - %.1f  %6d %10.3f %9.3f",
              (double) b / count.length,
              (double) (b + 1) / count.length,
              count[b],
              confidenceSum[b] / count[b],
              (double) correct[b] / count[b]));
    }
    return lines;
  }
}
