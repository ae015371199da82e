package com.dispatchbot.activities.knowledge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Loads {@code knowledge/squad-tiny.json}, which has one of each quirk seen in real exports. */
class SquadCorpusTest {

  private static SquadCorpus tiny() throws Exception {
    try (InputStream in = SquadCorpusTest.class.getResourceAsStream("/knowledge/squad-tiny.json")) {
      assertThat(in).as("fixture on the test classpath").isNotNull();
      return SquadCorpus.load(in);
    }
  }

  @Test
  void givenTheFixture_whenLoaded_everyParagraphIsADocumentWithAUniqueId() throws Exception {
    SquadCorpus corpus = tiny();

    assertThat(corpus.documents())
        .extracting(SquadCorpus.Document::id)
        .containsExactly(
            "water-heater-p1", "water-heater-p2", "630", "water-heater-p1-2", "water-heater-p2-2");
    // Title from the article, underscores as spaces; a titleless paper uses its first line.
    assertThat(corpus.document("water-heater-p1").orElseThrow().title()).isEqualTo("Water heater");
    assertThat(corpus.document("630").orElseThrow().title())
        .isEqualTo("Furnace filters and airflow");
    assertThat(corpus.document("630").orElseThrow().text()).startsWith("Furnace filters");
    assertThat(corpus.document("nope")).isEmpty();
  }

  @Test
  void givenImpossibleBlankAndMisquotedAnswers_whenLoaded_thoseQuestionsAreSkipped()
      throws Exception {
    SquadCorpus corpus = tiny();

    // Skipped: wh-2 (impossible), wh-4 (blank answer), 18 (answer not in the text).
    assertThat(corpus.questions())
        .extracting(SquadCorpus.Question::id)
        .containsExactly("wh-1", "water-heater-p2#q1", "17");
    assertThat(corpus.skippedQuestions()).isEqualTo(3);
  }

  @Test
  void givenDuplicateAndPaddedAnswers_whenLoaded_theyAreTrimmedAndKeptOnce() throws Exception {
    SquadCorpus.Question q = tiny().questions().get(0);

    assertThat(q.text()).isEqualTo("How long do tanks last?");
    assertThat(q.documentId()).isEqualTo("water-heater-p1");
    assertThat(q.answers()).containsExactly("8 to 12 years", "8 to 12 years.");
    assertThat(q.answerStarts()).containsExactly(74, 74);
  }

  @Test
  void givenAnOffsetThatIsOffByAFewCharacters_whenLoaded_theNearestOccurrenceIsUsed()
      throws Exception {
    SquadCorpus corpus = tiny();
    SquadCorpus.Question q = corpus.questions().get(2);
    String text = corpus.document(q.documentId()).orElseThrow().text();

    // Recorded 106; "every 90 days" occurs at 85 and 104, so 104 it is.
    assertThat(q.id()).isEqualTo("17");
    assertThat(q.answerStarts()).containsExactly(104);
    int start = q.answerStarts().get(0);
    assertThat(text.substring(start, start + q.answers().get(0).length()))
        .isEqualTo("every 90 days");
  }

  @Test
  void givenJsonWithoutData_whenLoaded_itShouldSaySo() {
    InputStream in =
        new ByteArrayInputStream("{\"version\":\"2\"}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> SquadCorpus.load(in)).hasMessageContaining("\"data\"");
  }

  @Test
  void givenAHint_whenSearched_itShouldFindTheClosestOccurrence() {
    assertThat(SquadCorpus.nearestOccurrence("ab ab ab", "ab", 4)).isEqualTo(3);
    assertThat(SquadCorpus.nearestOccurrence("ab ab ab", "ab", 100)).isEqualTo(6);
    assertThat(SquadCorpus.nearestOccurrence("ab ab ab", "cd", 0)).isEqualTo(-1);
    assertThat(SquadCorpus.slug(" Water_heater (tank)! ")).isEqualTo("water-heater-tank");
  }
}
