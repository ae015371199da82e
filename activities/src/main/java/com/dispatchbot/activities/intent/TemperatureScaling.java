package com.dispatchbot.activities.intent;

import java.util.List;

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", 2017): one scalar
 * {@code T} divides every logit before the softmax, fitted by minimising the negative
 * log-likelihood on examples the head did not train on. It changes how sure the model says it is,
 * never which intent wins.
 */
final class TemperatureScaling {
  private static final double MIN_LOG_T = Math.log(0.05);
  private static final double MAX_LOG_T = Math.log(20.0);

  private TemperatureScaling() {}

  /** Logits of one validation example and the index of its true class. */
  record Scored(double[] logits, int label) {}

  /** The temperature with the least mean NLL, by golden-section search on log T. */
  static double fit(List<Scored> validation) {
    if (validation.isEmpty()) {
      return 1.0;
    }
    double phi = (Math.sqrt(5.0) - 1.0) / 2.0;
    double a = MIN_LOG_T;
    double b = MAX_LOG_T;
    double c = b - phi * (b - a);
    double d = a + phi * (b - a);
    double fc = nll(validation, Math.exp(c));
    double fd = nll(validation, Math.exp(d));
    for (int i = 0; i < 80 && b - a > 1e-5; i++) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - phi * (b - a);
        fc = nll(validation, Math.exp(c));
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + phi * (b - a);
        fd = nll(validation, Math.exp(d));
      }
    }
    return Math.exp((a + b) / 2.0);
  }

  /** Mean negative log-likelihood of the true classes at temperature {@code t}. */
  static double nll(List<Scored> examples, double t) {
    double sum = 0.0;
    for (Scored s : examples) {
      double[] p = SoftmaxRegression.softmax(s.logits(), t);
      sum -= Math.log(Math.max(p[s.label()], 1e-300));
    }
    return examples.isEmpty() ? 0.0 : sum / examples.size();
  }
}
