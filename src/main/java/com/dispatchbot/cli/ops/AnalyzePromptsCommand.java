package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.TokenCounter;
import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import dev.langchain4j.data.message.ChatMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a tenant's prompt tokens go. Billed input tokens are split by rebuilding each model call's
 * prompt from the stored transcript (system prompt with the turn's intent, the history window, the
 * caller's message) and counting it with the model's tokenizer; what the bill has beyond that is
 * the knowledge excerpts (not stored) and the provider's own framing. Then the costliest prompts,
 * with the caller's words redacted as the model saw them.
 */
@Command(
    name = "analyze-prompts",
    mixinStandardHelpOptions = true,
    description = {
      "Token composition of model prompts over the last N days (system prompt, history, caller"
          + " message, knowledge excerpts and framing) and the costliest prompts, from"
          + " ai_responses joined to the messages.",
      "Exit: 0 done, 2 bad input, 3 database unavailable."
    })
public final class AnalyzePromptsCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(names = "--days", paramLabel = "N", description = "days to look back (default: 7)")
  int days = 7;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "costliest prompts to list (default: 10)")
  int top = 10;

  @Option(
      names = "--sample",
      paramLabel = "N",
      description = "rebuild at most the N latest model calls for the composition (default: 1000)")
  int sample = 1000;

  /** A model call: a reply whose provider billed input tokens. */
  private record Call(
      String workflowId,
      String conversationId,
      int turn,
      String model,
      int inputTokens,
      int outputTokens,
      BigDecimal cost,
      Instant at) {}

  @Override
  protected int run() {
    OpsArgs.days("--days", days);
    OpsArgs.count("--top", top, 100);
    OpsArgs.count("--sample", sample, 100_000);
    AppConfig config = AppConfig.load();
    int maxHistory = config.dispatch().conversation().maxHistoryMessages();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      JdbcClient jdbc = db.jdbc();
      OpsArgs.Window w = OpsArgs.lastDays(days, Instant.now());
      out.println("prompts, last " + days + " days (" + w.label() + "), tenant " + tenantId);
      Format.Table models =
          new Format.Table(
              "model",
              ">model calls",
              ">input tokens",
              ">output tokens",
              ">input per call",
              ">output per call",
              ">estimated",
              ">cost");
      jdbc.sql(
              """
              select provider || '/' || model, count(*), sum(input_tokens), sum(output_tokens),
                     avg(input_tokens), avg(output_tokens),
                     count(*) filter (where tokens_estimated), sum(cost_usd)
                from ai_responses
               where tenant_id = ? and created_at >= ? and created_at < ? and input_tokens > 0
               group by provider, model order by sum(cost_usd) desc, 1
              """)
          .params(tenantId, w.fromTs(), w.toTs())
          .query(
              (rs, n) ->
                  models.row(
                      rs.getString(1),
                      Format.count(rs.getLong(2)),
                      Format.count(rs.getLong(3)),
                      Format.count(rs.getLong(4)),
                      Format.count(Math.round(rs.getDouble(5))),
                      Format.count(Math.round(rs.getDouble(6))),
                      Format.count(rs.getLong(7)),
                      Format.usd(rs.getBigDecimal(8))))
          .list();
      if (models.isEmpty()) {
        out.println(
            "no model calls in the window (replies from rules, the dialogue or guardrails"
                + " bill no tokens)");
        return OK;
      }
      models.print(out);
      List<Call> calls =
          jdbc.sql(
                  """
                  select a.workflow_id, c.conversation_id, a.turn, a.model, a.input_tokens,
                         a.output_tokens, a.cost_usd, a.created_at
                    from ai_responses a
                    join conversations c
                      on c.tenant_id = a.tenant_id and c.workflow_id = a.workflow_id
                   where a.tenant_id = ? and a.created_at >= ? and a.created_at < ?
                     and a.input_tokens > 0
                   order by a.created_at desc limit ?
                  """)
              .params(tenantId, w.fromTs(), w.toTs(), sample)
              .query(
                  (rs, n) ->
                      new Call(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getInt(3),
                          rs.getString(4),
                          rs.getInt(5),
                          rs.getInt(6),
                          rs.getBigDecimal(7),
                          rs.getTimestamp(8).toInstant()))
              .list();
      composition(jdbc, tenantId, calls, maxHistory);
      costliest(jdbc, tenantId, w);
      return OK;
    }
  }

  private void composition(JdbcClient jdbc, String tenantId, List<Call> calls, int maxHistory) {
    TenantProfile profile = new TenantDirectory(jdbc).find(tenantId).orElseThrow();
    TokenCounter tokens = new TokenCounter();
    Map<String, List<Transcript.Message>> transcripts = new HashMap<>();
    Map<String, Long> parts = new LinkedHashMap<>();
    for (String p : List.of("system prompt", "history", "caller message", "message framing")) {
      parts.put(p, 0L);
    }
    long billed = 0;
    long historyMessages = 0;
    PiiRedactor redactor = new PiiRedactor();
    try (ProgressBar bar = Progress.bar("rebuild prompts", calls.size())) {
      for (Call call : calls) {
        List<Transcript.Message> messages =
            transcripts.computeIfAbsent(
                call.workflowId(),
                id ->
                    Transcript.find(jdbc, tenantId, id)
                        .map(c -> Transcript.messages(jdbc, tenantId, c))
                        .orElse(List.of()));
        Transcript.Message caller =
            messages.stream()
                .filter(m -> m.turn() == call.turn() && "caller".equals(m.role()))
                .findFirst()
                .orElse(null);
        bar.step();
        if (caller == null) {
          continue;
        }
        HistoryWindow.Rebuilt history = HistoryWindow.rebuild(messages, call.turn(), maxHistory);
        String query = redactor.forModel(caller.text());
        List<ChatMessage> prompt =
            PromptPreview.messages(profile, history.turns(), query, caller.intent(), List.of());
        int system = tokens.count(call.model(), PromptPreview.text(prompt.get(0)));
        int hist = 0;
        for (int i = 1; i < prompt.size() - 1; i++) {
          hist += tokens.count(call.model(), PromptPreview.text(prompt.get(i)));
        }
        int q = tokens.count(call.model(), query);
        int total =
            tokens.countChat(call.model(), prompt.stream().map(PromptPreview::text).toList());
        parts.merge("system prompt", (long) system, Long::sum);
        parts.merge("history", (long) hist, Long::sum);
        parts.merge("caller message", (long) q, Long::sum);
        parts.merge("message framing", (long) (total - system - hist - q), Long::sum);
        billed += call.inputTokens();
        historyMessages += history.turns().size();
      }
    }
    long rebuilt = parts.values().stream().mapToLong(Long::longValue).sum();
    out.println();
    out.println(
        "composition of "
            + Format.count(calls.size())
            + " model prompts (rebuilt from the transcripts, "
            + String.format(
                java.util.Locale.ROOT,
                "%.1f",
                calls.isEmpty() ? 0.0 : (double) historyMessages / calls.size())
            + " history messages on average):");
    Format.Table table = new Format.Table("part", ">tokens", ">share of billed input");
    long bill = billed;
    parts.forEach((k, v) -> table.row(k, Format.count(v), Format.rate(v, bill)));
    long rest = billed - rebuilt;
    table.row(
        "knowledge excerpts + rest (not stored)",
        Format.count(rest),
        rest < 0 ? "n/a" : Format.rate(rest, billed));
    table.row("billed input", Format.count(billed), "100.0 %");
    table.print(out);
    if (rest < 0) {
      out.println(
          "  the rebuilt prompts count more than was billed: settings (MAX_HISTORY_MESSAGES, the"
              + " tenant's profile) changed since, or hand-back notes are missing");
    }
  }

  private void costliest(JdbcClient jdbc, String tenantId, OpsArgs.Window w) {
    PiiRedactor redactor = new PiiRedactor();
    Format.Table table =
        new Format.Table(
            "at (UTC)", "conversation", ">turn", "model", ">in", ">out", ">cost", "caller said");
    jdbc.sql(
            """
            select a.created_at, c.conversation_id, a.turn, a.model, a.input_tokens,
                   a.output_tokens, a.cost_usd, m.text
              from ai_responses a
              join conversations c on c.tenant_id = a.tenant_id and c.workflow_id = a.workflow_id
              left join conversation_messages m
                on m.tenant_id = a.tenant_id and m.workflow_id = a.workflow_id and m.turn = a.turn
               and m.role = 'caller' and m.seq = 0
             where a.tenant_id = ? and a.created_at >= ? and a.created_at < ? and a.input_tokens > 0
             order by a.cost_usd desc, a.input_tokens desc, a.created_at desc
             limit ?
            """)
        .params(tenantId, w.fromTs(), w.toTs(), top)
        .query(
            (rs, n) ->
                table.row(
                    Format.instant(rs.getTimestamp(1).toInstant()),
                    rs.getString(2),
                    rs.getInt(3),
                    rs.getString(4),
                    Format.count(rs.getLong(5)),
                    Format.count(rs.getLong(6)),
                    Format.usd(rs.getBigDecimal(7)),
                    Format.clip(
                        rs.getString(8) == null ? "" : redactor.forModel(rs.getString(8)), 60)))
        .list();
    out.println();
    out.println("costliest prompts:");
    table.print(out);
  }
}
