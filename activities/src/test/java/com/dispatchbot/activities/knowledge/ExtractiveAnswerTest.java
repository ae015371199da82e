package com.dispatchbot.activities.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExtractiveAnswerTest {

  @Test
  void givenAParagraphWrappedOverLines_theAnswerIsWholeSentencesNeverAHalfLine() {
    String chunk =
        """
        Warranty and guarantees

        All repairs come with a one-year warranty on our labor. If something we fixed fails because of
        our workmanship, we come back and fix it at no charge. Drain cleaning is guaranteed for 30
        days.
        """;

    String answer = ExtractiveAnswer.from("is there a warranty on repairs", "Warranty", chunk);

    assertThat(answer)
        .isEqualTo(
            "From our Warranty: All repairs come with a one-year warranty on our labor. If"
                + " something we fixed fails because of our workmanship, we come back and fix it at"
                + " no charge.");
  }

  @Test
  void givenAList_theItemThatMatchesTheQuestionIsChosen() {
    String chunk =
        """
        We accept:
        - Credit and debit cards: Visa, Mastercard, American Express and Discover
        - Checks from customers in our service area
        - Financing for jobs over $1,000
        """;

    String answer = ExtractiveAnswer.from("can I pay with a visa card", "Payment", chunk);

    assertThat(answer).startsWith("From our Payment: Credit and debit cards: Visa");
    assertThat(answer).doesNotContain("We accept");
  }
}
