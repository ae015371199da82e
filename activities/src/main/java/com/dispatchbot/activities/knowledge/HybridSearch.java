package com.dispatchbot.activities.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BM25 and vector search fused into one ranking, the same for every store.
 *
 * <p>Both searches fetch a candidate pool (four times k, at least 20). Every candidate is scored by
 * cosine similarity to the question (keyword hits carry their vectors, so a chunk found only by
 * BM25 still gets its true cosine) and by BM25 divided by the pool's best BM25. The hybrid score is
 * {@code bm25Weight × bm25 + vectorWeight × cosine} (defaults 0.3 / 0.7). Cosine is absolute, so
 * the threshold means the same from question to question; BM25 is only comparable within one
 * question, hence its normalisation.
 */
public final class HybridSearch {

  /** Weights of the two scores and the least hybrid score a hit needs to be returned. */
  public record Settings(double bm25Weight, double vectorWeight, double minScore) {
    public Settings {
      if (bm25Weight < 0 || vectorWeight < 0 || bm25Weight + vectorWeight <= 0) {
        throw new IllegalArgumentException(
            "BM25 and vector weights must be non-negative and not both zero");
      }
    }

    public static Settings defaults() {
      return new Settings(0.3, 0.7, 0.0);
    }

    public Settings withMinScore(double min) {
      return new Settings(bm25Weight, vectorWeight, min);
    }
  }

  private HybridSearch() {}

  public static List<SearchHit> search(
      KnowledgeStore store,
      String index,
      String tenantId,
      String query,
      float[] queryVector,
      int k,
      ChunkFilter filter,
      Settings settings) {
    int pool = Math.max(20, 4 * k);
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    if (settings.vectorWeight() > 0) {
      for (StoredHit hit : store.vectorSearch(index, tenantId, queryVector, pool, filter)) {
        candidates.computeIfAbsent(hit.chunk().id(), id -> new Candidate(hit.chunk()));
      }
    }
    double bestBm25 = 0;
    if (settings.bm25Weight() > 0) {
      for (StoredHit hit : store.keywordSearch(index, tenantId, query, pool, filter)) {
        candidates.computeIfAbsent(hit.chunk().id(), id -> new Candidate(hit.chunk())).bm25 =
            hit.score();
        bestBm25 = Math.max(bestBm25, hit.score());
      }
    }
    List<SearchHit> hits = new ArrayList<>();
    for (Candidate c : candidates.values()) {
      double cosine = Math.max(0, cosine(queryVector, c.chunk.vector()));
      double keyword = bestBm25 > 0 ? c.bm25 / bestBm25 : 0;
      double score = settings.bm25Weight() * keyword + settings.vectorWeight() * cosine;
      if (score >= settings.minScore()) {
        hits.add(hit(c.chunk, score, cosine, keyword));
      }
    }
    hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
    return hits.size() > k ? List.copyOf(hits.subList(0, k)) : List.copyOf(hits);
  }

  static SearchHit hit(KnowledgeChunk chunk, double score, double cosine, double keyword) {
    ChunkMetadata m = chunk.metadata();
    return new SearchHit(
        chunk.documentId(),
        chunk.id(),
        score,
        cosine,
        keyword,
        chunk.text(),
        new SearchHit.Metadata(m.title(), m.source(), m.tags(), m.updatedAt()));
  }

  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "query vector has " + a.length + " dimensions, the index " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private static final class Candidate {
    final KnowledgeChunk chunk;
    double bm25;

    Candidate(KnowledgeChunk chunk) {
      this.chunk = chunk;
    }
  }
}
