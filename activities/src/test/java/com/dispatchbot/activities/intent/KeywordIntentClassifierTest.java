package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.intent.KeywordIntentClassifier.Classification;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordIntentClassifierTest {
  private final KeywordIntentClassifier classifier = new KeywordIntentClassifier();

  record Labelled(Intent intent, String text) {}

  /** Accuracy, a printable report and the emergencies the classifier did not flag. */
  record Evaluation(double accuracy, String report, List<String> missedEmergencies) {}

  private Evaluation evaluate(String name, List<Labelled> examples) {
    Map<Intent, Map<Intent, Integer>> confusion = new EnumMap<>(Intent.class);
    List<String> misses = new ArrayList<>();
    List<String> missedEmergencies = new ArrayList<>();
    int right = 0;
    for (Labelled example : examples) {
      Classification c = classifier.explain(example.text());
      confusion
          .computeIfAbsent(example.intent(), k -> new EnumMap<>(Intent.class))
          .merge(c.intent(), 1, Integer::sum);
      if (c.intent() == example.intent()) {
        right++;
      } else {
        misses.add(
            String.format(
                Locale.ROOT,
                "  %-18s -> %-18s %.2f  %s  %s",
                example.intent(),
                c.intent(),
                c.confidence(),
                example.text(),
                c.scores()));
      }
      if (example.intent() == Intent.EMERGENCY && !c.emergency()) {
        missedEmergencies.add(example.text());
      }
    }
    double accuracy = (double) right / examples.size();
    String report =
        String.format(Locale.ROOT, "accuracy %d/%d = %.3f%n", right, examples.size(), accuracy)
            + confusionTable(confusion)
            + "misclassified:\n"
            + String.join("\n", misses);
    System.out.println("[KeywordIntentClassifier] " + name + ": " + report);
    return new Evaluation(accuracy, report, missedEmergencies);
  }

  @Test
  void givenLabelledCallerUtterances_whenClassified_itShouldGetAtLeast90PercentRight()
      throws IOException {
    List<Labelled> examples = labelled();
    Evaluation evaluation = evaluate("labelled utterances", examples);

    assertThat(Intent.values())
        .allSatisfy(
            intent ->
                assertThat(examples.stream().filter(e -> e.intent() == intent).count())
                    .as("examples of %s", intent)
                    .isGreaterThanOrEqualTo(12));
    assertThat(evaluation.accuracy()).as(evaluation.report()).isGreaterThanOrEqualTo(0.90);
  }

  /**
   * Utterances written after the rules. Their first-run accuracy (83 % and 86 %, recorded in the
   * files) is the honest estimate for new phrasings; the rules were adjusted afterwards, so here
   * they guard against regressions with a bar lower than the tuning set's.
   */
  @Test
  void givenHeldOutUtterances_whenClassified_itShouldGetMostRightAndFlagEveryEmergency()
      throws IOException {
    List<Labelled> examples = new ArrayList<>(labelled("/intent/holdout-utterances.tsv"));
    examples.addAll(labelled("/intent/holdout2-utterances.tsv"));
    Evaluation evaluation = evaluate("held-out utterances", examples);

    assertThat(evaluation.accuracy()).as(evaluation.report()).isGreaterThanOrEqualTo(0.80);
    assertThat(evaluation.missedEmergencies()).as("emergencies not flagged").isEmpty();
  }

  @Test
  void givenLabelledEmergencies_whenClassified_everyOneShouldBeFlaggedAndNothingElse()
      throws IOException {
    List<String> missed = new ArrayList<>();
    List<String> falseAlarms = new ArrayList<>();
    for (Labelled example : labelled()) {
      boolean flagged = classifier.classify(example.text()).emergency();
      if (example.intent() == Intent.EMERGENCY && !flagged) {
        missed.add(example.text());
      }
      if (example.intent() != Intent.EMERGENCY && flagged) {
        falseAlarms.add(example.text());
      }
    }
    assertThat(missed).as("emergencies not flagged").isEmpty();
    assertThat(falseAlarms).as("non-emergencies flagged").isEmpty();
  }

  @Test
  void givenEverydayUtterancesFromClinc150_whenClassified_atMostOnePercentShouldBeEmergencies()
      throws IOException {
    List<String> texts = new ArrayList<>();
    for (String[] row : tsv("/intent/clinc150-sample.tsv")) {
      texts.add(row[2]);
    }
    List<String> flagged = texts.stream().filter(t -> classifier.classify(t).emergency()).toList();
    System.out.printf(
        Locale.ROOT,
        "[KeywordIntentClassifier] CLINC150 sample: %d of %d flagged emergency %s%n",
        flagged.size(),
        texts.size(),
        flagged);

    assertThat(texts).hasSize(1000);
    assertThat(flagged.size()).as("flagged: %s", flagged).isLessThanOrEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no gas smell, just a noisy fridge",
        "I don't smell gas anymore",
        "the gas smell went away after they fixed the stove",
        "there's no gas leak, I just want my water heater looked at",
        "we had a burst pipe last winter, now I need a new water heater",
        "basement isn't flooding, the sump pump is just loud",
        "no sparks or anything, the outlet just stopped working",
        "not an emergency, but my furnace makes a clicking noise",
        "do you install carbon monoxide detectors?",
        "my CO detector is chirping, probably the battery",
        "my water heater stopped working and the shower is cold",
        "gas leak was fixed last week, now the stove won't light",
        "I smelled gas yesterday but it's gone now",
      })
  void givenNegatedOrHarmlessMentions_whenClassified_itShouldNotBeAnEmergency(String text) {
    Classification c = classifier.explain(text);
    assertThat(c.emergency()).as("%s -> %s %s", text, c.intent(), c.scores()).isFalse();
    assertThat(c.intent()).isNotEqualTo(Intent.EMERGENCY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not sure if it's a gas leak but the kitchen smells like rotten eggs",
        "toilet won't stop overflowing, water all over the bathroom",
        "I don't know what happened but water is pouring out of the wall",
        "no heat, it's 5 degrees out",
        "water doesn't stop pouring out of the wall",
        "we've smelled gas since last week",
        "please move my appointment up, water is pouring through the ceiling",
      })
  void givenHedgedOrMixedEmergencies_whenClassified_itShouldStillBeFlagged(String text) {
    Classification c = classifier.explain(text);
    assertThat(c.emergency()).as("%s -> %s", text, c.scores()).isTrue();
  }

  @Test
  void givenEmergencies_whenClassified_itShouldNameTheKindOfDanger() {
    assertThat(classifier.emergencyKinds("I smell gas in the basement"))
        .containsExactly(EmergencyKind.GAS);
    assertThat(classifier.emergencyKinds("the CO alarm is going off"))
        .containsExactly(EmergencyKind.CARBON_MONOXIDE);
    assertThat(classifier.emergencyKinds("pipe burst, water everywhere"))
        .containsExactly(EmergencyKind.WATER);
    assertThat(classifier.emergencyKinds("sparks from the outlet"))
        .containsExactly(EmergencyKind.ELECTRICAL);
    assertThat(classifier.emergencyKinds("sewage backing up in the basement"))
        .containsExactly(EmergencyKind.SEWAGE);
    assertThat(classifier.emergencyKinds("furnace is out and it's below freezing"))
        .containsExactly(EmergencyKind.NO_HEAT);
    assertThat(
            classifier.emergencyKinds("water leaking from the ceiling light fixture and sparking"))
        .containsExactly(EmergencyKind.ELECTRICAL, EmergencyKind.WATER);
    assertThat(classifier.emergencyKinds("my furnace is making a noise")).isEmpty();
  }

  @Test
  void givenAClearAndAnAmbiguousBookingRequest_whenClassified_theClearOneShouldScoreHigher() {
    IntentResult clear =
        classifier.classify(
            "I'd like to book an appointment for a drain cleaning tomorrow morning");
    IntentResult vague = classifier.classify("maybe saturday instead?");
    IntentResult mixed = classifier.classify("how much is it if I book a visit for the AC");

    assertThat(clear.intent()).isEqualTo(Intent.BOOK_APPOINTMENT);
    assertThat(clear.confidence()).isGreaterThanOrEqualTo(0.8);
    assertThat(vague.confidence()).isLessThan(0.7).isLessThan(clear.confidence());
    assertThat(mixed.confidence()).isLessThan(0.7).isLessThan(clear.confidence());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "ok", "sure", "that works", "Yeah, sounds good!", "yes please"})
  void givenAShortYes_whenClassified_itShouldConfirmWithHighConfidence(String text) {
    IntentResult result = classifier.classify(text);
    assertThat(result.intent()).isEqualTo(Intent.CONFIRM);
    assertThat(result.confidence()).isGreaterThanOrEqualTo(0.85);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no", "nope", "not that one", "No thanks.", "nah"})
  void givenAShortNo_whenClassified_itShouldDenyWithHighConfidence(String text) {
    IntentResult result = classifier.classify(text);
    assertThat(result.intent()).isEqualTo(Intent.DENY);
    assertThat(result.confidence()).isGreaterThanOrEqualTo(0.85);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "asdf qwerty", "the quick brown fox jumps over the lazy dog"})
  void givenNoEvidence_whenClassified_itShouldBeOutOfScopeWithLowConfidence(String text) {
    IntentResult result = classifier.classify(text);
    assertThat(result.intent()).isEqualTo(Intent.OUT_OF_SCOPE);
    assertThat(result.confidence()).isLessThan(0.5);
    assertThat(result.emergency()).isFalse();
    assertThat(result.method()).isEqualTo("rules");
  }

  @Test
  void givenNull_whenClassified_itShouldBeOutOfScope() {
    assertThat(classifier.classify(null).intent()).isEqualTo(Intent.OUT_OF_SCOPE);
  }

  @Test
  void givenAnyUtterance_whenClassified_theConfidenceShouldBeAProbability() throws IOException {
    for (Labelled example : labelled()) {
      IntentResult result = classifier.classify(example.text());
      assertThat(result.confidence()).as(example.text()).isBetween(0.0, 1.0);
      assertThat(result.method()).isEqualTo(KeywordIntentClassifier.METHOD);
    }
  }

  static List<Labelled> labelled() throws IOException {
    return labelled("/intent/labelled-utterances.tsv");
  }

  static List<Labelled> labelled(String resource) throws IOException {
    List<Labelled> out = new ArrayList<>();
    for (String[] row : tsv(resource)) {
      out.add(new Labelled(Intent.valueOf(row[0]), row[1]));
    }
    return out;
  }

  private static List<String[]> tsv(String resource) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = KeywordIntentClassifierTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        rows.add(line.split("\t"));
      }
    }
    return rows;
  }

  private static String confusionTable(Map<Intent, Map<Intent, Integer>> confusion) {
    StringBuilder sb = new StringBuilder("confusion (rows: expected, columns: predicted)\n");
    sb.append(String.format(Locale.ROOT, "%-19s", ""));
    for (Intent predicted : Intent.values()) {
      sb.append(String.format(Locale.ROOT, "%5.5s", predicted.name()));
    }
    sb.append('\n');
    for (Intent expected : Intent.values()) {
      sb.append(String.format(Locale.ROOT, "%-19s", expected));
      Map<Intent, Integer> row = confusion.getOrDefault(expected, Map.of());
      for (Intent predicted : Intent.values()) {
        sb.append(String.format(Locale.ROOT, "%5d", row.getOrDefault(predicted, 0)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
