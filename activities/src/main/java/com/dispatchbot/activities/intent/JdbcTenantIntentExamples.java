package com.dispatchbot.activities.intent;

import com.dispatchbot.workflows.intent.Intent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tenants' examples from the {@code intent_examples} table (V004), read at most every {@link
 * #CACHE_FOR} per tenant: a new example takes effect within that time, and the tenant's model is
 * retrained then (see {@link TenantIntentModels}).
 */
public final class JdbcTenantIntentExamples implements TenantIntentExamples {
  static final Duration CACHE_FOR = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(List<LabelledUtterance> examples, Instant until) {}

  public JdbcTenantIntentExamples(JdbcClient jdbc) {
    this(jdbc, Clock.systemUTC());
  }

  JdbcTenantIntentExamples(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public List<LabelledUtterance> examples(String tenantId) {
    if (tenantId == null) {
      return List.of();
    }
    Instant now = clock.instant();
    Cached hit = cache.get(tenantId);
    if (hit != null && hit.until().isAfter(now)) {
      return hit.examples();
    }
    List<LabelledUtterance> loaded =
        jdbc.sql("select intent, text from intent_examples where tenant_id = ? order by id")
            .param(tenantId)
            .query(
                (rs, n) ->
                    new LabelledUtterance(
                        LabelledUtterance.intentOf(rs.getString(1)), rs.getString(2)))
            .list();
    cache.put(tenantId, new Cached(List.copyOf(loaded), now.plus(CACHE_FOR)));
    return List.copyOf(loaded);
  }

  /**
   * Adds or relabels one example (a text has one intent per tenant) and forgets the tenant's cached
   * list, so this worker sees it at once; other workers within {@link #CACHE_FOR}.
   */
  public void put(String tenantId, Intent intent, String text) {
    jdbc.sql(
            """
            insert into intent_examples (tenant_id, intent, text) values (?, ?, ?)
            on conflict (tenant_id, text) do update set intent = excluded.intent
            """)
        .params(tenantId, intent.code(), IntentModel.clean(text))
        .update();
    cache.remove(tenantId);
  }

  /** Removes one example; true when there was one. */
  public boolean remove(String tenantId, String text) {
    int removed =
        jdbc.sql("delete from intent_examples where tenant_id = ? and text = ?")
            .params(tenantId, IntentModel.clean(text))
            .update();
    cache.remove(tenantId);
    return removed > 0;
  }
}
