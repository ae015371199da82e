package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.AlertThresholds;
import com.dispatchbot.activities.guardrails.PiiRedactor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One self-contained HTML page about a time window, for a post-incident review: replies, latency
 * percentiles, fallback and error rates, cost, handoffs, alerts, and the same hour by hour; the
 * turns nothing could answer with the caller's words. No script, no stylesheet or font from
 * elsewhere: it opens offline and can be attached to a ticket. Every stored text is HTML-escaped (a
 * caller can type markup) and redacted for phones, e-mails and addresses, as for a model.
 */
@Command(
    name = "incident-report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a self-contained HTML report of a time window: replies, latency percentiles,"
          + " fallback/error rates, cost, handoffs, alerts, by hour, and the failed turns.",
      "Exit: 0 written, 1 the file could not be written, 2 bad input, 3 database unavailable."
    })
public final class IncidentReportCommand extends OpsCommand {
  /** The longest window: an hour-by-hour table of a month is already 744 rows. */
  static final Duration MAX_WINDOW = Duration.ofDays(31);

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Mixin TenantOption tenant;

  @Option(
      names = "--start",
      required = true,
      paramLabel = "ISO",
      description = "window start, e.g. 2026-11-22T14:00:00Z")
  String start;

  @Option(
      names = "--end",
      required = true,
      paramLabel = "ISO",
      description = "window end (exclusive), e.g. 2026-11-22T18:00:00Z")
  String end;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "the HTML file (default: incident-report-<tenant>-<start>.html here)")
  Path output;

  record Hour(
      Instant hour,
      long responses,
      long judged,
      long fallbacks,
      long errors,
      Double p95,
      BigDecimal cost,
      long handoffs) {}

  record Failed(Instant at, String conversationId, int turn, String callerText, String reason) {}

  record Report(
      String tenantId,
      OpsArgs.Window window,
      ReplyStats.Totals totals,
      Map<String, double[]> latency,
      List<Hour> hours,
      Map<String, Long> handoffReasons,
      long callbacks,
      List<String[]> alerts,
      Map<String, Long> fallbackReasons,
      List<Failed> failed,
      AlertThresholds thresholds,
      Instant generatedAt) {}

  @Override
  protected int run() throws IOException {
    Instant from = OpsArgs.instant("--start", start);
    Instant to = OpsArgs.instant("--end", end);
    if (!to.isAfter(from)) {
      throw new BadInput("--end must be after --start");
    }
    if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
      throw new BadInput("--start to --end may span at most 31 days");
    }
    if (output != null && output.getParent() != null && !Files.isDirectory(output.getParent())) {
      throw new BadInput("--output: the folder " + output.getParent() + " does not exist");
    }
    AppConfig config = AppConfig.load();
    Report report;
    try (OpsDatabase db = OpsDatabase.open();
        ProgressBar bar = Progress.bar("incident-report", 7)) {
      String tenantId = tenant.resolve(db, config);
      report = load(db.jdbc(), tenantId, new OpsArgs.Window(from, to), config.alerts(), bar);
    }
    Path file =
        output != null
            ? output
            : Path.of(
                "incident-report-" + report.tenantId() + "-" + FILE_TIME.format(from) + ".html");
    Files.writeString(file, IncidentReportHtml.render(report), StandardCharsets.UTF_8);
    ReplyStats.Totals t = report.totals();
    double[] all = report.latency().get("all");
    out.println(
        "wrote "
            + file
            + " ("
            + Format.count(Files.size(file))
            + " bytes): "
            + Format.count(t.responses())
            + " replies, p95 latency "
            + (all == null ? "n/a" : Format.millis(all[1]))
            + ", fallback rate "
            + Format.rate(t.fallbacks(), t.judged())
            + ", error rate "
            + Format.rate(t.errors(), t.judged())
            + ", cost "
            + Format.usd(t.cost())
            + ", "
            + report.handoffReasons().values().stream().mapToLong(Long::longValue).sum()
            + " handoffs, "
            + report.alerts().size()
            + " alerts");
    return OK;
  }

  static Report load(
      JdbcClient jdbc,
      String tenantId,
      OpsArgs.Window w,
      AlertThresholds thresholds,
      ProgressBar bar) {
    ReplyStats.Totals totals = ReplyStats.totals(jdbc, tenantId, w);
    bar.step();
    Map<String, double[]> latency = new LinkedHashMap<>();
    jdbc.sql(
            "select coalesce(provider, 'all'),"
                + " percentile_cont(0.5) within group (order by latency_ms),"
                + " percentile_cont(0.95) within group (order by latency_ms),"
                + " percentile_cont(0.99) within group (order by latency_ms),"
                + " max(latency_ms), count(*)"
                + " from ai_responses where tenant_id = ? and created_at >= ? and created_at < ?"
                + " and "
                + ReplyStats.JUDGED
                + " group by grouping sets ((), (provider)) order by provider nulls first")
        .params(tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) ->
                latency.put(
                    rs.getString(1),
                    new double[] {
                      rs.getDouble(2),
                      rs.getDouble(3),
                      rs.getDouble(4),
                      rs.getDouble(5),
                      rs.getDouble(6)
                    }))
        .list();
    bar.step();
    List<Hour> hours =
        jdbc.sql(
                "with h as (select generate_series(date_trunc('hour', cast(? as timestamptz)),"
                    + " cast(? as timestamptz) - interval '1 microsecond', interval '1 hour') as"
                    + " hour) select h.hour, count(a.id), count(a.id) filter (where "
                    + ReplyStats.JUDGED.replace("provider", "a.provider")
                    + "), count(a.id) filter (where "
                    + ReplyStats.FALLBACK
                        .replace("provider", "a.provider")
                        .replace("fallback_level", "a.fallback_level")
                    + "), count(a.id) filter (where "
                    + ReplyStats.ERROR.replace("provider", "a.provider")
                    + "), percentile_cont(0.95) within group (order by a.latency_ms),"
                    + " coalesce(sum(a.cost_usd), 0),"
                    + " (select count(*) from handoffs x where x.tenant_id = ?"
                    + "   and x.created_at >= greatest(h.hour, ?) and x.created_at < least("
                    + "   h.hour + interval '1 hour', ?))"
                    + " from h left join ai_responses a on a.tenant_id = ?"
                    + " and a.created_at >= greatest(h.hour, ?)"
                    + " and a.created_at < least(h.hour + interval '1 hour', ?)"
                    + " group by h.hour order by h.hour")
            .params(
                w.fromTs(),
                w.toTs(),
                tenantId,
                w.fromTs(),
                w.toTs(),
                tenantId,
                w.fromTs(),
                w.toTs())
            .query(
                (rs, n) ->
                    new Hour(
                        rs.getTimestamp(1).toInstant(),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        (Double) rs.getObject(6),
                        rs.getBigDecimal(7),
                        rs.getLong(8)))
            .list();
    bar.step();
    Map<String, Long> reasons = new LinkedHashMap<>();
    jdbc.sql(
            "select reason, count(*) from handoffs"
                + " where tenant_id = ? and created_at >= ? and created_at < ?"
                + " group by reason order by count(*) desc, reason")
        .params(tenantId, w.fromTs(), w.toTs())
        .query((rs, n) -> reasons.put(rs.getString(1), rs.getLong(2)))
        .list();
    long callbacks =
        jdbc.sql(
                "select count(*) from callback_tasks"
                    + " where tenant_id = ? and created_at >= ? and created_at < ?")
            .params(tenantId, w.fromTs(), w.toTs())
            .query(Long.class)
            .single();
    bar.step();
    List<String[]> alerts =
        jdbc.sql(
                "select created_at, severity, kind, coalesce(tenant_id, '(installation)'), message"
                    + " from alerts where (tenant_id = ? or tenant_id is null)"
                    + " and created_at >= ? and created_at < ? order by created_at")
            .params(tenantId, w.fromTs(), w.toTs())
            .query(
                (rs, n) ->
                    new String[] {
                      Format.instant(rs.getTimestamp(1).toInstant()),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5)
                    })
            .list();
    bar.step();
    Map<String, Long> fallbackReasons = new LinkedHashMap<>();
    jdbc.sql(
            "select fallback_reason, count(*) from ai_responses"
                + " where tenant_id = ? and created_at >= ? and created_at < ?"
                + " and fallback_reason is not null"
                + " group by fallback_reason order by count(*) desc, fallback_reason limit 10")
        .params(tenantId, w.fromTs(), w.toTs())
        .query((rs, n) -> fallbackReasons.put(rs.getString(1), rs.getLong(2)))
        .list();
    bar.step();
    PiiRedactor redactor = new PiiRedactor();
    List<Failed> failed = new ArrayList<>();
    jdbc.sql(
            """
            select a.created_at, c.conversation_id, a.turn, m.text, a.fallback_reason
              from ai_responses a
              join conversations c on c.tenant_id = a.tenant_id and c.workflow_id = a.workflow_id
              left join conversation_messages m
                on m.tenant_id = a.tenant_id and m.workflow_id = a.workflow_id
               and m.turn = a.turn and m.role = 'caller' and m.seq = 0
             where a.tenant_id = ? and a.created_at >= ? and a.created_at < ?
               and a.provider = 'none'
             order by a.created_at limit 50
            """)
        .params(tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) ->
                failed.add(
                    new Failed(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4) == null ? "" : redactor.forModel(rs.getString(4)),
                        rs.getString(5))))
        .list();
    bar.step();
    return new Report(
        tenantId,
        w,
        totals,
        latency,
        hours,
        reasons,
        callbacks,
        alerts,
        fallbackReasons,
        failed,
        thresholds,
        Instant.now());
  }
}
