package com.dispatchbot.cli.ops;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A tenant's tokens and cost over the last days: per day, then per model. */
@Command(
    name = "token-usage",
    mixinStandardHelpOptions = true,
    description = {
      "Tokens and cost per UTC day and per model over the last N days (today included), from"
          + " ai_responses.",
      "Exit: 0 done, 2 bad input, 3 database unavailable."
    })
public final class TokenUsageCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(names = "--days", paramLabel = "N", description = "days to look back (default: 7)")
  int days = 7;

  private record Day(LocalDate day, long responses, long input, long output, BigDecimal cost) {}

  private record Model(
      String model, long responses, long input, long output, long estimated, BigDecimal cost) {}

  @Override
  protected int run() {
    OpsArgs.days("--days", days);
    AppConfig config = AppConfig.load();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      OpsArgs.Window window = OpsArgs.lastDays(days, Instant.now());
      // every day of the window, also the ones without a reply
      List<Day> perDay =
          db.jdbc()
              .sql(
                  """
                  select d::date, count(a.id), coalesce(sum(a.input_tokens), 0),
                         coalesce(sum(a.output_tokens), 0), coalesce(sum(a.cost_usd), 0)
                    from generate_series(cast(? as timestamptz) at time zone 'UTC',
                                         cast(? as timestamptz) at time zone 'UTC',
                                         interval '1 day') d
                    left join ai_responses a
                      on a.tenant_id = ? and a.created_at >= ?
                     and (a.created_at at time zone 'UTC')::date = d::date
                   group by d order by d
                  """)
              .params(window.fromTs(), window.toTs(), tenantId, window.fromTs())
              .query(
                  (rs, n) ->
                      new Day(
                          rs.getObject(1, LocalDate.class),
                          rs.getLong(2),
                          rs.getLong(3),
                          rs.getLong(4),
                          rs.getBigDecimal(5)))
              .list();
      List<Model> perModel =
          db.jdbc()
              .sql(
                  """
                  select provider || '/' || model, count(*), sum(input_tokens), sum(output_tokens),
                         count(*) filter (where tokens_estimated), sum(cost_usd)
                    from ai_responses
                   where tenant_id = ? and created_at >= ? and created_at < ?
                   group by provider, model
                   order by sum(cost_usd) desc, sum(input_tokens) desc, 1
                  """)
              .params(tenantId, window.fromTs(), window.toTs())
              .query(
                  (rs, n) ->
                      new Model(
                          rs.getString(1),
                          rs.getLong(2),
                          rs.getLong(3),
                          rs.getLong(4),
                          rs.getLong(5),
                          rs.getBigDecimal(6)))
              .list();
      out.println(
          "token usage, last " + days + " days (" + window.label() + "), tenant " + tenantId);
      Format.Table byDay =
          new Format.Table(
              "day (UTC)", ">replies", ">input tokens", ">output tokens", ">total tokens", ">cost");
      Map<String, Long> sums = new LinkedHashMap<>();
      BigDecimal cost = BigDecimal.ZERO;
      for (Day d : perDay) {
        byDay.row(
            d.day(),
            Format.count(d.responses()),
            Format.count(d.input()),
            Format.count(d.output()),
            Format.count(d.input() + d.output()),
            Format.usd(d.cost()));
        sums.merge("responses", d.responses(), Long::sum);
        sums.merge("input", d.input(), Long::sum);
        sums.merge("output", d.output(), Long::sum);
        cost = cost.add(d.cost());
      }
      long input = sums.getOrDefault("input", 0L);
      long output = sums.getOrDefault("output", 0L);
      byDay.row(
          "total",
          Format.count(sums.getOrDefault("responses", 0L)),
          Format.count(input),
          Format.count(output),
          Format.count(input + output),
          Format.usd(cost));
      byDay.print(out);
      out.println();
      if (perModel.isEmpty()) {
        out.println("no replies in the window");
        return OK;
      }
      Format.Table byModel =
          new Format.Table(
              "provider/model",
              ">replies",
              ">input tokens",
              ">output tokens",
              ">estimated",
              ">cost",
              ">share of cost");
      for (Model m : perModel) {
        byModel.row(
            m.model(),
            Format.count(m.responses()),
            Format.count(m.input()),
            Format.count(m.output()),
            Format.count(m.estimated()),
            Format.usd(m.cost()),
            cost.signum() == 0
                ? "n/a"
                : Format.percent(m.cost().doubleValue() / cost.doubleValue()));
      }
      byModel.print(out);
      out.println(
          "average per day: "
              + Format.count((input + output) / days)
              + " tokens, "
              + Format.usd(
                  cost.divide(BigDecimal.valueOf(days), 6, java.math.RoundingMode.HALF_UP)));
      return OK;
    }
  }
}
