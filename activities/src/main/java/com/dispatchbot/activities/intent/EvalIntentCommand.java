package com.dispatchbot.activities.intent;

import com.dispatchbot.activities.intent.IntentClassifier.Decision;
import com.dispatchbot.activities.intent.IntentModel.Prediction;
import com.dispatchbot.activities.intent.IntentModel.TrainingReport;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures the intent classifier offline (no LLM): accuracy, macro-F1 and per-intent P/R/F1 on the
 * held-out split of the project's data, calibration (reliability table and ECE), out-of-scope
 * precision and recall on CLINC150's val + oos_val, false emergencies there, and latency per
 * utterance after warm-up.
 *
 * <pre>java -jar src/target/dispatch-bot.jar eval-intent [--clinc PATH]</pre>
 */
@Command(
    name = "eval-intent",
    mixinStandardHelpOptions = true,
    description = "Evaluate the intent classifier (rules + local model) on held-out data.")
public class EvalIntentCommand implements Callable<Integer> {

  @Option(
      names = "--clinc",
      paramLabel = "PATH",
      description =
          "CLINC150 JSON with keys val and oos_val (arrays of [text, label]); default:"
              + " ${DEFAULT-VALUE}, relative to the working directory (the repository root)")
  Path clinc = Path.of("../shared/data/nlu/clinc150-train-val.json");

  @Option(
      names = "--human-threshold",
      description = "confidence below which the LLM would be asked (default: ${DEFAULT-VALUE})")
  double humanThreshold = 0.7;

  @Option(
      names = "--warm-up",
      description = "utterances classified before latency is measured (default: ${DEFAULT-VALUE})")
  int warmUp = 300;

  @Option(
      names = "--latency-samples",
      description = "utterances timed for the latency (default: ${DEFAULT-VALUE})")
  int latencySamples = 2000;

  @Option(
      names = "--encoder",
      description = "int8 (the default, NLU_ENCODER) or fp32 (default: ${DEFAULT-VALUE})")
  SentenceEncoder.Precision encoder = SentenceEncoder.Precision.INT8;

  @Spec CommandSpec spec;

  private PrintWriter out;

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new EvalIntentCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    if (!Files.isRegularFile(clinc)) {
      spec.commandLine()
          .getErr()
          .println(
              "eval-intent: no CLINC150 file at "
                  + clinc.toAbsolutePath().normalize()
                  + " (run from the repository root, or pass --clinc PATH)");
      return 2;
    }
    long started = System.nanoTime();
    IntentModel model = IntentModel.base(encoder);
    long loaded = System.nanoTime();
    IntentClassifier classifier =
        new IntentClassifier(model, TenantIntentExamples.NONE, null, humanThreshold);
    printModel(model, (loaded - started) / 1_000_000);

    List<LabelledUtterance> heldOut = LabelledUtterance.load(LabelledUtterance.HELD_OUT);
    evaluateHeldOut(classifier, model, heldOut);
    evaluateHeldOutSets(classifier, model);

