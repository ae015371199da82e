package com.dispatchbot.activities.cost;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The spend limits (DAILY_SPEND_LIMIT, HOURLY_SPEND_LIMIT, per tenant TENANT_*_SPEND_LIMIT or the
 * profile's {@code "spend": {"dailyLimit": .., "hourlyLimit": ..}}). Spend is what {@code
 * ai_responses.cost_usd} holds for the current UTC day and hour. The sums are cached for {@link
 * #CACHE_FOR} per tenant: a query per model call would cost more than the few cents a burst of
 * calls can overshoot by.
 */
@Component
public class SpendGuard {
  static final Duration CACHE_FOR = Duration.ofSeconds(5);

  /** What the next model call may do. */
  public enum Verdict {
    /** below every degrade threshold */
    ASK,
    /** past SPEND_DEGRADE_AT of a limit: the fallback model, not the first choice */
    FALLBACK_ONLY,
    /** a limit is reached: no model, rule-based answers */
    RULES_ONLY
  }

  /**
   * @param ratio the largest share of any applicable limit spent (0 when there is no limit)
   * @param limit which limit that is, in words (null when none applies)
   * @param windowStart the start of that limit's window (the UTC day or hour)
   * @param global whether it is the installation's limit (else the tenant's)
   */
  public record Decision(
      Verdict verdict, double ratio, String limit, Instant windowStart, boolean global) {}

  private record Spend(
      BigDecimal globalDay,
      BigDecimal globalHour,
      BigDecimal tenantDay,
      BigDecimal tenantHour,
      BigDecimal tenantDailyLimit,
      BigDecimal tenantHourlyLimit,
      Instant day,
      Instant hour,
      Instant until) {}

  private final JdbcClient jdbc;
  private final CostProperties properties;
  private final Clock clock;
  private final Map<String, Spend> cache = new ConcurrentHashMap<>();

  @Autowired
  public SpendGuard(
      JdbcClient jdbc, CostProperties properties, ObjectProvider<MeterRegistry> meters) {
    this(jdbc, properties, Clock.systemUTC());
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null && properties.dailySpendLimit().signum() > 0) {
      Gauge.builder("dispatch.spend.ratio", this, g -> g.globalRatio("day"))
          .description("Share of DAILY_SPEND_LIMIT spent today (UTC)")
          .tag("window", "day")
          .register(registry);
    }
    if (registry != null && properties.hourlySpendLimit().signum() > 0) {
      Gauge.builder("dispatch.spend.ratio", this, g -> g.globalRatio("hour"))
          .description("Share of HOURLY_SPEND_LIMIT spent this hour (UTC)")
          .tag("window", "hour")
          .register(registry);
    }
  }

  public SpendGuard(JdbcClient jdbc, CostProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  public Decision decide(String tenantId) {
    Spend spend = spend(tenantId);
    List<Decision> candidates = new ArrayList<>();
    consider(
        candidates,
        spend.globalDay(),
        properties.dailySpendLimit(),
        "DAILY_SPEND_LIMIT",
        spend.day(),
        true);
    consider(
        candidates,
        spend.globalHour(),
        properties.hourlySpendLimit(),
        "HOURLY_SPEND_LIMIT",
        spend.hour(),
        true);
    consider(
        candidates,
        spend.tenantDay(),
        spend.tenantDailyLimit(),
        "the tenant's daily spend limit",
        spend.day(),
        false);
    consider(
        candidates,
        spend.tenantHour(),
        spend.tenantHourlyLimit(),
        "the tenant's hourly spend limit",
        spend.hour(),
        false);
    Decision worst = new Decision(Verdict.ASK, 0, null, spend.day(), true);
    for (Decision candidate : candidates) {
      if (candidate.ratio() > worst.ratio()) {
        worst = candidate;
      }
    }
    return worst;
  }

  /** SPEND_DEGRADE_AT. */
  public double degradeAt() {
    return properties.degradeAt();
  }

  /** Forget the cached sums (tests; after a restore). */
  public void refresh() {
    cache.clear();
  }

  private void consider(
      List<Decision> into,
      BigDecimal spent,
      BigDecimal limit,
      String name,
      Instant window,
      boolean global) {
    if (limit == null || limit.signum() <= 0) {
      return;
    }
    double ratio = spent.divide(limit, 6, RoundingMode.HALF_UP).doubleValue();
    Verdict verdict =
        ratio >= 1.0
            ? Verdict.RULES_ONLY
            : ratio >= properties.degradeAt() ? Verdict.FALLBACK_ONLY : Verdict.ASK;
    into.add(
        new Decision(
            verdict,
            ratio,
            name + " (" + limit.setScale(2, RoundingMode.HALF_UP) + " USD)",
            window,
            global));
  }

  private double globalRatio(String window) {
    Spend spend = spend("");
    BigDecimal limit =
        "day".equals(window) ? properties.dailySpendLimit() : properties.hourlySpendLimit();
    BigDecimal spent = "day".equals(window) ? spend.globalDay() : spend.globalHour();
    return limit.signum() <= 0 ? 0 : spent.divide(limit, 6, RoundingMode.HALF_UP).doubleValue();
  }

  private Spend spend(String tenantId) {
    Instant now = clock.instant();
    Spend cached = cache.get(tenantId);
    if (cached != null && cached.until().isAfter(now)) {
      return cached;
    }
    Instant day = now.truncatedTo(ChronoUnit.DAYS);
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    Spend loaded =
        jdbc.sql(
                """
                select coalesce(sum(cost_usd), 0),
                       coalesce(sum(cost_usd) filter (where created_at >= ?), 0),
                       coalesce(sum(cost_usd) filter (where tenant_id = ?), 0),
                       coalesce(sum(cost_usd) filter (where tenant_id = ? and created_at >= ?), 0),
                       (select profile->'spend'->>'dailyLimit' from tenants where id = ?),
                       (select profile->'spend'->>'hourlyLimit' from tenants where id = ?)
                  from ai_responses
                 where created_at >= ?
                """)
            .params(
                Timestamp.from(hour),
                tenantId,
                tenantId,
                Timestamp.from(hour),
                tenantId,
                tenantId,
                Timestamp.from(day))
            .query(
                (rs, n) ->
                    new Spend(
                        rs.getBigDecimal(1),
                        rs.getBigDecimal(2),
                        rs.getBigDecimal(3),
                        rs.getBigDecimal(4),
                        limit(rs.getString(5), properties.tenantDailySpendLimit()),
                        limit(rs.getString(6), properties.tenantHourlySpendLimit()),
                        day,
                        hour,
                        now.plus(CACHE_FOR)))
            .single();
    cache.put(tenantId, loaded);
    return loaded;
  }

  /** The profile's limit when it is a non-negative number, else the default. */
  private static BigDecimal limit(String fromProfile, BigDecimal fallback) {
    if (fromProfile == null || fromProfile.isBlank()) {
      return fallback;
    }
    try {
      BigDecimal parsed = new BigDecimal(fromProfile.strip());
      return parsed.signum() < 0 ? fallback : parsed;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
