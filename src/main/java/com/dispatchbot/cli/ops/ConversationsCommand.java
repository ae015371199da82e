package com.dispatchbot.cli.ops;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A tenant's conversations: read one, list, count, export; archive and delete old ones. */
@Command(
    name = "conversations",
    mixinStandardHelpOptions = true,
    description = {
      "Read, list, count and export a tenant's conversations; archive and delete old ones.",
      "Exit: as each subcommand says; 2 without one."
    },
    subcommands = {
      ConversationsCommand.Get.class,
      ConversationsCommand.Export.class,
      ConversationsCommand.ListCommand.class,
      ConversationsCommand.Stats.class,
      ArchivalCommands.Archive.class,
      ArchivalCommands.Delete.class
    })
public final class ConversationsCommand extends OpsCommand {
  static final Set<String> STATUSES = Set.of("active", "closed", "archived");

  @Override
  protected int run() {
    spec.commandLine().usage(err);
    err.println("error: name a subcommand: get, list, stats, export, archive or delete");
    return BAD_INPUT;
  }

  static String status(String option, String value) {
    if (value == null) {
      return null;
    }
    String s = value.strip().toLowerCase(Locale.ROOT);
    if (!STATUSES.contains(s)) {
      throw new BadInput(option + " must be active, closed or archived, not '" + value + "'");
    }
    return s;
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {
        "One conversation: its details, handoffs and transcript, each reply with its model,"
            + " tokens, latency and cost.",
        "Exit: 0 done, 2 unknown id or bad input, 3 database unavailable."
      })
  static final class Get extends OpsCommand {
    @Mixin TenantOption tenant;

    @Parameters(paramLabel = "ID", description = "conversation id or workflow id")
    String id;

    @Option(names = "--format", paramLabel = "text|json", description = "default: text")
    String format = "text";

    @Override
    protected int run() throws IOException {
      boolean asJson =
          switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new BadInput("--format must be text or json, not '" + format + "'");
          };
      AppConfig config = AppConfig.load();
      try (OpsDatabase db = OpsDatabase.open()) {
        String tenantId = tenant.resolve(db, config);
        Transcript.Conversation c = Transcript.require(db.jdbc(), tenantId, "ID", id);
        List<Transcript.Message> messages = Transcript.messages(db.jdbc(), tenantId, c);
        if (asJson) {
          JsonGenerator json =
              new JsonFactory().createGenerator(nonClosing(out), JsonEncoding.UTF8);
          json.useDefaultPrettyPrinter();
          ConversationJson.write(json, c, messages);
          json.flush();
          out.println();
          return OK;
        }
        printText(db, tenantId, c, messages);
        return OK;
      }
    }