    List<LabelledUtterance> clincRows = readClinc(clinc);
    evaluateClinc(classifier, clincRows);
    measureLatency(classifier, clincRows);
    out.flush();
    return 0;
  }

  private void printModel(IntentModel model, long millis) {
    TrainingReport r = model.report();
    out.printf(
        Locale.ROOT,
        "model: %s + multinomial logistic regression (L2 %.0e), temperature scaling%n",
        model.encoder().name(),
        SoftmaxRegression.Settings.DEFAULTS.l2());
    out.printf(
        Locale.ROOT,
        "training set: %d examples (nlu/intents.tsv %d + nlu/clinc150-train-sample.tsv %d): %s%n",
        r.examples(),
        LabelledUtterance.load(LabelledUtterance.TRAINING).size(),
        r.examples() - LabelledUtterance.load(LabelledUtterance.TRAINING).size(),
        r.perIntent());
    out.printf(
        Locale.ROOT,
        "ready in %d ms: ONNX model load, embedding the training set %d ms (kept on disk after"
            + " the first run), training the head %d ms (%d L-BFGS iterations)%n",
        millis,
        r.embedMillis(),
        r.trainMillis(),
        r.iterations());
    out.printf(
        Locale.ROOT,
        "calibration: temperature %.3f fitted on the validation split (%d examples): NLL %.3f ->"
            + " %.3f, accuracy %.3f%n%n",
        r.temperature(),
        r.validationExamples(),
        r.validationNllBefore(),
        r.validationNllAfter(),
        r.validationAccuracy());
  }

  private void evaluateHeldOut(
      IntentClassifier classifier, IntentModel model, List<LabelledUtterance> heldOut) {
    out.printf(
        Locale.ROOT,
        "== held-out: %s, %d utterances the model never trained on%n",
        LabelledUtterance.HELD_OUT.substring(1),
        heldOut.size());
    KeywordIntentClassifier keywords = new KeywordIntentClassifier();
    Scores byRules = new Scores();
    Scores byModel = new Scores();
    Scores byClassifier = new Scores();
    Reliability calibrated = new Reliability(10);
    Reliability raw = new Reliability(10);
    Map<String, Integer> methods = new java.util.TreeMap<>();
    int emergencies = 0;
    int flagged = 0;
    int falseAlarms = 0;
    int below = 0;
    for (LabelledUtterance u : heldOut) {
      byRules.add(u.intent(), keywords.classify(u.text()).intent());
      float[] v = model.encoder().embed(IntentModel.clean(u.text()));
      Prediction p = model.predict(v);
      byModel.add(u.intent(), p.intent());
      calibrated.add(p.confidence(), p.intent() == u.intent());
      double[] uncalibrated = SoftmaxRegression.softmax(model.logits(v), 1.0);
      int best = IntentModel.argMax(uncalibrated);
      raw.add(uncalibrated[best], best == u.intent().ordinal());
      IntentResult r = classifier.classify(null, u.text());
      byClassifier.add(u.intent(), r.intent());
      methods.merge(r.method(), 1, Integer::sum);
      if (r.confidence() < humanThreshold) {
        below++;
      }
      if (u.intent() == Intent.EMERGENCY) {
        emergencies++;
        if (r.emergency()) {
          flagged++;
        }
      } else if (r.emergency()) {
        falseAlarms++;
      }
    }
    out.printf(Locale.ROOT, "%-38s %9s %9s%n", "", "accuracy", "macro-F1");
    printSummary("keyword rules alone (before)", byRules);
    printSummary("model alone", byModel);
    printSummary("classifier: rules -> model (no LLM)", byClassifier);
    out.println();
    out.println("per intent (classifier):");
    out.printf(Locale.ROOT, "  %-20s %5s %7s %7s %7s%n", "intent", "n", "P", "R", "F1");
    for (Intent intent : Intent.values()) {
      out.printf(
          Locale.ROOT,
          "  %-20s %5d %7.3f %7.3f %7.3f%n",
          intent.code(),
          byClassifier.support(intent),
          byClassifier.precision(intent),
          byClassifier.recall(intent),
          byClassifier.f1(intent));
    }
    out.printf(
        Locale.ROOT,
        "decided by: %s; below the human threshold %.2f: %d of %d%n",
        methods,
        humanThreshold,
        below,
        heldOut.size());
    out.printf(
        Locale.ROOT,
        "emergencies flagged: %d of %d; non-emergencies flagged: %d of %d%n",
        flagged,
        emergencies,
        falseAlarms,
        heldOut.size() - emergencies);
    out.printf(
        Locale.ROOT,
        "calibration of the model's confidence on held-out: ECE %.3f (uncalibrated T=1: %.3f)%n",
        calibrated.expectedCalibrationError(),
        raw.expectedCalibrationError());
    calibrated.table().forEach(out::println);
    out.println();
  }

  /** Accuracy per held-out set: set 3 is the only one the keyword rules were not adjusted on. */
  private void evaluateHeldOutSets(IntentClassifier classifier, IntentModel model) {
    KeywordIntentClassifier keywords = new KeywordIntentClassifier();
    out.println("accuracy per held-out set (rules / model / classifier):");
    List<String> misses = new ArrayList<>();
    for (Map.Entry<String, List<LabelledUtterance>> set : heldOutSets().entrySet()) {
      Scores byRules = new Scores();
      Scores byModel = new Scores();
      Scores byClassifier = new Scores();
      for (LabelledUtterance u : set.getValue()) {
        byRules.add(u.intent(), keywords.classify(u.text()).intent());
        byModel.add(u.intent(), model.predict(u.text()).intent());
        IntentResult r = classifier.classify(null, u.text());
        byClassifier.add(u.intent(), r.intent());
        if (r.intent() != u.intent()) {
          misses.add(
              String.format(
                  Locale.ROOT,
                  "  %-18s -> %-18s %.2f %-5s %s",
                  u.intent().code(),
                  r.intent().code(),
                  r.confidence(),
                  r.method(),
                  u.text()));
        }
      }
      out.printf(
          Locale.ROOT,
          "  %-40s n=%3d  %.3f / %.3f / %.3f%n",
          set.getKey(),
          set.getValue().size(),
          byRules.accuracy(),
          byModel.accuracy(),
          byClassifier.accuracy());
    }
    out.println("misclassified by the classifier (gold -> predicted, confidence, method):");
    misses.forEach(out::println);
    out.println();
  }

  /** The held-out file's sets, split at its {@code ## set ...} lines. */
  static Map<String, List<LabelledUtterance>> heldOutSets() {
    Map<String, List<LabelledUtterance>> sets = new java.util.LinkedHashMap<>();
    try (var in = EvalIntentCommand.class.getResourceAsStream(LabelledUtterance.HELD_OUT);
        var reader =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8))) {
      String set = "(no set)";
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("## ")) {
          set = line.substring(3).strip();
        } else if (!line.isBlank() && !line.startsWith("#")) {
          int tab = line.indexOf('\t');
          sets.computeIfAbsent(set, k -> new ArrayList<>())
              .add(
                  new LabelledUtterance(
                      LabelledUtterance.intentOf(line.substring(0, tab)), line.substring(tab + 1)));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return sets;
  }

  private void evaluateClinc(IntentClassifier classifier, List<LabelledUtterance> rows) {
    out.printf(
        Locale.ROOT, "== CLINC150 val + oos_val: %d utterances from %s%n", rows.size(), clinc);
    out.println("label mapping: " + ClincLabels.describe());
    out.println(
        "(the training set holds 510 CLINC150 train/oos_train utterances, none of them in val or"
            + " oos_val)");
    Scores byClassifier = new Scores();
    Scores byModel = new Scores();
    int emergencies = 0;
    for (LabelledUtterance u : rows) {
      Decision d = classifier.decide(null, u.text());
      byClassifier.add(u.intent(), d.result().intent());
      Prediction p = d.model() != null ? d.model() : classifier.model(null, u.text());
      byModel.add(u.intent(), p.intent());
      if (d.result().emergency()) {
        emergencies++;
      }
    }
    Intent oos = Intent.OUT_OF_SCOPE;
    out.printf(
        Locale.ROOT,
        "%-38s %9s %9s %9s %9s%n",
        "out_of_scope",
        "precision",
        "recall",
        "F1",
        "accuracy");
    printOutOfScope("model alone", byModel);
    printOutOfScope("classifier: rules -> model", byClassifier);
    out.printf(
        Locale.ROOT,
        "gold out_of_scope: %d of %d; flagged emergency: %d (%.2f %%)%n%n",
        byClassifier.support(oos),
        rows.size(),
        emergencies,
        100.0 * emergencies / rows.size());
  }

  private void measureLatency(IntentClassifier classifier, List<LabelledUtterance> rows) {
    List<String> texts = rows.stream().map(LabelledUtterance::text).toList();
    for (int i = 0; i < Math.min(warmUp, texts.size()); i++) {
      classifier.classify(null, texts.get(i));
    }
    int n = Math.min(latencySamples, texts.size());
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      String text = texts.get((warmUp + i) % texts.size());
      long t = System.nanoTime();
      classifier.classify(null, text);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    out.printf(
        Locale.ROOT,
        "== latency per utterance (classifier, one thread, %d CLINC150 utterances after %d"
            + " warm-up; %d cores, system load average %.1f): p50 %.2f ms, p95 %.2f ms, p99 %.2f"
            + " ms, max %.2f ms (target p95 <= 5 ms)%n",
        n,
        warmUp,
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        percentile(nanos, 0.50),
        percentile(nanos, 0.95),
        percentile(nanos, 0.99),
        nanos[n - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(i, sorted.length - 1))] / 1e6;
  }

  private void printOutOfScope(String name, Scores s) {
    Intent oos = Intent.OUT_OF_SCOPE;
    out.printf(
        Locale.ROOT,
        "%-38s %9.3f %9.3f %9.3f %9.3f%n",
        name,
        s.precision(oos),
        s.recall(oos),
        s.f1(oos),
        s.accuracy());
  }

  private void printSummary(String name, Scores s) {
    out.printf(Locale.ROOT, "%-38s %9.3f %9.3f%n", name, s.accuracy(), s.macroF1());
  }

  static List<LabelledUtterance> readClinc(Path file) throws java.io.IOException {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<LabelledUtterance> rows = new ArrayList<>();
    for (String split : List.of("val", "oos_val")) {
      JsonNode array = root.path(split);
      if (!array.isArray()) {
        throw new IllegalArgumentException(file + " has no array '" + split + "'");
      }
      for (JsonNode row : array) {
        rows.add(
            new LabelledUtterance(ClincLabels.intentOf(row.get(1).asText()), row.get(0).asText()));
      }
    }
    return rows;
  }

  /** Counts of (gold, predicted) pairs and the metrics over them. */
  static final class Scores {
    private final Map<Intent, Map<Intent, Integer>> counts = new EnumMap<>(Intent.class);
    private int total;
    private int right;

    void add(Intent gold, Intent predicted) {
      counts
          .computeIfAbsent(gold, k -> new EnumMap<>(Intent.class))
          .merge(predicted, 1, Integer::sum);
      total++;
      if (gold == predicted) {
        right++;
      }
    }

    double accuracy() {
      return total == 0 ? 0.0 : (double) right / total;
    }

    int support(Intent gold) {
      return counts.getOrDefault(gold, Map.of()).values().stream().mapToInt(i -> i).sum();
    }

    private int truePositives(Intent intent) {
      return counts.getOrDefault(intent, Map.of()).getOrDefault(intent, 0);
    }

    private int predicted(Intent intent) {
      return counts.values().stream().mapToInt(row -> row.getOrDefault(intent, 0)).sum();
    }

    double precision(Intent intent) {
      int p = predicted(intent);
      return p == 0 ? 0.0 : (double) truePositives(intent) / p;
    }

    double recall(Intent intent) {
      int s = support(intent);
      return s == 0 ? 0.0 : (double) truePositives(intent) / s;
    }

    double f1(Intent intent) {
      double p = precision(intent);
      double r = recall(intent);
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** Mean F1 over the intents that occur in the gold labels. */
    double macroF1() {
      return counts.keySet().stream().mapToDouble(this::f1).average().orElse(0.0);
    }
  }
}
