package com.dispatchbot.activities.intent;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithm 7.4 and 7.5) with a backtracking Armijo line
 * search: enough for the smooth, strictly convex objective of {@link SoftmaxRegression}, where a
 * full step is accepted almost every iteration.
 */
final class Lbfgs {
  private static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;
  private static final int MAX_BACKTRACKS = 30;

  private Lbfgs() {}

  interface Function {
    /** Returns f(x) and writes its gradient into {@code gradient}. */
    double valueAndGradient(double[] x, double[] gradient);
  }

  record Result(double[] point, double value, int iterations) {}

  /**
   * Stops when the gradient's max-norm falls below {@code tolerance}, when an iteration improves
   * the value by less than {@code tolerance} relative to it, or after {@code maxIterations}.
   */
  static Result minimize(Function f, double[] start, int maxIterations, double tolerance) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double fx = f.valueAndGradient(x, g);
    double[][] s = new double[MEMORY][];
    double[][] y = new double[MEMORY][];
    double[] rho = new double[MEMORY];
    double[] alpha = new double[MEMORY];
    int stored = 0;
    int newest = -1;
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    int iteration = 0;
    while (iteration < maxIterations && maxAbs(g) > tolerance) {
      iteration++;
      // Two-loop recursion: direction = -H g.
      double[] dir = new double[n];
      for (int j = 0; j < n; j++) {
        dir[j] = -g[j];
      }
      for (int m = 0; m < stored; m++) {
        int at = Math.floorMod(newest - m, MEMORY);
        alpha[at] = rho[at] * dot(s[at], dir);
        axpy(-alpha[at], y[at], dir);
      }
      double scale = 1.0;
      if (stored > 0) {
        scale = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      } else {
        double norm = Math.sqrt(dot(g, g));
        scale = norm > 0 ? 1.0 / norm : 1.0;
      }
      for (int j = 0; j < n; j++) {
        dir[j] *= scale;
      }
      for (int m = stored - 1; m >= 0; m--) {
        int at = Math.floorMod(newest - m, MEMORY);
        double beta = rho[at] * dot(y[at], dir);
        axpy(alpha[at] - beta, s[at], dir);
      }
      double slope = dot(g, dir);
      if (slope >= 0) {
        // Not a descent direction (numerical trouble): restart from steepest descent.
        stored = 0;
        for (int j = 0; j < n; j++) {
          dir[j] = -g[j];
        }
        slope = dot(g, dir);
      }
      double step = 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int b = 0; b < MAX_BACKTRACKS; b++) {
        for (int j = 0; j < n; j++) {
          xNew[j] = x[j] + step * dir[j];
        }
        fNew = f.valueAndGradient(xNew, gNew);
        if (fNew <= fx + ARMIJO * step * slope) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        break;
      }
      newest = (newest + 1) % MEMORY;
      double[] sNew = new double[n];
      double[] yNew = new double[n];
      for (int j = 0; j < n; j++) {
        sNew[j] = xNew[j] - x[j];
        yNew[j] = gNew[j] - g[j];
      }
      double sy = dot(sNew, yNew);
      if (sy > 1e-12) {
        s[newest] = sNew;
        y[newest] = yNew;
        rho[newest] = 1.0 / sy;
        stored = Math.min(stored + 1, MEMORY);
      } else {
        newest = Math.floorMod(newest - 1, MEMORY);
      }
      double improvement = fx - fNew;
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
      if (improvement <= tolerance * Math.max(1.0, Math.abs(fx))) {
        break;
      }
    }
    return new Result(x, fx, iteration);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int j = 0; j < x.length; j++) {
      y[j] += a * x[j];
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0.0;
    for (double d : v) {
      m = Math.max(m, Math.abs(d));
    }
    return m;
  }
}
