package com.dispatchbot.activities.intent;

import com.dispatchbot.workflows.intent.Intent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The intent model: a sentence embedding ({@link SentenceEncoder}, all-MiniLM-L6-v2 in-process)
 * followed by a trained head, multinomial logistic regression with L2 ({@link SoftmaxRegression}),
 * whose probabilities are calibrated by temperature scaling ({@link TemperatureScaling}).
 *
 * <h2>Why logistic regression and not kNN</h2>
 *
 * Both are cheap over 384-d embeddings. Logistic regression learns which directions of the
 * embedding matter for each intent instead of trusting raw cosine similarity, which on this data is
 * dominated by topic (a "gas" reschedule sits next to a gas emergency); it gives a probability over
 * all intents that temperature scaling can calibrate with a single parameter, where kNN's vote
 * shares are coarse (k+1 values) and need k and a distance weighting tuned on top; and it predicts
 * in 11 dot products instead of a scan of every example. Trained by L-BFGS on standardised features
 * it trains in about a second on ~1,100 examples (0.8-2.4 s for both runs below, measured on 2 busy
 * cores). Tenants' own examples join the training set (weighted, see {@link #TENANT_WEIGHT}) and
 * the head is retrained warm from the base weights: a few dozen iterations.
 *
 * <h2>Training and calibration</h2>
 *
 * <ol>
 *   <li>Every example is embedded once (the dominant cost: ~4-8 ms each on 2 cores).
 *   <li>A validation split (every example whose normalised text hashes to 0 mod 5: ~20 %,
 *       deterministic, independent of the other examples) is set aside; the head is trained on the
 *       rest, and the temperature {@code T} fitted on the validation split's logits.
 *   <li>The head is trained again on all examples, warm from the first, and keeps {@code T}.
 * </ol>
 *
 * Rows are weighted so that each intent's total weight grows with the square root of its count
 * ({@code w = 1 / sqrt(n_intent)}): the out-of-scope intent, which holds the CLINC150 sample, keeps
 * more weight than a small intent without swamping it.
 *
 * <p>Immutable and thread-safe.
 */
public final class IntentModel {

  /** How much one tenant example weighs against one example of the base set. */
  static final double TENANT_WEIGHT = 10.0;

  private static final Intent[] INTENTS = Intent.values();
  private static final int VALIDATION_FOLDS = 5;

  /** The decision for one text: the most likely intent, its probability and all of them. */
  public record Prediction(Intent intent, double confidence, double[] probabilities) {
    public double probability(Intent intent) {
      return probabilities[intent.ordinal()];
    }
  }

  /** What training did, for logs and the evaluation command. */
  public record TrainingReport(
      int examples,
      int validationExamples,
      Map<Intent, Integer> perIntent,
      double temperature,
      double validationNllBefore,
      double validationNllAfter,
      double validationAccuracy,
      long embedMillis,
      long trainMillis,
      int iterations) {}

  /** Embedded examples, kept so that a tenant's examples can be added without embedding again. */
  private record Embedded(List<float[]> vectors, List<Intent> labels, List<String> texts) {}

  private final SentenceEncoder encoder;
  private final SoftmaxRegression head;
  private final double temperature;
  private final Embedded base;
  private final TrainingReport report;

  private IntentModel(
      SentenceEncoder encoder,
      SoftmaxRegression head,
      double temperature,
      Embedded base,
      TrainingReport report) {
    this.encoder = encoder;
    this.head = head;
    this.temperature = temperature;
    this.base = base;
    this.report = report;
  }

  private static final Map<SentenceEncoder.Precision, IntentModel> BASE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static volatile SentenceEncoder.Precision precision = SentenceEncoder.Precision.INT8;

  /** Which encoder {@link #base()} uses (NLU_ENCODER); set at start-up, before the first use. */
  public static void usePrecision(SentenceEncoder.Precision p) {
    precision = p;
  }

  /** The base model on the project's training set, trained once per JVM on first use. */
  public static IntentModel base() {
    return base(precision);
  }

  public static IntentModel base(SentenceEncoder.Precision p) {
    return BASE.computeIfAbsent(
        p,
        k -> train(k.encoder(), LabelledUtterance.trainingSet(), EmbeddingFileCache.inTempDir()));
  }

  public static IntentModel train(SentenceEncoder encoder, List<LabelledUtterance> examples) {
    return train(encoder, examples, null);
  }

  static IntentModel train(
      SentenceEncoder encoder, List<LabelledUtterance> examples, EmbeddingFileCache cache) {
    long started = System.nanoTime();
    List<String> texts = examples.stream().map(e -> clean(e.text())).toList();
    List<float[]> vectors =
        cache == null ? encoder.embedAll(texts) : cache.embedAll(encoder, texts);
    long embedded = System.nanoTime();
    Embedded all =
        new Embedded(vectors, examples.stream().map(LabelledUtterance::intent).toList(), texts);

    List<Integer> fit = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      (inValidation(texts.get(i)) ? validation : fit).add(i);
    }
    double[] weights = intentWeights(all.labels());
    SoftmaxRegression first = fitHead(all, fit, weights, SoftmaxRegression.Settings.DEFAULTS, null);
    List<TemperatureScaling.Scored> scored = new ArrayList<>();
    int right = 0;
    for (int i : validation) {
      double[] logits = first.logits(all.vectors().get(i));
      int label = all.labels().get(i).ordinal();
      scored.add(new TemperatureScaling.Scored(logits, label));
      if (argMax(logits) == label) {
        right++;
      }
    }
    double t = TemperatureScaling.fit(scored);
    double nllBefore = TemperatureScaling.nll(scored, 1.0);
    double nllAfter = TemperatureScaling.nll(scored, t);
    SoftmaxRegression head =
        fitHead(all, allIndices(texts.size()), weights, SoftmaxRegression.Settings.DEFAULTS, first);
    long trained = System.nanoTime();