    private void printText(
        OpsDatabase db,
        String tenantId,
        Transcript.Conversation c,
        List<Transcript.Message> messages) {
      out.println("conversation " + c.conversationId() + " (workflow " + c.workflowId() + ")");
      out.println(
          "  tenant "
              + tenantId
              + ", "
              + c.channel()
              + ", "
              + c.status()
              + (c.outcome() == null ? "" : " (" + c.outcome() + ")")
              + ", "
              + c.turnCount()
              + " turns");
      out.println(
          "  started "
              + Format.instant(c.startedAt())
              + ", ended "
              + Format.instant(c.endedAt())
              + (c.archivedAt() == null ? "" : ", archived " + Format.instant(c.archivedAt()))
              + " (UTC)");
      if (c.callerPhone() != null || c.callerName() != null) {
        out.println(
            "  caller "
                + (c.callerName() == null ? "" : c.callerName() + " ")
                + (c.callerPhone() == null ? "" : c.callerPhone()));
      }
      db.jdbc()
          .sql(
              "select id, reason, status, operator, created_at from handoffs"
                  + " where tenant_id = ? and workflow_id = ? order by created_at")
          .params(tenantId, c.workflowId())
          .query(
              (rs, n) ->
                  "  handoff "
                      + rs.getString(1)
                      + ": "
                      + rs.getString(2)
                      + ", "
                      + rs.getString(3)
                      + (rs.getString(4) == null ? "" : " by " + rs.getString(4))
                      + ", "
                      + Format.instant(rs.getTimestamp(5).toInstant()))
          .list()
          .forEach(out::println);
      out.println();
      long input = 0;
      long output = 0;
      BigDecimal cost = BigDecimal.ZERO;
      for (Transcript.Message m : messages) {
        String meta = "";
        if ("caller".equals(m.role()) && m.intent() != null) {
          meta =
              "  ["
                  + m.intent()
                  + (m.confidence() == null
                      ? ""
                      : String.format(Locale.ROOT, " %.2f", m.confidence()))
                  + "]";
        } else if (m.isReply() && m.provider() != null) {
          // archived replies keep provider and model; tokens and cost only as totals
          meta =
              "  ["
                  + m.provider()
                  + "/"
                  + m.model()
                  + (m.latencyMs() == null ? "" : ", " + Format.millis(m.latencyMs()))
                  + (m.inputTokens() == null || m.inputTokens() + m.outputTokens() == 0
                      ? ""
                      : ", " + m.inputTokens() + "+" + m.outputTokens() + " tokens")
                  + (m.costUsd() == null || m.costUsd().signum() == 0
                      ? ""
                      : ", " + Format.usd(m.costUsd()))
                  + (m.fallbackLevel() != null && m.fallbackLevel() > 0
                      ? ", fallback " + m.fallbackLevel()
                      : "")
                  + "]";
          input += m.inputTokens() == null ? 0 : m.inputTokens();
          output += m.outputTokens() == null ? 0 : m.outputTokens();
          cost = cost.add(m.costUsd() == null ? BigDecimal.ZERO : m.costUsd());
        }
        String who = m.author() != null && !"bot".equals(m.author()) ? m.author() : m.role();
        out.printf(
            Locale.ROOT,
            "%3d  %s  %-10s %s%s%n",
            m.turn(),
            m.at() == null ? "--:--:--" : m.at().toString().substring(11, 19),
            who,
            m.text().replace('\n', ' '),
            meta);
      }
      out.println();
      out.println(
          messages.size()
              + " messages; model tokens "
              + Format.count(input)
              + " in + "
              + Format.count(output)
              + " out, cost "
              + Format.usd(cost));
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "A tenant's conversations, newest first, with turns, handoffs and cost.",
        "Exit: 0 done, 2 bad input, 3 database unavailable."
      })
  static final class ListCommand extends OpsCommand {
    @Mixin TenantOption tenant;

    @Option(
        names = "--status",
        paramLabel = "active|closed|archived",
        description = "only conversations with this status (default: all)")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "at most N (default: 50)")
    int limit = 50;

    @Override
    protected int run() {
      String wanted = status("--status", status);
      OpsArgs.count("--limit", limit, 10_000);
      AppConfig config = AppConfig.load();
      try (OpsDatabase db = OpsDatabase.open()) {
        String tenantId = tenant.resolve(db, config);
        Format.Table table =
            new Format.Table(
                "started (UTC)",
                "conversation",
                "channel",
                "status",
                "outcome",
                ">turns",
                ">handoffs",
                ">cost");
        long total =
            db.jdbc()
                .sql(
                    "select count(*) from conversations where tenant_id = ?"
                        + " and (cast(? as text) is null or status = ?)")
                .params(tenantId, wanted, wanted)
                .query(Long.class)
                .single();
        db.jdbc()
            .sql(
                """
                select c.started_at, c.conversation_id, c.channel, c.status, c.outcome,
                       c.turn_count,
                       (select count(*) from handoffs h
                         where h.tenant_id = c.tenant_id and h.workflow_id = c.workflow_id),
                       (select coalesce(sum(a.cost_usd), 0) from ai_responses a
                         where a.tenant_id = c.tenant_id and a.workflow_id = c.workflow_id)
                  from conversations c
                 where c.tenant_id = ? and (cast(? as text) is null or c.status = ?)
                 order by c.started_at desc, c.workflow_id
                 limit ?
                """)
            .params(tenantId, wanted, wanted, limit)
            .query(
                (rs, n) ->
                    table.row(
                        Format.instant(rs.getTimestamp(1).toInstant()),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getLong(7),
                        Format.usd(rs.getBigDecimal(8))))
            .list();
        String what = (wanted == null ? "" : wanted + " ") + "conversations of tenant " + tenantId;
        if (table.isEmpty()) {
          out.println("no " + what);
          return OK;
        }
        table.print(out);
        out.println(
            total > limit
                ? "showing the newest " + limit + " of " + Format.count(total) + " " + what
                : Format.count(total) + " " + what);
        return OK;
      }
    }
  }

  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = {
        "Counts of a tenant's conversations: by status, channel and outcome, recent starts, turns"
            + " and durations, handoffs.",
        "Exit: 0 done, 2 bad input, 3 database unavailable."
      })
  static final class Stats extends OpsCommand {
    @Mixin TenantOption tenant;

    @Override
    protected int run() {
      AppConfig config = AppConfig.load();
      try (OpsDatabase db = OpsDatabase.open()) {
        String tenantId = tenant.resolve(db, config);
        var jdbc = db.jdbc();
        out.println("conversations of tenant " + tenantId);
        Format.Table byStatus = new Format.Table("status", ">conversations");
        long all = 0;
        for (Object[] row :
            jdbc.sql(
                    "select s, (select count(*) from conversations"
                        + " where tenant_id = ? and status = s)"
                        + " from unnest(array['active', 'closed', 'archived']) s")
                .param(tenantId)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)})
                .list()) {
          byStatus.row(row[0], Format.count((Long) row[1]));
          all += (Long) row[1];
        }
        byStatus.row("total", Format.count(all));
        long conversations = all;
        byStatus.print(out);
        out.println();
        jdbc.sql(
                """
                select count(*) filter (where started_at >= now() - interval '1 day'),
                       count(*) filter (where started_at >= now() - interval '7 days'),
                       count(*) filter (where started_at >= now() - interval '30 days'),
                       avg(turn_count),
                       percentile_cont(0.5) within group (order by turn_count),
                       percentile_cont(0.95) within group (order by turn_count),
                       percentile_cont(0.5) within group (
                         order by extract(epoch from ended_at - started_at))
                         filter (where ended_at is not null),
                       percentile_cont(0.95) within group (
                         order by extract(epoch from ended_at - started_at))
                         filter (where ended_at is not null)
                  from conversations where tenant_id = ?
                """)
            .param(tenantId)
            .query(
                (rs, n) -> {
                  out.println(
                      "started: "
                          + Format.count(rs.getLong(1))
                          + " in the last 24 h, "
                          + Format.count(rs.getLong(2))
                          + " in 7 days, "
                          + Format.count(rs.getLong(3))
                          + " in 30 days");
                  out.printf(
                      Locale.ROOT,
                      "turns per conversation: mean %.1f, median %.0f, p95 %.0f%n",
                      rs.getDouble(4),
                      rs.getDouble(5),
                      rs.getDouble(6));
                  out.println(
                      "duration of ended conversations: median "
                          + seconds(rs.getObject(7))
                          + ", p95 "
                          + seconds(rs.getObject(8)));
                  return 0;
                })
            .single();
        out.println();
        Format.Table channels = new Format.Table("channel", ">conversations");
        jdbc.sql(
                "select channel, count(*) from conversations where tenant_id = ?"
                    + " group by channel order by count(*) desc, channel")
            .param(tenantId)
            .query((rs, n) -> channels.row(rs.getString(1), Format.count(rs.getLong(2))))
            .list();
        Format.Table outcomes = new Format.Table("outcome", ">conversations");
        jdbc.sql(
                "select coalesce(outcome, '(none yet)'), count(*) from conversations"
                    + " where tenant_id = ? group by 1 order by count(*) desc, 1")
            .param(tenantId)
            .query((rs, n) -> outcomes.row(rs.getString(1), Format.count(rs.getLong(2))))
            .list();
        if (!channels.isEmpty()) {
          channels.print(out);
          out.println();
          outcomes.print(out);
          out.println();
        }
        jdbc.sql(
                """
                select count(*), count(*) filter (where status in ('open', 'claimed')),
                       count(*) filter (where status = 'callback'),
                       count(distinct workflow_id)
                  from handoffs where tenant_id = ?
                """)
            .param(tenantId)
            .query(
                (rs, n) -> {
                  out.println(
                      "handoffs: "
                          + Format.count(rs.getLong(1))
                          + " in "
                          + Format.count(rs.getLong(4))
                          + " conversations ("
                          + Format.rate(rs.getLong(4), conversations)
                          + " of all), "
                          + Format.count(rs.getLong(2))
                          + " open or claimed now, "
                          + Format.count(rs.getLong(3))
                          + " turned into callbacks");
                  return 0;
                })
            .single();
        return OK;
      }
    }

    private static String seconds(Object value) {
      if (value == null) {
        return "n/a";
      }
      double s = ((Number) value).doubleValue();
      return s >= 120
          ? String.format(Locale.ROOT, "%.1f min", s / 60)
          : String.format(Locale.ROOT, "%.0f s", s);
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Every conversation of a tenant with its messages and AI responses, as JSON (one"
            + " document) or JSON lines (one conversation per line).",
        "Exit: 0 done, 1 the file could not be written, 2 bad input, 3 database unavailable."
      })
  static final class Export extends OpsCommand {
    private static final int PAGE = 200;

    @Mixin TenantOption tenant;

    @Option(names = "--format", paramLabel = "json|jsonl", description = "default: json")
    String format = "json";

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description = "write here (default: stdout; the summary then goes to stderr)")
    Path output;

    @Option(
        names = "--status",
        paramLabel = "active|closed|archived",
        description = "only conversations with this status (default: all)")
    String status;

    @Override
    protected int run() throws IOException {
      String kind = format.strip().toLowerCase(Locale.ROOT);
      if (!kind.equals("json") && !kind.equals("jsonl")) {
        throw new BadInput("--format must be json or jsonl, not '" + format + "'");
      }
      String wanted = status("--status", status);
      if (output != null && output.getParent() != null && !Files.isDirectory(output.getParent())) {
        throw new BadInput("--output: the folder " + output.getParent() + " does not exist");
      }
      AppConfig config = AppConfig.load();
      try (OpsDatabase db = OpsDatabase.open()) {
        String tenantId = tenant.resolve(db, config);
        long total =
            db.jdbc()
                .sql(
                    "select count(*) from conversations where tenant_id = ?"
                        + " and (cast(? as text) is null or status = ?)")
                .params(tenantId, wanted, wanted)
                .query(Long.class)
                .single();
        Path partial =
            output == null ? null : output.resolveSibling(output.getFileName() + ".partial");
        long messages = 0;
        try (OutputStream sink =
                partial == null ? nonClosing(out) : Files.newOutputStream(partial);
            ProgressBar bar = Progress.bar("export", total)) {
          JsonGenerator json = new JsonFactory().createGenerator(sink, JsonEncoding.UTF8);
          if (kind.equals("json")) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("tenant", tenantId);
            json.writeStringField("exportedAt", Instant.now().toString());
            json.writeNumberField("conversations", total);
            json.writeArrayFieldStart("items");
          }
          Instant afterStart = null;
          String afterId = null;
          while (true) {
            List<Transcript.Conversation> page = page(db, tenantId, wanted, afterStart, afterId);
            for (Transcript.Conversation c : page) {
              List<Transcript.Message> ms = Transcript.messages(db.jdbc(), tenantId, c);
              ConversationJson.write(json, c, ms);
              if (kind.equals("jsonl")) {
                json.flush();
                sink.write('\n');
              }
              messages += ms.size();
              bar.step();
            }
            if (page.size() < PAGE) {
              break;
            }
            afterStart = page.get(page.size() - 1).startedAt();
            afterId = page.get(page.size() - 1).workflowId();
          }
          if (kind.equals("json")) {
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            sink.write('\n');
          }
          json.flush();
        } catch (IOException | RuntimeException e) {
          if (partial != null) {
            Files.deleteIfExists(partial);
          }
          throw e;
        }
        String summary =
            "exported "
                + Format.count(total)
                + " conversations ("
                + Format.count(messages)
                + " messages) of tenant "
                + tenantId;
        if (partial != null) {
          Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
          out.println(
              summary + " to " + output + " (" + Format.count(Files.size(output)) + " bytes)");
        } else {
          err.println(summary);
        }
        return OK;
      }
    }

    /** Oldest first, by (started_at, workflow_id) after the last one read. */
    private static List<Transcript.Conversation> page(
        OpsDatabase db, String tenantId, String status, Instant afterStart, String afterId) {
      List<Object> params = new ArrayList<>(List.of(tenantId));
      String sql =
          "select " + Transcript.CONVERSATION_COLUMNS + " from conversations where tenant_id = ?";
      if (status != null) {
        sql += " and status = ?";
        params.add(status);
      }
      if (afterStart != null) {
        sql += " and (started_at, workflow_id) > (?, ?)";
        params.add(Timestamp.from(afterStart));
        params.add(afterId);
      }
      sql += " order by started_at, workflow_id limit " + PAGE;
      return db.jdbc().sql(sql).params(params).query((rs, n) -> Transcript.conversation(rs)).list();
    }
  }

  /** stdout for a JSON writer that must not close it. */
  static OutputStream nonClosing(OutputStream stream) {
    return new java.io.FilterOutputStream(stream) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
