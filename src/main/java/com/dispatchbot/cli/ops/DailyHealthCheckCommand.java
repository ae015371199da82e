package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.AlertThresholds;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Yesterday's numbers against the runbook's thresholds, for a cron job or a monitoring probe: a
 * non-zero exit when one is crossed. The thresholds and the rule that rates are not judged on a
 * handful of replies (ALERT_MIN_RESPONSES) are the daily cost report's, so both agree.
 */
@Command(
    name = "daily-health-check",
    mixinStandardHelpOptions = true,
    description = {
      "Yesterday's (UTC) error rate, fallback rate and cost per call against ALERT_ERROR_RATE"
          + " (5 %%), ALERT_FALLBACK_RATE (10 %%) and ALERT_COST_PER_CALL ($0.50).",
      "Exit: 0 all within thresholds, 1 a threshold is crossed, 2 bad input, 3 database"
          + " unavailable."
    })
public final class DailyHealthCheckCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(
      names = "--date",
      paramLabel = "yyyy-MM-dd",
      description = "check this UTC day instead of yesterday")
  String date;

  @Override
  protected int run() {
    LocalDate day =
        date == null ? LocalDate.now(ZoneOffset.UTC).minusDays(1) : OpsArgs.date("--date", date);
    AppConfig config = AppConfig.load();
    AlertThresholds limits = config.alerts();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      ReplyStats.Totals t = ReplyStats.totals(db.jdbc(), tenantId, OpsArgs.day(day));
      out.println("health " + day + " (UTC), tenant " + tenantId);
      out.println(
          Format.count(t.calls())
              + " calls, "
              + Format.count(t.responses())
              + " replies ("
              + Format.count(t.judged())
              + " by the bot itself), cost "
              + Format.usd(t.cost()));
      // as the cost report: rates are judged from ALERT_MIN_RESPONSES replies a day
      boolean judged = t.responses() >= limits.minResponses();
      int crossed = 0;
      crossed +=
          check(
              "error rate",
              Format.percent(t.errorRate()) + " (" + t.errors() + " of " + t.judged() + ")",
              judged ? t.errorRate() > limits.errorRate() : null,
              "> " + Format.percent(limits.errorRate()) + " ALERT_ERROR_RATE",
              judged,
              limits.minResponses());
      crossed +=
          check(
              "fallback rate",
              Format.percent(t.fallbackRate()) + " (" + t.fallbacks() + " of " + t.judged() + ")",
              judged ? t.fallbackRate() > limits.fallbackRate() : null,
              "> " + Format.percent(limits.fallbackRate()) + " ALERT_FALLBACK_RATE",
              judged,
              limits.minResponses());
      crossed +=
          check(
              "cost per call",
              Format.usd(t.costPerCall()),
              t.costPerCall().compareTo(limits.costPerCall()) > 0,
              "> " + Format.usd(limits.costPerCall()) + " ALERT_COST_PER_CALL",
              true,
              0);
      out.println(
          crossed == 0
              ? "OK: no threshold crossed"
              : String.format(Locale.ROOT, "ALERT: %d threshold(s) crossed", crossed));
      return crossed == 0 ? OK : PROBLEM;
    }
  }

  /** Prints one check; 1 when it is crossed. */
  private int check(
      String name,
      String value,
      Boolean crossed,
      String threshold,
      boolean judged,
      int minResponses) {
    String verdict;
    if (!judged) {
      verdict = "SKIPPED (fewer than " + minResponses + " replies: ALERT_MIN_RESPONSES)";
    } else {
      verdict = Boolean.TRUE.equals(crossed) ? "ALERT" : "OK";
    }
    out.printf(
        Locale.ROOT,
        "%-8s %-14s %s  (alert when %s)%n",
        verdict.split(" ")[0],
        name,
        value,
        threshold);
    if (!judged) {
      out.println("         " + verdict.substring(verdict.indexOf(' ') + 1));
    }
    return Boolean.TRUE.equals(crossed) ? 1 : 0;
  }
}
