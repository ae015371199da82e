package com.dispatchbot.api.cost;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.schedules.ScheduleProperties;
import com.dispatchbot.security.DispatchPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The daily cost reports and the alerts of a tenant (its admins only). Installation-wide alerts
 * (global spend limits) are shown to the platform tenant's admins.
 */
@RestController
class CostController {
  static final int MAX_DAYS = 366;
  static final int MAX_ALERTS = 500;

  private final JdbcClient jdbc;
  private final String platformTenant;
  private final Clock clock = Clock.systemUTC();

  CostController(JdbcClient jdbc, ScheduleProperties schedules) {
    this.jdbc = jdbc;
    this.platformTenant = schedules.platformTenant();
  }

  record ReportLine(
      LocalDate date,
      String model,
      int calls,
      int responses,
      long inputTokens,
      long outputTokens,
      BigDecimal costUsd,
      BigDecimal costPerCall,
      double fallbackRate,
      double errorRate) {}

  record Alert(
      long id,
      String scope,
      String kind,
      String severity,
      Instant windowStart,
      double value,
      double threshold,
      String message,
      Instant createdAt) {}

  @Operation(
      summary = "Daily cost reports (tokens, cost, cost per call, fallback and error rates)",
      description =
          "from/to are days (yyyy-MM-dd, UTC, inclusive); default the last 30 days; at most 366."
              + " Model '*' is the tenant's total of the day.")
  @GetMapping("/v1/costs/reports")
  List<ReportLine> reports(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    LocalDate today = LocalDate.now(clock);
    LocalDate end = to == null ? today : day("to", to);
    LocalDate start = from == null ? end.minusDays(29) : day("from", from);
    if (start.isAfter(end)) {
      throw bad("from (" + start + ") is after to (" + end + ")");
    }
    if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
      throw bad("at most " + MAX_DAYS + " days per request");
    }
    return jdbc.sql(
            """
            select report_date, model, calls, responses, input_tokens, output_tokens, cost_usd,
                   cost_per_call, fallback_rate, error_rate
              from cost_reports
             where tenant_id = ? and report_date between ? and ?
             order by report_date desc, model
            """)
        .params(admin.tenantId(), Date.valueOf(start), Date.valueOf(end))
        .query(
            (rs, n) ->
                new ReportLine(
                    rs.getDate(1).toLocalDate(),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getInt(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getBigDecimal(7),
                    rs.getBigDecimal(8),
                    rs.getDouble(9),
                    rs.getDouble(10)))
        .list();
  }

  @Operation(
      summary = "Alerts: cost per call, token quota, fallback and error rates, spend limits",
      description = "since: an ISO-8601 instant (default 7 days ago); kind: one kind only.")
  @GetMapping("/v1/alerts")
  List<Alert> alerts(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) String kind) {
    Instant after = since == null ? clock.instant().minus(7, ChronoUnit.DAYS) : instant(since);
    if (kind != null && !kind.matches("[a-z_]{1,40}")) {
      throw bad(
          "kind '" + kind + "' is not an alert kind (e.g. cost_per_call, spend_limit_reached)");
    }
    boolean platform = platformTenant.equals(admin.tenantId());
    return jdbc.sql(
            """
            select id, tenant_id, kind, severity, window_start, value, threshold, message, created_at
              from alerts
             where (tenant_id = ? or (tenant_id is null and ?))
               and created_at >= ? and (cast(? as text) is null or kind = ?)
             order by created_at desc, id desc
             limit ?
            """)
        .params(admin.tenantId(), platform, Timestamp.from(after), kind, kind, MAX_ALERTS)
        .query(
            (rs, n) ->
                new Alert(
                    rs.getLong(1),
                    rs.getString(2) == null ? "installation" : "tenant",
                    rs.getString(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant(),
                    rs.getDouble(6),
                    rs.getDouble(7),
                    rs.getString(8),
                    rs.getTimestamp(9).toInstant()))
        .list();
  }

  private static LocalDate day(String name, String value) {
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw bad(name + " '" + value + "' is not a day; write it like 2026-11-22");
    }
  }

  private static Instant instant(String value) {
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException again) {
        throw bad("since '" + value + "' is not a time; write it like 2026-11-22T00:00:00Z");
      }
    }
  }

  private static ApiProblem bad(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }
}
