package com.dispatchbot.cli.ops;

import java.time.Instant;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How well the bot served a tenant's callers over the last days, from what is stored: replies
 * (fallbacks, errors, refusals, who answered), handoffs (reasons, time to claim, callbacks),
 * bookings (appointments the conversations made) and the intent classifier's confidence. Knowledge
 * relevance scores are a metric (dispatch.knowledge.context.relevance), not stored: the report
 * shows what the database does record about knowledge questions.
 */
@Command(
    name = "quality-report",
    mixinStandardHelpOptions = true,
    description = {
      "Fallback, error and handoff rates, booking rate, intent confidence and what is recorded"
          + " about knowledge answers over the last N UTC days (today included).",
      "Exit: 0 done, 2 bad input, 3 database unavailable."
    })
public final class QualityReportCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(names = "--days", paramLabel = "N", description = "days to look back (default: 7)")
  int days = 7;

  @Override
  protected int run() {
    OpsArgs.days("--days", days);
    AppConfig config = AppConfig.load();
    double humanThreshold = config.dispatch().conversation().humanThreshold();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      OpsArgs.Window w = OpsArgs.lastDays(days, Instant.now());
      JdbcClient jdbc = db.jdbc();
      out.println("quality, last " + days + " days (" + w.label() + "), tenant " + tenantId);
      long conversations =
          jdbc.sql(
                  "select count(*) from conversations"
                      + " where tenant_id = ? and started_at >= ? and started_at < ?")
              .params(tenantId, w.fromTs(), w.toTs())
              .query(Long.class)
              .single();
      out.println(Format.count(conversations) + " conversations started");
      replies(jdbc, tenantId, w);
      handoffs(jdbc, tenantId, w, conversations);
      bookings(jdbc, tenantId, w, conversations);
      intents(jdbc, tenantId, w, humanThreshold);
      knowledge(jdbc, tenantId, w);
      return OK;
    }
  }

  private void replies(JdbcClient jdbc, String tenantId, OpsArgs.Window w) {
    ReplyStats.Totals t = ReplyStats.totals(jdbc, tenantId, w);
    out.println();
    out.println("replies: " + Format.count(t.responses()));
    out.println(
        "  fallback rate "
            + Format.rate(t.fallbacks(), t.judged())
            + " ("
            + t.fallbacks()
            + " of "
            + t.judged()
            + " the bot gave itself), error rate "
            + Format.rate(t.errors(), t.judged())
            + " ("
            + t.errors()
            + " turns nothing could answer), "
            + t.refusals()
            + " guardrail refusals");
    Format.Table who = new Format.Table("answered by", ">replies", ">share");
    jdbc.sql(
            "select provider || '/' || model, count(*) from ai_responses"
                + " where tenant_id = ? and created_at >= ? and created_at < ?"
                + " group by 1 order by count(*) desc, 1")
        .params(tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) ->
                who.row(
                    rs.getString(1),
                    Format.count(rs.getLong(2)),
                    Format.rate(rs.getLong(2), t.responses())))
        .list();
    if (!who.isEmpty()) {
      who.print(out);
    }
  }

  private void handoffs(JdbcClient jdbc, String tenantId, OpsArgs.Window w, long conversations) {
    out.println();
    jdbc.sql(
            """
            select count(*), count(distinct workflow_id),
                   count(*) filter (where claimed_at is not null and claimed_at <= sla_due_at),
                   count(*) filter (where claimed_at is not null),
                   count(*) filter (where status = 'callback'),
                   percentile_cont(0.5) within group (
                     order by extract(epoch from claimed_at - created_at))
                     filter (where claimed_at is not null)
              from handoffs where tenant_id = ? and created_at >= ? and created_at < ?
            """)
        .params(tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) -> {
              long handoffs = rs.getLong(1);
              out.println(
                  "handoffs: "
                      + Format.count(handoffs)
                      + " in "
                      + Format.count(rs.getLong(2))
                      + " conversations, handoff rate "
                      + Format.rate(rs.getLong(2), conversations)
                      + " of conversations started");
              if (handoffs > 0) {
                Object median = rs.getObject(6);
                out.println(
                    "  claimed within the SLA "
                        + Format.rate(rs.getLong(3), handoffs)
                        + ", claimed at all "
                        + Format.rate(rs.getLong(4), handoffs)
                        + ", turned into callbacks "
                        + Format.rate(rs.getLong(5), handoffs)
                        + (median == null
                            ? ""
                            : String.format(
                                Locale.ROOT,
                                ", median time to claim %.0f s",
                                ((Number) median).doubleValue())));
              }
              return 0;
            })
        .single();
    Format.Table reasons = new Format.Table("handoff reason", ">handoffs");
    jdbc.sql(
            "select reason, count(*) from handoffs"
                + " where tenant_id = ? and created_at >= ? and created_at < ?"
                + " group by reason order by count(*) desc, reason")
        .params(tenantId, w.fromTs(), w.toTs())
        .query((rs, n) -> reasons.row(rs.getString(1), Format.count(rs.getLong(2))))
        .list();
    if (!reasons.isEmpty()) {
      reasons.print(out);
    }
  }

  private void bookings(JdbcClient jdbc, String tenantId, OpsArgs.Window w, long conversations) {
    out.println();
    jdbc.sql(
            """
            with wanted as (
              select distinct m.workflow_id from conversation_messages m
               where m.tenant_id = ? and m.role = 'caller' and m.created_at >= ?
                 and m.created_at < ? and m.intent in ('book_appointment', 'emergency')
            ), booked as (
              select distinct a.workflow_id from appointments a
               where a.tenant_id = ? and a.workflow_id is not null
                 and a.status in ('booked', 'completed', 'cancelled')
                 and a.created_at >= ? and a.created_at < ?
            )
            select (select count(*) from booked), (select count(*) from wanted),
                   (select count(*) from wanted
                     where workflow_id in (select workflow_id from booked))
            """)
        .params(tenantId, w.fromTs(), w.toTs(), tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) -> {
              out.println(
                  "bookings: "
                      + Format.count(rs.getLong(1))
                      + " conversations booked an appointment, booking rate "
                      + Format.rate(rs.getLong(1), conversations)
                      + " of conversations started; "
                      + Format.rate(rs.getLong(3), rs.getLong(2))
                      + " of the "
                      + Format.count(rs.getLong(2))
                      + " that asked to book or reported an emergency");
              return 0;
            })
        .single();
  }

  private void intents(JdbcClient jdbc, String tenantId, OpsArgs.Window w, double humanThreshold) {
    out.println();
    Format.Table table =
        new Format.Table("intent", ">messages", ">mean confidence", ">below HUMAN_THRESHOLD");
    long[] all = new long[2];
    jdbc.sql(
            """
            select intent, count(*), avg(confidence),
                   count(*) filter (where confidence < ?)
              from conversation_messages
             where tenant_id = ? and role = 'caller' and confidence is not null
               and created_at >= ? and created_at < ?
             group by intent order by count(*) desc, intent
            """)
        .params(humanThreshold, tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) -> {
              all[0] += rs.getLong(2);
              all[1] += rs.getLong(4);
              return table.row(
                  rs.getString(1),
                  Format.count(rs.getLong(2)),
                  String.format(Locale.ROOT, "%.2f", rs.getDouble(3)),
                  Format.rate(rs.getLong(4), rs.getLong(2)));
            })
        .list();
    out.println(
        "intent confidence: "
            + Format.count(all[0])
            + " caller messages classified, "
            + Format.rate(all[1], all[0])
            + " below HUMAN_THRESHOLD="
            + humanThreshold);
    if (!table.isEmpty()) {
      table.print(out);
    }
  }

  private void knowledge(JdbcClient jdbc, String tenantId, OpsArgs.Window w) {
    out.println();
    jdbc.sql(
            """
            select count(*),
                   count(*) filter (where a.provider not in ('rules', 'none', 'dialogue',
                                                             'guardrails', 'handoff')),
                   count(*) filter (where a.model = 'retrieval-extractive-v1'),
                   (select count(*) from handoffs h
                     where h.tenant_id = ? and h.reason = 'knowledge_gap'
                       and h.created_at >= ? and h.created_at < ?)
              from conversation_messages m
              left join ai_responses a
                on a.tenant_id = m.tenant_id and a.workflow_id = m.workflow_id and a.turn = m.turn
             where m.tenant_id = ? and m.role = 'caller' and m.intent = 'knowledge_question'
               and m.created_at >= ? and m.created_at < ?
            """)
        .params(tenantId, w.fromTs(), w.toTs(), tenantId, w.fromTs(), w.toTs())
        .query(
            (rs, n) -> {
              long questions = rs.getLong(1);
              out.println(
                  "knowledge questions: "
                      + Format.count(questions)
                      + "; answered by a model "
                      + Format.rate(rs.getLong(2), questions)
                      + ", from an excerpt without a model "
                      + Format.rate(rs.getLong(3), questions)
                      + "; "
                      + Format.count(rs.getLong(4))
                      + " knowledge-gap handoffs (nothing relevant found)");
              return 0;
            })
        .single();
    out.println(
        "  relevance scores are not stored: see the metric dispatch.knowledge.context.relevance"
            + " on /metrics");
  }
}
