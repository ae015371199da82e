package com.dispatchbot.activities.cost;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.cost.CostReportActivities;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily cost report from {@code ai_responses}. A "call" is a conversation that got at least one
 * reply that day. Rates count the replies the bot gave itself (guardrail refusals and "a person
 * will be with you" while muted are neither fallbacks nor errors): fallback = replies not from the
 * first-choice model ({@code fallback_level > 0}); error = turns nothing could answer (provider
 * {@code none}, the apology).
 */
@Component("costReportActivities")
public class CostReportActivitiesImpl implements CostReportActivities {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Alerts alerts;
  private final AlertThresholds thresholds;
  private final CostProperties cost;

  public CostReportActivitiesImpl(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Alerts alerts,
      AlertThresholds thresholds,
      CostProperties cost) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.alerts = alerts;
    this.thresholds = thresholds;
    this.cost = cost;
  }

  @Override
  public DayReport reportDay(String date) {
    LocalDate day = parse(date);
    Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<Line> lines =
        jdbc.sql(
                """
                select tenant_id, coalesce(model, '*') as model,
                       count(distinct workflow_id) as calls, count(*) as responses,
                       sum(input_tokens) as input_tokens, sum(output_tokens) as output_tokens,
                       sum(cost_usd) as cost,
                       count(*) filter (where fallback_level > 0 and provider <> 'none'
                                          and provider not in ('guardrails', 'handoff')) as fallbacks,
                       count(*) filter (where provider = 'none') as errors,
                       count(*) filter (where provider not in ('guardrails', 'handoff')) as judged
                  from ai_responses
                 where created_at >= ? and created_at < ?
                 group by grouping sets ((tenant_id, model), (tenant_id))
                 order by tenant_id, model nulls first
                """)
            .params(Timestamp.from(from), Timestamp.from(to))
            .query(
                (rs, n) -> {
                  int calls = rs.getInt("calls");
                  int judged = rs.getInt("judged");
                  BigDecimal total = rs.getBigDecimal("cost");
                  return new Line(
                      rs.getString("tenant_id"),
                      rs.getString("model"),
                      calls,
                      rs.getInt("responses"),
                      rs.getLong("input_tokens"),
                      rs.getLong("output_tokens"),
                      total,
                      calls == 0
                          ? BigDecimal.ZERO
                          : total.divide(BigDecimal.valueOf(calls), 6, RoundingMode.HALF_UP),
                      judged == 0 ? 0 : (double) rs.getInt("fallbacks") / judged,
                      judged == 0 ? 0 : (double) rs.getInt("errors") / judged);
                })
            .list();
    tx.executeWithoutResult(
        status -> {
          // a re-run replaces the day (a late row, or a tenant with nothing left to report)
          jdbc.sql("delete from cost_reports where report_date = ?")
              .param(Date.valueOf(day))
              .update();
          for (Line line : lines) {
            jdbc.sql(
                    """
                    insert into cost_reports
                      (report_date, tenant_id, model, calls, responses, input_tokens,
                       output_tokens, cost_usd, cost_per_call, fallback_rate, error_rate)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                .params(
                    Date.valueOf(day),
                    line.tenantId(),
                    line.model(),
                    line.calls(),
                    line.responses(),
                    line.inputTokens(),
                    line.outputTokens(),
                    line.costUsd(),
                    line.costPerCall(),
                    line.fallbackRate(),
                    line.errorRate())
                .update();
          }
        });
    List<String> raised = new ArrayList<>();
    for (Line total : lines.stream().filter(l -> "*".equals(l.model())).toList()) {
      check(total, from, raised);
    }
    return new DayReport(day.toString(), lines, raised);
  }

  private void check(Line total, Instant day, List<String> raised) {
    String tenant = total.tenantId();
    if (total.costPerCall().compareTo(thresholds.costPerCall()) > 0) {
      raise(
          raised,
          total,
          "cost_per_call",
          "warning",
          day,
          total.costPerCall().doubleValue(),
          thresholds.costPerCall().doubleValue(),
          String.format(
              Locale.ROOT,
              "cost per call %.2f USD over %d calls is above %.2f USD",
              total.costPerCall(),
              total.calls(),
              thresholds.costPerCall()));
    }
    long quota = tokenQuota(tenant);
    long used = total.inputTokens() + total.outputTokens();
    if (quota > 0 && used > thresholds.tokenQuota() * quota) {
      raise(
          raised,
          total,
          "token_quota",
          used > quota ? "critical" : "warning",
          day,
          (double) used / quota,
          thresholds.tokenQuota(),
          String.format(
              Locale.ROOT,
              "%d tokens used, %.0f%% of the daily quota of %d",
              used,
              100.0 * used / quota,
              quota));
    }
    if (total.responses() >= thresholds.minResponses()) {
      if (total.fallbackRate() > thresholds.fallbackRate()) {
        raise(
            raised,
            total,
            "fallback_rate",
            "warning",
            day,
            total.fallbackRate(),
            thresholds.fallbackRate(),
            String.format(
                Locale.ROOT,
                "%.1f%% of %d replies came from a fallback (threshold %.0f%%)",
                100 * total.fallbackRate(),
                total.responses(),
                100 * thresholds.fallbackRate()));
      }
      if (total.errorRate() > thresholds.errorRate()) {
        raise(
            raised,
            total,
            "error_rate",
            "critical",
            day,
            total.errorRate(),
            thresholds.errorRate(),
            String.format(
                Locale.ROOT,
                "%.1f%% of %d turns could not be answered (threshold %.0f%%)",
                100 * total.errorRate(),
                total.responses(),
                100 * thresholds.errorRate()));
      }
    }
  }

  private void raise(
      List<String> raised,
      Line total,
      String kind,
      String severity,
      Instant day,
      double value,
      double threshold,
      String message) {
    alerts.raise(total.tenantId(), kind, severity, day, value, threshold, message);
    // raised now or by an earlier run of the same day: the report lists it either way
    raised.add(total.tenantId() + ":" + kind);
  }

  /** The tenant's profile {@code "tokenQuota"}, else DAILY_TOKEN_QUOTA (0 = none). */
  private long tokenQuota(String tenantId) {
    String fromProfile =
        jdbc.sql("select profile->>'tokenQuota' from tenants where id = ?")
            .param(tenantId)
            .query(String.class)
            .optional()
            .orElse(null);
    if (fromProfile != null) {
      try {
        return Math.max(0, Long.parseLong(fromProfile.strip()));
      } catch (NumberFormatException e) {
        // not a number: the installation's quota applies
      }
    }
    return cost.dailyTokenQuota();
  }

  private static LocalDate parse(String date) {
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "date '" + date + "' is not a day like 2026-11-22", ActivityPresets.MAINTENANCE_REJECTED);
    }
  }
}
