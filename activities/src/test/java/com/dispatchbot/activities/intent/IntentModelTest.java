package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.intent.IntentModel.Prediction;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped model on the project's own data. The base model trains once per test JVM (its
 * training set's vectors are cached on disk after the first run).
 *
 * <p>The bars: measured on the held-out set (232 utterances) the classifier gets 0.935 right and
 * macro-F1 0.935, the model alone 0.922; one standard error there is about 0.017, so the bars sit
 * two below the measurement (0.90 and 0.88), low enough for ONNX's tiny numeric differences between
 * CPUs, high enough to catch a broken training set, head or calibration.
 */
class IntentModelTest {
  private static final IntentModel MODEL = IntentModel.base();
  private static final IntentClassifier CLASSIFIER =
      new IntentClassifier(MODEL, TenantIntentExamples.NONE, null, 0.7);

  @Test
  void givenTheShippedData_whenLoaded_itShouldHave40ExamplesPerIntentAndNoHeldOutLineInTraining() {
    List<LabelledUtterance> training = LabelledUtterance.load(LabelledUtterance.TRAINING);
    List<LabelledUtterance> heldOut = LabelledUtterance.load(LabelledUtterance.HELD_OUT);

    Map<Intent, Long> perIntent = new EnumMap<>(Intent.class);
    training.forEach(u -> perIntent.merge(u.intent(), 1L, Long::sum));
    assertThat(perIntent).hasSize(Intent.values().length);
    assertThat(perIntent.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(40));

    Set<String> trained = new HashSet<>();
    LabelledUtterance.trainingSet().forEach(u -> trained.add(key(u.text())));
    assertThat(heldOut).hasSizeGreaterThanOrEqualTo(200);
    assertThat(heldOut.stream().map(u -> u.text()).filter(t -> trained.contains(key(t))))
        .as("held-out utterances that are also in the training set")
        .isEmpty();
  }

