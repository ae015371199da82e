package com.dispatchbot.activities.knowledge.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Accumulates ranked retrieval results, one list per question, and scores them: hit@k (share of
 * questions with a relevant result in the top k) and MRR (mean of 1/rank of the first relevant
 * result within the top {@code depth}, 0 when there is none there). What counts as relevant is the
 * caller's {@link BiPredicate}, e.g. {@link #containsAnswer} or {@link #sameDocument}.
 *
 * <p>Only a question's first relevant result counts, so several relevant chunks from one document
 * do not inflate the scores. Safe to feed from several threads.
 *
 * @param <Q> the question type
 * @param <R> the result type (a chunk, a hit)
 */
public final class RetrievalMetrics<Q, R> {

  public static final int DEFAULT_DEPTH = 10;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final BiPredicate<? super Q, ? super R> relevant;
  private final int depth;
  private final int[] ks;
  private final List<Integer> ranks = new ArrayList<>();

  /**
   * @param depth how many results of each list are looked at (the N of MRR@N)
   * @param ks the cut-offs to report hit@k for, each 1..depth
   */
  public RetrievalMetrics(BiPredicate<? super Q, ? super R> relevant, int depth, int... ks) {
    this.relevant = Objects.requireNonNull(relevant, "relevant");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, was " + depth);
    }
    if (ks.length == 0) {
      throw new IllegalArgumentException("name at least one k for hit@k");
    }
    for (int k : ks) {
      if (k < 1 || k > depth) {
        throw new IllegalArgumentException("hit@" + k + " needs 1 <= k <= depth " + depth);
      }
    }
    this.depth = depth;
    this.ks = Arrays.stream(ks).sorted().distinct().toArray();
  }

  /** hit@1, hit@5, hit@10 and MRR@10. */
  public static <Q, R> RetrievalMetrics<Q, R> standard(BiPredicate<? super Q, ? super R> relevant) {
    return new RetrievalMetrics<>(relevant, DEFAULT_DEPTH, 1, 5, 10);
  }

  /**
   * Records one question's results, best first; looks at the first {@code depth} of them.
   *
   * @return the 1-based rank of the first relevant result, 0 when none is in the top depth (for
   *     listing misses)
   */
  public int add(Q question, List<? extends R> ranked) {
    int rank = 0;
    int n = Math.min(depth, ranked.size());
    for (int i = 0; i < n; i++) {
      if (relevant.test(question, ranked.get(i))) {
        rank = i + 1;
        break;
      }
    }
    record(rank);
    return rank;
  }

  /**
   * Records a rank the caller found itself (1-based, 0 for no relevant result); a rank beyond the
   * depth counts as a miss, as it would in {@link #add}.
   */
  public void addRank(int rank) {
    if (rank < 0) {
      throw new IllegalArgumentException("rank is 1-based, or 0 for a miss; was " + rank);
    }
    record(rank > depth ? 0 : rank);
  }

  private synchronized void record(int rank) {
    ranks.add(rank);
  }

  public synchronized int count() {
    return ranks.size();
  }

  /** The scores so far, under a label for the table (the run's name: "bm25", "hybrid"...). */
  public synchronized Result result(String label) {
    int count = ranks.size();
    SortedMap<Integer, Double> hitRates = new TreeMap<>();
    for (int k : ks) {
      long hits = ranks.stream().filter(r -> r > 0 && r <= k).count();
      hitRates.put(k, count == 0 ? 0.0 : (double) hits / count);
    }
    double reciprocalSum = ranks.stream().filter(r -> r > 0).mapToDouble(r -> 1.0 / r).sum();
    return new Result(label, count, depth, hitRates, count == 0 ? 0.0 : reciprocalSum / count);
  }

  /**
   * Relevant when the result's text contains one of the question's answers; whitespace runs count
   * as one space on both sides, since chunkers reflow text.
   */
  public static <Q, R> BiPredicate<Q, R> containsAnswer(
      Function<? super Q, ? extends Collection<String>> answers, Function<? super R, String> text) {
    return (q, r) -> {
      String haystack = normalize(text.apply(r));
      for (String answer : answers.apply(q)) {
        String needle = normalize(answer);
        if (!needle.isEmpty() && haystack.contains(needle)) {
          return true;
        }
      }
      return false;
    };
  }

  /** Relevant when the result comes from the question's golden document. */
  public static <Q, R> BiPredicate<Q, R> sameDocument(
      Function<? super Q, String> goldenDocumentId, Function<? super R, String> documentId) {
    return (q, r) -> Objects.equals(goldenDocumentId.apply(q), documentId.apply(r));
  }

  static String normalize(String s) {
    return s == null ? "" : WHITESPACE.matcher(s).replaceAll(" ").strip();
  }

  /**
   * Scores of one run.
   *
   * @param count questions scored
   * @param depth results looked at per question (MRR@depth)
   * @param hitRates k → share of questions (0..1) with a relevant result in the top k
   * @param mrr mean reciprocal rank within the top depth (0..1)
   */
  public record Result(
      String label, int count, int depth, SortedMap<Integer, Double> hitRates, double mrr) {

    public Result {
      label = label == null ? "" : label;
      hitRates = Collections.unmodifiableSortedMap(new TreeMap<>(hitRates));
    }

    /**
     * @throws IllegalArgumentException when k was not one of the cut-offs asked for
     */
    public double hitAt(int k) {
      Double rate = hitRates.get(k);
      if (rate == null) {
        throw new IllegalArgumentException(
            "hit@" + k + " was not computed; have " + hitRates.keySet());
      }
      return rate;
    }

    /** Column titles matching {@link #format()}. */
    public String header() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %6s", "run", "n"));
      for (int k : hitRates.keySet()) {
        sb.append(String.format(Locale.ROOT, " %7s", "hit@" + k));
      }
      return sb.append(String.format(Locale.ROOT, " %7s", "MRR@" + depth)).toString();
    }

    /** One table row, e.g. {@code bm25 1380 0.512 0.803 0.871 0.631}. */
    public String format() {
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-24s %6d", label, count));
      for (Map.Entry<Integer, Double> e : hitRates.entrySet()) {
        sb.append(String.format(Locale.ROOT, " %7.3f", e.getValue()));
      }
      return sb.append(String.format(Locale.ROOT, " %7.3f", mrr)).toString();
    }

    @Override
    public String toString() {
      return format();
    }
  }
}