    Map<Intent, Integer> perIntent = new java.util.EnumMap<>(Intent.class);
    all.labels().forEach(intent -> perIntent.merge(intent, 1, Integer::sum));
    TrainingReport report =
        new TrainingReport(
            examples.size(),
            validation.size(),
            perIntent,
            t,
            nllBefore,
            nllAfter,
            validation.isEmpty() ? Double.NaN : (double) right / validation.size(),
            (embedded - started) / 1_000_000,
            (trained - embedded) / 1_000_000,
            first.iterations() + head.iterations());
    return new IntentModel(encoder, head, t, all, report);
  }

  /**
   * This model with a tenant's own examples added to its training set: retrained warm from these
   * weights, with the same temperature. Nothing is shared between tenants.
   */
  public IntentModel withExamples(List<LabelledUtterance> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    long started = System.nanoTime();
    List<String> texts = extra.stream().map(e -> clean(e.text())).toList();
    List<float[]> vectors = encoder.embedAll(texts);
    List<float[]> allVectors = new ArrayList<>(base.vectors());
    allVectors.addAll(vectors);
    List<Intent> labels = new ArrayList<>(base.labels());
    extra.forEach(e -> labels.add(e.intent()));
    List<String> allTexts = new ArrayList<>(base.texts());
    allTexts.addAll(texts);
    Embedded merged = new Embedded(allVectors, labels, allTexts);
    double[] weights = intentWeights(base.labels());
    double[] mergedWeights = Arrays.copyOf(weights, labels.size());
    double meanBaseWeight = Arrays.stream(weights).average().orElse(1.0);
    for (int i = base.labels().size(); i < labels.size(); i++) {
      mergedWeights[i] = TENANT_WEIGHT * meanBaseWeight;
    }
    long embedded = System.nanoTime();
    SoftmaxRegression tenantHead =
        fitHead(
            merged,
            allIndices(labels.size()),
            mergedWeights,
            SoftmaxRegression.Settings.DEFAULTS,
            head);
    long trained = System.nanoTime();
    TrainingReport tenantReport =
        new TrainingReport(
            labels.size(),
            0,
            report.perIntent(),
            temperature,
            report.validationNllBefore(),
            report.validationNllAfter(),
            report.validationAccuracy(),
            (embedded - started) / 1_000_000,
            (trained - embedded) / 1_000_000,
            tenantHead.iterations());
    return new IntentModel(encoder, tenantHead, temperature, merged, tenantReport);
  }

  public Prediction predict(String text) {
    return predict(encoder.embed(clean(text)));
  }

  /** For callers that embedded the text already (the evaluation command). */
  public Prediction predict(float[] embedding) {
    double[] p = SoftmaxRegression.softmax(head.logits(embedding), temperature);
    int best = argMax(p);
    return new Prediction(INTENTS[best], p[best], p);
  }

  /** The head's logits before temperature scaling, for the calibration report. */
  double[] logits(float[] embedding) {
    return head.logits(embedding);
  }

  public SentenceEncoder encoder() {
    return encoder;
  }

  public double temperature() {
    return temperature;
  }

  public TrainingReport report() {
    return report;
  }

  /** Whitespace collapsed and ends stripped; the tokenizer lower-cases by itself. */
  static String clean(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }

  static boolean inValidation(String cleanedText) {
    return Math.floorMod(
            cleanedText.toLowerCase(java.util.Locale.ROOT).hashCode(), VALIDATION_FOLDS)
        == 0;
  }

  private static SoftmaxRegression fitHead(
      Embedded data,
      List<Integer> rows,
      double[] weights,
      SoftmaxRegression.Settings settings,
      SoftmaxRegression warmStart) {
    float[][] x = new float[rows.size()][];
    int[] y = new int[rows.size()];
    double[] w = new double[rows.size()];
    for (int j = 0; j < rows.size(); j++) {
      int i = rows.get(j);
      x[j] = data.vectors().get(i);
      y[j] = data.labels().get(i).ordinal();
      w[j] = weights[i];
    }
    return SoftmaxRegression.train(x, y, w, INTENTS.length, settings, warmStart);
  }

  /** {@code 1 / sqrt(n_intent)} per row, scaled to a mean of 1. */
  private static double[] intentWeights(List<Intent> labels) {
    int[] counts = new int[INTENTS.length];
    labels.forEach(intent -> counts[intent.ordinal()]++);
    double[] w = new double[labels.size()];
    double sum = 0.0;
    for (int i = 0; i < w.length; i++) {
      w[i] = 1.0 / Math.sqrt(counts[labels.get(i).ordinal()]);
      sum += w[i];
    }
    double mean = sum / Math.max(w.length, 1);
    for (int i = 0; i < w.length; i++) {
      w[i] /= mean;
    }
    return w;
  }

  private static List<Integer> allIndices(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  static int argMax(double[] v) {
    int best = 0;
    for (int k = 1; k < v.length; k++) {
      if (v[k] > v[best]) {
        best = k;
      }
    }
    return best;
  }
}
