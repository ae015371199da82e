package com.dispatchbot.activities.cache;

import com.dispatchbot.activities.intent.SentenceEncoder;
import com.dispatchbot.workflows.cache.ResponseCacheActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The semantic response cache on PostgreSQL. Questions are embedded with the in-process
 * all-MiniLM-L6-v2 (unit vectors, so cosine is a dot product) and compared with the tenant's latest
 * live entries of the same intent; there is no vector index here (no pgvector package on this
 * platform), which is fine for a few thousand entries per tenant. Every query is filtered by
 * tenant: one business's answer is never another's.
 */
@Component("responseCacheActivities")
public class ResponseCacheActivitiesImpl implements ResponseCacheActivities {

  private final JdbcClient jdbc;
  private final CacheProperties properties;
  private final SentenceEncoder encoder;
  private final ObjectProvider<MeterRegistry> meters;

  @Autowired
  public ResponseCacheActivitiesImpl(
      JdbcClient jdbc, CacheProperties properties, ObjectProvider<MeterRegistry> meters) {
    this(jdbc, properties, SentenceEncoder.miniLm(), meters);
  }

  public ResponseCacheActivitiesImpl(
      JdbcClient jdbc,
      CacheProperties properties,
      SentenceEncoder encoder,
      ObjectProvider<MeterRegistry> meters) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.encoder = encoder;
    this.meters = meters;
  }

  private record Candidate(
      long id, float[] embedding, String answer, String provider, String model) {}

  @Override
  public CachedAnswer lookup(CacheLookup lookup) {
    if (lookup.question() == null || lookup.question().isBlank()) {
      return CachedAnswer.miss();
    }
    float[] asked = encoder.embed(normalise(lookup.question()));
    List<Candidate> candidates =
        jdbc.sql(
                """
                select id, embedding, answer, provider, model from response_cache
                where tenant_id = ? and intent is not distinct from ? and expires_at > now()
                order by created_at desc limit ?
                """)
            .params(lookup.tenantId(), lookup.intent(), properties.candidates())
            .query(
                (rs, n) ->
                    new Candidate(
                        rs.getLong(1),
                        floats(rs.getArray(2)),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)))
            .list();
    Candidate best = null;
    double bestScore = -1;
    for (Candidate candidate : candidates) {
      double score = cosine(asked, candidate.embedding());
      if (score > bestScore) {
        bestScore = score;
        best = candidate;
      }
    }
    boolean hit = best != null && bestScore >= properties.similarThreshold();
    count(hit ? "hit" : "miss");
    if (!hit) {
      return new CachedAnswer(false, null, null, null, Math.max(0, bestScore));
    }
    jdbc.sql("update response_cache set hits = hits + 1, last_hit_at = now() where id = ?")
        .param(best.id())
        .update();
    return new CachedAnswer(true, best.answer(), best.provider(), best.model(), bestScore);
  }

  @Override
  public void store(CacheEntry entry) {
    if (entry.question() == null || entry.question().isBlank() || entry.answer() == null) {
      return;
    }
    float[] embedding = encoder.embed(normalise(entry.question()));
    jdbc.sql(
            """
            insert into response_cache
              (tenant_id, question, intent, embedding, answer, provider, model, expires_at)
            values (?, ?, ?, ?, ?, ?, ?, now() + ?::interval)
            on conflict (tenant_id, question) do update set
              intent = excluded.intent, embedding = excluded.embedding, answer = excluded.answer,
              provider = excluded.provider, model = excluded.model, created_at = now(),
              expires_at = excluded.expires_at
            """)
        .params(
            entry.tenantId(),
            entry.question(),
            entry.intent(),
            embedding,
            entry.answer(),
            entry.provider(),
            entry.model(),
            properties.ttl().toSeconds() + " seconds")
        .update();
    // expired entries of the tenant go as new ones come (the index makes this cheap)
    jdbc.sql("delete from response_cache where tenant_id = ? and expires_at <= now()")
        .param(entry.tenantId())
        .update();
  }

  static String normalise(String question) {
    return question.strip().replaceAll("\\s+", " ");
  }

  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      return -1;
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

  private static float[] floats(Array array) throws SQLException {
    Object[] values = (Object[]) array.getArray();
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).floatValue();
    }
    return out;
  }

  private void count(String outcome) {
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      Counter.builder("dispatch.cache.lookups")
          .description("Response cache lookups by outcome (hit or miss)")
          .tag("outcome", outcome)
          .register(registry)
          .increment();
    }
  }
}