  @Test
  void givenHeldOutUtterances_whenClassified_itShouldGetAtLeast90PercentRightAndMacroF1() {
    List<LabelledUtterance> heldOut = LabelledUtterance.load(LabelledUtterance.HELD_OUT);
    EvalIntentCommand.Scores classifier = new EvalIntentCommand.Scores();
    EvalIntentCommand.Scores model = new EvalIntentCommand.Scores();
    List<String> misses = new ArrayList<>();
    for (LabelledUtterance u : heldOut) {
      IntentResult r = CLASSIFIER.classify(null, u.text());
      classifier.add(u.intent(), r.intent());
      model.add(u.intent(), MODEL.predict(u.text()).intent());
      if (r.intent() != u.intent()) {
        misses.add(u.intent() + " -> " + r.intent() + " " + r.confidence() + " " + u.text());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[IntentModel] held-out: classifier %.3f (macro-F1 %.3f), model alone %.3f%n",
        classifier.accuracy(),
        classifier.macroF1(),
        model.accuracy());

    assertThat(classifier.accuracy()).as("misses: %s", misses).isGreaterThanOrEqualTo(0.90);
    assertThat(classifier.macroF1()).isGreaterThanOrEqualTo(0.90);
    assertThat(model.accuracy()).isGreaterThanOrEqualTo(0.88);
  }

  @Test
  void givenEveryLabelledEmergency_whenClassified_itShouldBeFlagged() {
    List<LabelledUtterance> all =
        new ArrayList<>(LabelledUtterance.load(LabelledUtterance.TRAINING));
    all.addAll(LabelledUtterance.load(LabelledUtterance.HELD_OUT));

    List<String> missed =
        all.stream()
            .filter(u -> u.intent() == Intent.EMERGENCY)
            .map(LabelledUtterance::text)
            .filter(t -> !CLASSIFIER.classify(null, t).emergency())
            .toList();
    List<String> falseAlarms =
        LabelledUtterance.load(LabelledUtterance.HELD_OUT).stream()
            .filter(u -> u.intent() != Intent.EMERGENCY)
            .map(LabelledUtterance::text)
            .filter(t -> CLASSIFIER.classify(null, t).emergency())
            .toList();

    assertThat(all.stream().filter(u -> u.intent() == Intent.EMERGENCY)).hasSizeGreaterThan(90);
    assertThat(missed).as("emergencies not flagged").isEmpty();
    assertThat(falseAlarms).as("held-out non-emergencies flagged").isEmpty();
  }

  /**
   * The CLINC150 sample (1,000 utterances; none of them in the model's CLINC150 training sample):
   * everyday requests of other domains. Measured: out-of-scope recall 0.95 on CLINC150's val +
   * oos_val (eval-intent), 0.95 here; the bar 0.90 leaves room for the sample's size (SE ~0.007).
   */
  @Test
  void givenEverydayUtterancesFromClinc150_whenClassified_fewAreEmergenciesAndMostAreOutOfScope()
      throws IOException {
    List<LabelledUtterance> sample = clincSample();
    int flagged = 0;
    EvalIntentCommand.Scores scores = new EvalIntentCommand.Scores();
    List<String> emergencies = new ArrayList<>();
    for (LabelledUtterance u : sample) {
      IntentResult r = CLASSIFIER.classify(null, u.text());
      scores.add(u.intent(), r.intent());
      if (r.emergency()) {
        flagged++;
        emergencies.add(u.text());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "[IntentModel] CLINC150 sample: %d flagged emergency %s; out_of_scope P %.3f R %.3f%n",
        flagged,
        emergencies,
        scores.precision(Intent.OUT_OF_SCOPE),
        scores.recall(Intent.OUT_OF_SCOPE));

    assertThat(sample).hasSize(1000);
    assertThat(flagged).as("flagged: %s", emergencies).isLessThanOrEqualTo(10);
    assertThat(scores.recall(Intent.OUT_OF_SCOPE)).isGreaterThanOrEqualTo(0.90);
    assertThat(scores.precision(Intent.OUT_OF_SCOPE)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void givenAnyUtterance_whenPredicted_theConfidenceShouldBeAProbabilityOfTheWinner() {
    for (LabelledUtterance u : LabelledUtterance.load(LabelledUtterance.HELD_OUT)) {
      Prediction p = MODEL.predict(u.text());
      assertThat(p.confidence()).isBetween(0.0, 1.0);
      assertThat(p.confidence()).isEqualTo(p.probability(p.intent()));
      double sum = 0.0;
      for (double q : p.probabilities()) {
        assertThat(q).isBetween(0.0, 1.0);
        sum += q;
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      IntentResult r = CLASSIFIER.classify("acme", u.text());
      assertThat(r.confidence()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void givenAClearAndAnAmbiguousRequest_whenPredicted_theClearOneShouldBeMoreConfident() {
    Prediction clear =
        MODEL.predict("I'd like to book an appointment for a drain cleaning tomorrow morning");
    Prediction cancel = MODEL.predict("please cancel my appointment on friday, we fixed it");

    assertThat(clear.intent()).isEqualTo(Intent.BOOK_APPOINTMENT);
    assertThat(cancel.intent()).isEqualTo(Intent.CANCEL);
    assertThat(clear.confidence()).isGreaterThan(0.8);
    assertThat(cancel.confidence()).isGreaterThan(0.8);
    // Half sentences that could be a reschedule, a confirmation, a question...
    for (String vague : List.of("what about wednesday", "the guy", "about the thing from before")) {
      assertThat(MODEL.predict(vague).confidence())
          .as(vague)
          .isLessThan(0.7)
          .isLessThan(clear.confidence())
          .isLessThan(cancel.confidence());
    }
  }

  @Test
  void givenTheTrainingRun_whenReported_theTemperatureShouldHaveLoweredTheValidationLoss() {
    IntentModel.TrainingReport report = MODEL.report();

    assertThat(report.validationExamples()).isGreaterThan(150);
    assertThat(report.temperature()).isBetween(0.2, 5.0);
    assertThat(report.validationNllAfter()).isLessThanOrEqualTo(report.validationNllBefore());
    assertThat(report.validationAccuracy()).isGreaterThan(0.8);
  }

  private static String key(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").strip();
  }

  /** test resource intent/clinc150-sample.tsv, mapped with {@link ClincLabels}. */
  static List<LabelledUtterance> clincSample() throws IOException {
    List<LabelledUtterance> rows = new ArrayList<>();
    try (InputStream in =
        IntentModelTest.class.getResourceAsStream("/intent/clinc150-sample.tsv")) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        rows.add(new LabelledUtterance(ClincLabels.intentOf(cols[1]), cols[2]));
      }
    }
    return rows;
  }
}
