package com.dispatchbot.activities.knowledge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

  /** Results are strings; "R" is relevant, anything else is not. */
  private static final BiPredicate<String, String> IS_R = (q, r) -> r.equals("R");

  /**
   * Four questions, first relevant result at rank 1, 3, 6 and nowhere. With depth 10:
   *
   * <pre>
   * hit@1  = 1/4                        = 0.25   (only q1)
   * hit@5  = 2/4                        = 0.50   (q1, q2)
   * hit@10 = 3/4                        = 0.75   (q1, q2, q3)
   * MRR@10 = (1 + 1/3 + 1/6 + 0) / 4    = (9/6) / 4 = 0.375
   * </pre>
   *
   * q2's second relevant result (rank 4) must not count.
   */
  @Test
  void givenFourRankedLists_whenScored_itShouldMatchTheHandComputedValues() {
    RetrievalMetrics<String, String> metrics = RetrievalMetrics.standard(IS_R);

    assertThat(metrics.add("q1", List.of("R", "x", "x"))).isEqualTo(1);
    assertThat(metrics.add("q2", List.of("x", "x", "R", "R"))).isEqualTo(3);
    assertThat(metrics.add("q3", List.of("x", "x", "x", "x", "x", "R"))).isEqualTo(6);
    assertThat(metrics.add("q4", List.of("x", "x"))).isZero();

    RetrievalMetrics.Result r = metrics.result("toy");
    assertThat(r.count()).isEqualTo(4);
    assertThat(r.hitAt(1)).isEqualTo(0.25);
    assertThat(r.hitAt(5)).isEqualTo(0.50);
    assertThat(r.hitAt(10)).isEqualTo(0.75);
    assertThat(r.mrr()).isCloseTo(0.375, within(1e-12));
  }

  /**
   * The same lists with depth 5: q3's rank 6 is now out of reach, so it is a miss.
   *
   * <pre>
   * hit@1 = 1/4 = 0.25, hit@5 = 2/4 = 0.50
   * MRR@5 = (1 + 1/3) / 4 = (4/3) / 4 = 1/3
   * </pre>
   */
  @Test
  void givenADepthOfFive_whenTheFirstHitIsSixth_itShouldCountAsAMiss() {
    RetrievalMetrics<String, String> metrics = new RetrievalMetrics<>(IS_R, 5, 5, 1);

    metrics.add("q1", List.of("R"));
    metrics.add("q2", List.of("x", "x", "R", "R"));
    assertThat(metrics.add("q3", List.of("x", "x", "x", "x", "x", "R"))).isZero();
    metrics.addRank(0);

    RetrievalMetrics.Result r = metrics.result("depth5");
    assertThat(r.hitRates()).containsOnlyKeys(1, 5);
    assertThat(r.hitAt(1)).isEqualTo(0.25);
    assertThat(r.hitAt(5)).isEqualTo(0.50);
    assertThat(r.mrr()).isCloseTo(1.0 / 3, within(1e-12));
  }

  /** Ranks given directly: 2 and 7 with depth 5 → hit@1 0, hit@5 1/2, MRR (1/2 + 0)/2 = 0.25. */
  @Test
  void givenRanksComputedByTheCaller_whenScored_aRankBeyondTheDepthIsAMiss() {
    RetrievalMetrics<Object, Object> metrics = new RetrievalMetrics<>((q, r) -> true, 5, 1, 5);

    metrics.addRank(2);
    metrics.addRank(7);

    RetrievalMetrics.Result r = metrics.result("ranks");
    assertThat(r.hitAt(1)).isZero();
    assertThat(r.hitAt(5)).isEqualTo(0.5);
    assertThat(r.mrr()).isEqualTo(0.25);
    assertThatThrownBy(() -> metrics.addRank(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenNoQuestions_whenScored_itShouldReportZerosNotNaN() {
    RetrievalMetrics.Result r = RetrievalMetrics.standard(IS_R).result("empty");

    assertThat(r.count()).isZero();
    assertThat(r.hitAt(1)).isZero();
    assertThat(r.mrr()).isZero();
  }

  @Test
  void givenAResult_whenFormatted_itShouldLineUpWithItsHeader() {
    RetrievalMetrics<String, String> metrics = RetrievalMetrics.standard(IS_R);
    metrics.add("q1", List.of("x", "R"));
    metrics.add("q2", List.of("R"));

    RetrievalMetrics.Result r = metrics.result("bm25");

    // hit@1 = 1/2, hit@5 = hit@10 = 1, MRR = (1/2 + 1)/2 = 0.75
    assertThat(r.header().split("\\s+"))
        .containsExactly("run", "n", "hit@1", "hit@5", "hit@10", "MRR@10");
    assertThat(r.format().split("\\s+"))
        .containsExactly("bm25", "2", "0.500", "1.000", "1.000", "0.750");
    assertThat(r.format()).hasSameSizeAs(r.header());
    assertThat(r).hasToString(r.format());
    assertThatThrownBy(() -> r.hitAt(3)).hasMessageContaining("hit@3 was not computed");
  }

  @Test
  void givenBadCutOffs_whenConstructed_itShouldRefuseThem() {
    assertThatThrownBy(() -> new RetrievalMetrics<>(IS_R, 5, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetrievalMetrics<>(IS_R, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetrievalMetrics<>(IS_R, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  record Chunk(String documentId, String text) {}

  @Test
  void givenAReflowedChunk_whenJudgedByAnswerText_itShouldStillContainTheAnswer() {
    BiPredicate<List<String>, Chunk> contains =
        RetrievalMetrics.containsAnswer(answers -> answers, Chunk::text);
    Chunk chunk = new Chunk("price-list", "Drain cleaning costs $149 flat\n   rate per drain.");

    assertThat(contains.test(List.of("$149 flat rate"), chunk)).isTrue();
    assertThat(contains.test(List.of("$99", "flat fee"), chunk)).isFalse();
    assertThat(contains.test(List.of("  "), chunk)).isFalse();
  }

  @Test
  void givenChunksOfTwoDocuments_whenJudgedByDocument_onlyTheGoldenOneIsRelevant() {
    BiPredicate<String, Chunk> same = RetrievalMetrics.sameDocument(q -> "faq", Chunk::documentId);

    assertThat(same.test("r u licensed", new Chunk("faq", "..."))).isTrue();
    assertThat(same.test("r u licensed", new Chunk("warranty", "..."))).isFalse();
  }
}
