package com.dispatchbot.cli.ops;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tenant's replies over a window, counted as the daily cost report counts them
 * (CostReportActivitiesImpl), so every ops number matches the report and its alerts:
 *
 * <ul>
 *   <li>a call is a conversation with at least one reply in the window;
 *   <li>judged replies are the bot's own: guardrail refusals and "a person will be with you" while
 *       an operator has the call are neither fallbacks nor errors;
 *   <li>a fallback is a judged reply not from the first-choice model ({@code fallback_level > 0});
 *   <li>an error is a turn nothing could answer (provider {@code none}, the apology).
 * </ul>
 */
final class ReplyStats {
  static final String JUDGED = "provider not in ('guardrails', 'handoff')";
  static final String FALLBACK =
      "fallback_level > 0 and provider not in ('none', 'guardrails', 'handoff')";
  static final String ERROR = "provider = 'none'";

  private ReplyStats() {}

  record Totals(
      long calls,
      long responses,
      long judged,
      long fallbacks,
      long errors,
      long refusals,
      long inputTokens,
      long outputTokens,
      BigDecimal cost) {

    double fallbackRate() {
      return judged == 0 ? 0 : (double) fallbacks / judged;
    }

    double errorRate() {
      return judged == 0 ? 0 : (double) errors / judged;
    }

    BigDecimal costPerCall() {
      return calls == 0
          ? BigDecimal.ZERO
          : cost.divide(BigDecimal.valueOf(calls), 6, RoundingMode.HALF_UP);
    }
  }

  static Totals totals(JdbcClient jdbc, String tenantId, OpsArgs.Window window) {
    return jdbc.sql(
            "select count(distinct workflow_id), count(*),"
                + " count(*) filter (where "
                + JUDGED
                + "), count(*) filter (where "
                + FALLBACK
                + "), count(*) filter (where "
                + ERROR
                + "), count(*) filter (where provider = 'guardrails'),"
                + " coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
                + " coalesce(sum(cost_usd), 0)"
                + " from ai_responses where tenant_id = ? and created_at >= ? and created_at < ?")
        .params(tenantId, window.fromTs(), window.toTs())
        .query(
            (rs, n) ->
                new Totals(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getLong(8),
                    rs.getBigDecimal(9)))
        .single();
  }
}
