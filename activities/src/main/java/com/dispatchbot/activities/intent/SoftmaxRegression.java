package com.dispatchbot.activities.intent;

import java.util.Arrays;

/**
 * Multinomial logistic regression with an L2 penalty, trained by L-BFGS on standardised features.
 * Immutable once trained; {@link #logits} is thread-safe.
 *
 * <p>Objective: the weighted mean cross-entropy {@code sum_i w_i * -log p(y_i | x_i) / sum_i w_i}
 * plus {@code l2 / 2 * |W|^2} (the biases are not penalised). Features are standardised (mean 0,
 * variance 1 per dimension, from the training rows) so that one penalty suits every dimension and
 * L-BFGS converges in a few dozen iterations.
 */
final class SoftmaxRegression {

  /**
   * Training settings. {@link #DEFAULTS}: {@code l2 = 0.01} had the lowest validation NLL of {1e-4,
   * 1e-3, 3e-3, 1e-2, 3e-2} with the intent weighting {@link IntentModel} uses (chosen on the
   * validation split, never on the held-out set); L-BFGS stops after 50-60 iterations there (30-40
   * warm).
   */
  record Settings(double l2, int maxIterations, double tolerance) {
    static final Settings DEFAULTS = new Settings(1e-2, 300, 1e-7);
  }

  private final int classes;
  private final int dims;
  private final float[] mean;
  private final float[] invStd;

  /** Row-major {@code classes x dims} weights on standardised features. */
  private final double[] weights;

  private final double[] bias;
  private final int iterations;

  private SoftmaxRegression(
      int classes,
      int dims,
      float[] mean,
      float[] invStd,
      double[] weights,
      double[] bias,
      int iterations) {
    this.classes = classes;
    this.dims = dims;
    this.mean = mean;
    this.invStd = invStd;
    this.weights = weights;
    this.bias = bias;
    this.iterations = iterations;
  }

  int classes() {
    return classes;
  }

  /** L-BFGS iterations the training took. */
  int iterations() {
    return iterations;
  }

  /** Unnormalised class scores of one (unstandardised) feature vector. */
  double[] logits(float[] x) {
    double[] z = new double[classes];
    double[] xs = new double[dims];
    for (int d = 0; d < dims; d++) {
      xs[d] = (x[d] - mean[d]) * invStd[d];
    }
    for (int k = 0; k < classes; k++) {
      double s = bias[k];
      int row = k * dims;
      for (int d = 0; d < dims; d++) {
        s += weights[row + d] * xs[d];
      }
      z[k] = s;
    }
    return z;
  }

  /**
   * Trains on rows {@code x} with labels {@code y} in {@code [0, classes)} and per-row weights.
   *
   * @param warmStart a model over the same classes whose weights start the search (its
   *     standardisation is reused), or null to start from zero with the rows' own statistics
   */
  static SoftmaxRegression train(
      float[][] x,
      int[] y,
      double[] rowWeights,
      int classes,
      Settings settings,
      SoftmaxRegression warmStart) {
    int n = x.length;
    if (n == 0 || y.length != n || rowWeights.length != n) {
      throw new IllegalArgumentException("need as many labels and weights as rows, and a row");
    }
    int dims = x[0].length;
    float[] mean;
    float[] invStd;
    if (warmStart != null) {
      mean = warmStart.mean;
      invStd = warmStart.invStd;
    } else {
      mean = new float[dims];
      invStd = new float[dims];
      standardisation(x, mean, invStd);
    }
    // Standardised copies, read many times: row-major for the gradient, column-major for the
    // logits, so that both inner loops run over contiguous memory without a reduction (the JIT
    // vectorises them).
    double[] xs = new double[n * dims];
    double[] xt = new double[dims * n];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dims; d++) {
        double v = (x[i][d] - mean[d]) * invStd[d];
        xs[i * dims + d] = v;
        xt[d * n + i] = v;
      }
    }
    double totalWeight = Arrays.stream(rowWeights).sum();
    Objective objective =
        new Objective(xs, xt, y, rowWeights, totalWeight, n, dims, classes, settings.l2());
    double[] start = new double[classes * dims + classes];
    if (warmStart != null) {
      System.arraycopy(warmStart.weights, 0, start, 0, classes * dims);
      System.arraycopy(warmStart.bias, 0, start, classes * dims, classes);
    }
    Lbfgs.Result result =
        Lbfgs.minimize(objective, start, settings.maxIterations(), settings.tolerance());
    double[] w = Arrays.copyOfRange(result.point(), 0, classes * dims);
    double[] b = Arrays.copyOfRange(result.point(), classes * dims, classes * dims + classes);
    return new SoftmaxRegression(classes, dims, mean, invStd, w, b, result.iterations());
  }

  private static void standardisation(float[][] x, float[] mean, float[] invStd) {
    int n = x.length;
    int dims = mean.length;
    double[] sum = new double[dims];
    double[] sumSq = new double[dims];
    for (float[] row : x) {
      for (int d = 0; d < dims; d++) {
        sum[d] += row[d];
        sumSq[d] += (double) row[d] * row[d];
      }
    }
    for (int d = 0; d < dims; d++) {
      double m = sum[d] / n;
      double var = Math.max(sumSq[d] / n - m * m, 0.0);
      mean[d] = (float) m;
      invStd[d] = (float) (1.0 / Math.sqrt(var + 1e-8));
    }
  }

  /** Softmax of {@code logits / temperature}, numerically stable. */
  static double[] softmax(double[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double z : logits) {
      max = Math.max(max, z / temperature);
    }
    double[] p = new double[logits.length];
    double sum = 0.0;
    for (int k = 0; k < logits.length; k++) {
      p[k] = Math.exp(logits[k] / temperature - max);
      sum += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /** The training objective and its gradient, for {@link Lbfgs}. */
  private record Objective(
      double[] xs,
      double[] xt,
      int[] y,
      double[] rowWeights,
      double totalWeight,
      int n,
      int dims,
      int classes,
      double l2)
      implements Lbfgs.Function {

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
      Arrays.fill(gradient, 0.0);
      int biasAt = classes * dims;
      // Logits, class by class: z[k][i] = b[k] + sum_d w[k][d] * x[i][d].
      double[][] z = new double[classes][n];
      for (int k = 0; k < classes; k++) {
        double[] zk = z[k];
        Arrays.fill(zk, theta[biasAt + k]);
        int wRow = k * dims;
        for (int d = 0; d < dims; d++) {
          double w = theta[wRow + d];
          int col = d * n;
          for (int i = 0; i < n; i++) {
            zk[i] += w * xt[col + i];
          }
        }
      }
      double loss = 0.0;
      double[] r = new double[classes];
      for (int i = 0; i < n; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
          max = Math.max(max, z[k][i]);
        }
        double sum = 0.0;
        for (int k = 0; k < classes; k++) {
          r[k] = Math.exp(z[k][i] - max);
          sum += r[k];
        }
        double w = rowWeights[i] / totalWeight;
        loss -= w * Math.log(Math.max(r[y[i]] / sum, 1e-300));
        int row = i * dims;
        for (int k = 0; k < classes; k++) {
          double g = w * (r[k] / sum - (k == y[i] ? 1.0 : 0.0));
          gradient[biasAt + k] += g;
          int wRow = k * dims;
          for (int d = 0; d < dims; d++) {
            gradient[wRow + d] += g * xs[row + d];
          }
        }
      }
      for (int j = 0; j < biasAt; j++) {
        loss += 0.5 * l2 * theta[j] * theta[j];
        gradient[j] += l2 * theta[j];
      }
      return loss;
    }
  }
}
