package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The head and its calibration on synthetic data whose answers are known. */
class SoftmaxRegressionTest {

  @Test
  void givenThreeSeparableClusters_whenTrained_itShouldClassifyFreshPointsOfEach() {
    Random random = new Random(7);
    float[][] centres = {{3, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}};
    int n = 300;
    float[][] x = new float[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      x[i] = around(centres[y[i]], random, 0.5);
    }
    double[] weights = new double[n];
    Arrays.fill(weights, 1.0);

    SoftmaxRegression head =
        SoftmaxRegression.train(x, y, weights, 3, SoftmaxRegression.Settings.DEFAULTS, null);

    int right = 0;
    for (int i = 0; i < 90; i++) {
      int label = i % 3;
      if (IntentModel.argMax(head.logits(around(centres[label], random, 0.5))) == label) {
        right++;
      }
    }
    assertThat(right).isGreaterThanOrEqualTo(88);
    assertThat(head.iterations()).isBetween(1, SoftmaxRegression.Settings.DEFAULTS.maxIterations());
  }

  @Test
  void givenAWarmStart_whenTrainedOnOneMoreHeavyExample_itShouldLearnItWithoutForgetting() {
    Random random = new Random(11);
    float[][] centres = {{2, 0, 0}, {0, 2, 0}};
    List<float[]> xs = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ys.add(i % 2);
      xs.add(around(centres[i % 2], random, 0.4));
    }
    SoftmaxRegression base = train(xs, ys, 1.0, null);
    // Near class 0's centre but off in a direction no other example takes, labelled 1: like a
    // tenant's example with a word the base set never uses.
    float[] odd = {1.6f, 0.2f, 2.0f};
    assertThat(IntentModel.argMax(base.logits(odd))).isZero();

    xs.add(odd);
    ys.add(1);
    SoftmaxRegression tuned = train(xs, ys, 20.0, base);

    assertThat(IntentModel.argMax(tuned.logits(odd))).isEqualTo(1);
    int kept = 0;
    for (int i = 0; i < 100; i++) {
      int label = i % 2;
      if (IntentModel.argMax(tuned.logits(around(centres[label], random, 0.4))) == label) {
        kept++;
      }
    }
    assertThat(kept).isGreaterThanOrEqualTo(97);
  }

  @Test
  void givenLabelsDrawnFromSoftenedLogits_whenATemperatureIsFitted_itShouldRecoverIt() {
    Random random = new Random(3);
    List<TemperatureScaling.Scored> scored = new ArrayList<>();
    double trueT = 2.5;
    for (int i = 0; i < 4000; i++) {
      double[] logits = {random.nextGaussian() * 3, random.nextGaussian() * 3, 0};
      double[] p = SoftmaxRegression.softmax(logits, trueT);
      double u = random.nextDouble();
      int label = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
      scored.add(new TemperatureScaling.Scored(logits, label));
    }

    double t = TemperatureScaling.fit(scored);

    assertThat(t).isCloseTo(trueT, within(0.25));
    assertThat(TemperatureScaling.nll(scored, t)).isLessThan(TemperatureScaling.nll(scored, 1.0));
  }

  @Test
  void givenPredictionsAsSureAsTheyAreRight_whenMeasured_theCalibrationErrorShouldBeSmall() {
    Reliability calibrated = new Reliability(10);
    Reliability overconfident = new Reliability(10);
    for (int i = 0; i < 100; i++) {
      boolean right = i < 75;
      calibrated.add(0.75, right);
      overconfident.add(0.99, right);
    }

    assertThat(calibrated.expectedCalibrationError()).isCloseTo(0.0, within(1e-9));
    assertThat(overconfident.expectedCalibrationError()).isCloseTo(0.24, within(1e-9));
    assertThat(calibrated.table()).hasSize(2);
  }

  @Test
  void givenExtremeLogits_whenSoftmaxed_itShouldStayFinite() {
    double[] p = SoftmaxRegression.softmax(new double[] {1000, -1000, 999}, 1.0);

    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
    assertThat(p[0]).isGreaterThan(p[2]);
    assertThat(p[1]).isZero();
  }

  private static SoftmaxRegression train(
      List<float[]> xs, List<Integer> ys, double lastWeight, SoftmaxRegression warm) {
    float[][] x = xs.toArray(new float[0][]);
    int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
    double[] w = new double[x.length];
    Arrays.fill(w, 1.0);
    w[w.length - 1] = lastWeight;
    return SoftmaxRegression.train(x, y, w, 2, SoftmaxRegression.Settings.DEFAULTS, warm);
  }

  private static float[] around(float[] centre, Random random, double spread) {
    float[] v = new float[centre.length];
    for (int d = 0; d < v.length; d++) {
      v[d] = (float) (centre[d] + random.nextGaussian() * spread);
    }
    return v;
  }
}
