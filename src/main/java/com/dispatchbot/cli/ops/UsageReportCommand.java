package com.dispatchbot.cli.ops;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One UTC day of a tenant's replies: tokens and cost by provider and model. */
@Command(
    name = "usage-report",
    mixinStandardHelpOptions = true,
    description = {
      "Tokens and cost of one UTC day by provider and model (from ai_responses), with cost per"
          + " call.",
      "Exit: 0 done, 2 bad input, 3 database unavailable."
    })
public final class UsageReportCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(names = "--date", paramLabel = "yyyy-MM-dd", description = "the UTC day (default: today)")
  String date;

  private record Line(
      String provider,
      String model,
      long responses,
      long calls,
      long inputTokens,
      long outputTokens,
      long estimated,
      BigDecimal cost) {}

  @Override
  protected int run() {
    LocalDate day = date == null ? LocalDate.now(ZoneOffset.UTC) : OpsArgs.date("--date", date);
    AppConfig config = AppConfig.load();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      OpsArgs.Window window = OpsArgs.day(day);
      List<Line> lines =
          db.jdbc()
              .sql(
                  """
                  select provider, model, count(*), count(distinct workflow_id),
                         sum(input_tokens), sum(output_tokens),
                         count(*) filter (where tokens_estimated), sum(cost_usd)
                    from ai_responses
                   where tenant_id = ? and created_at >= ? and created_at < ?
                   group by provider, model
                   order by sum(cost_usd) desc, count(*) desc, provider, model
                  """)
              .params(tenantId, window.fromTs(), window.toTs())
              .query(
                  (rs, n) ->
                      new Line(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getLong(3),
                          rs.getLong(4),
                          rs.getLong(5),
                          rs.getLong(6),
                          rs.getLong(7),
                          rs.getBigDecimal(8)))
              .list();
      ReplyStats.Totals total = ReplyStats.totals(db.jdbc(), tenantId, window);
      out.println("usage " + day + " (UTC), tenant " + tenantId);
      if (lines.isEmpty()) {
        out.println("no replies that day");
        return OK;
      }
      Format.Table table =
          new Format.Table(
              "provider",
              "model",
              ">replies",
              ">calls",
              ">input tokens",
              ">output tokens",
              ">estimated",
              ">cost");
      for (Line l : lines) {
        table.row(
            l.provider(),
            l.model(),
            Format.count(l.responses()),
            Format.count(l.calls()),
            Format.count(l.inputTokens()),
            Format.count(l.outputTokens()),
            Format.count(l.estimated()),
            Format.usd(l.cost()));
      }
      table.row(
          "total",
          "",
          Format.count(total.responses()),
          Format.count(total.calls()),
          Format.count(total.inputTokens()),
          Format.count(total.outputTokens()),
          Format.count(lines.stream().mapToLong(Line::estimated).sum()),
          Format.usd(total.cost()));
      table.print(out);
      out.println(
          "cost per call "
              + Format.usd(total.costPerCall())
              + " over "
              + Format.count(total.calls())
              + " calls; 'estimated' replies had no usage from the provider and were counted"
              + " with a tokenizer");
      return OK;
    }
  }
}
