package com.dispatchbot.activities.knowledge;

import java.time.Instant;
import java.util.List;

/**
 * One result of a knowledge search, best first.
 *
 * @param score the hybrid score ranking and the threshold use: {@code bm25Weight × keywordScore +
 *     vectorWeight × vectorScore}
 * @param vectorScore cosine similarity of the chunk to the question (0 when negative)
 * @param keywordScore the chunk's BM25 score divided by the best BM25 score among the candidates
 *     (0..1; 0 when no query word matched)
 */
public record SearchHit(
    String documentId,
    String chunkId,
    double score,
    double vectorScore,
    double keywordScore,
    String text,
    Metadata metadata) {

  /** What the chunk's document says about itself, for citations and filters. */
  public record Metadata(String title, String source, List<String> tags, Instant updatedAt) {}
}
