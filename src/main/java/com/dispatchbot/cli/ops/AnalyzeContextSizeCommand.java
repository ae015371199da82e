package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.TokenCounter;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrieveRequest;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How a turn's prompt divides into system prompt, history, knowledge excerpts and the caller's
 * message, in tokens of the model's own encoding (jtokkit, through the worker's TokenCounter). The
 * excerpts are not stored with a turn: for a knowledge question they are retrieved again with the
 * worker's knowledge activity, which needs the knowledge store (--no-retrieval skips it).
 */
@Command(
    name = "analyze-context-size",
    mixinStandardHelpOptions = true,
    description = {
      "Tokens of the system prompt, history, retrieved context and query of a conversation's last"
          + " turn (or --turn N, or a hypothetical next --query), compared with the input tokens"
          + " billed for it.",
      "Exit: 0 done, 2 unknown conversation or bad input, 3 database unavailable."
    })
public final class AnalyzeContextSizeCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(
      names = "--conversation-id",
      required = true,
      paramLabel = "ID",
      description = "conversation id or workflow id")
  String conversationId;

  @Option(names = "--turn", paramLabel = "N", description = "a stored turn (default: the last)")
  Integer turn;

  @Option(
      names = "--query",
      paramLabel = "TEXT",
      description = "analyse this as the next caller message instead of a stored turn")
  String query;

  @Option(
      names = "--intent",
      paramLabel = "CODE",
      description = "intent for --query (a stored turn keeps its own)")
  String intent;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "tokenizer of (default: MODEL_NAME)")
  String model;

  @Option(
      names = "--no-retrieval",
      description = "do not retrieve knowledge excerpts (no knowledge store needed)")
  boolean noRetrieval;

  @Override
  protected int run() {
    if (query != null && turn != null) {
      throw new BadInput("--query analyses the next turn; it cannot go with --turn");
    }
    if (query != null) {
      TestLlmCommand.checkPrompt("--query", query);
    }
    if (turn != null && turn < 1) {
      throw new BadInput("--turn must be 1 or more, not " + turn);
    }
    String intentCode = intent == null ? null : TestLlmCommand.intent("--intent", intent).code();
    AppConfig config = AppConfig.load();
    int maxHistory = config.dispatch().conversation().maxHistoryMessages();
    String encoding = model == null || model.isBlank() ? config.llm().model() : model.strip();
    TurnContext context;
    String tenantId;
    String retrievalNote;
    try (OpsDatabase db = OpsDatabase.open()) {
      tenantId = tenant.resolve(db, config);
      Transcript.Conversation c =
          Transcript.require(db.jdbc(), tenantId, "--conversation-id", conversationId);
      Integer which =
          query != null
              ? null
              : turn != null ? turn : TurnContext.lastCallerTurn(db.jdbc(), tenantId, c, "--turn");
      context =
          TurnContext.of(db.jdbc(), tenantId, c, "--turn", which, query, intentCode, maxHistory);
    }
    boolean knowledgeQuestion = Intent.KNOWLEDGE_QUESTION.code().equals(context.intent());
    if (!knowledgeQuestion) {
      retrievalNote = "none: only knowledge questions get excerpts";
    } else if (noRetrieval) {
      retrievalNote = "not retrieved (--no-retrieval)";
    } else {
      String question = query != null ? query : context.query();
      try (AppBeans beans = AppBeans.start()) {
        RetrievedContext retrieved =
            beans
                .get("knowledgeActivities", KnowledgeActivities.class)
                .retrieveContext(new RetrieveRequest(tenantId, question, 0));
        context = context.withKnowledge(retrieved.chunks());
        retrievalNote =
            retrieved.chunks().size()
                + " excerpts retrieved again now (the index may have changed since the turn)";
      } catch (org.springframework.beans.BeansException | IllegalStateException e) {
        retrievalNote = "not retrieved: " + Knowledge.whyUnavailable(e);
      }
    }
    print(context, tenantId, encoding, maxHistory, retrievalNote);
    return OK;
  }

  private void print(
      TurnContext context, String tenantId, String encoding, int maxHistory, String retrieval) {
    TokenCounter tokens = new TokenCounter();
    int system = tokens.count(encoding, context.systemPrompt());
    int knowledge = tokens.count(encoding, context.knowledgeBlock());
    // [system, the history as rendered (operators get a prefix), the caller's message]
    List<dev.langchain4j.data.message.ChatMessage> messages = context.messages();
    int history = 0;
    for (int i = 1; i < messages.size() - 1; i++) {
      history += tokens.count(encoding, PromptPreview.text(messages.get(i)));
    }
    int queryTokens = tokens.count(encoding, context.query());
    int total = tokens.countChat(encoding, messages.stream().map(PromptPreview::text).toList());
    int overhead = total - system - knowledge - history - queryTokens;
    Transcript.Conversation c = context.conversation();
    out.println(
        (context.turn() == 0 ? "next turn" : "turn " + context.turn())
            + " of conversation "
            + c.conversationId()
            + " (tenant "
            + tenantId
            + "), tokens for "
            + encoding
            + (context.intent() == null ? "" : ", intent " + context.intent()));
    Format.Table table = new Format.Table("part", ">messages", ">tokens", ">share");
    table.row("system prompt", 1, Format.count(system), share(system, total));
    table.row(
        "history (max " + maxHistory + ")",
        context.history().turns().size(),
        Format.count(history),
        share(history, total));
    table.row(
        "retrieved context",
        context.knowledge().size(),
        Format.count(knowledge),
        share(knowledge, total));
    table.row("query", 1, Format.count(queryTokens), share(queryTokens, total));
    table.row("message overhead", "", Format.count(overhead), share(overhead, total));
    table.row("total input", messages.size(), Format.count(total), "100.0 %");
    table.print(out);
    out.println("retrieved context: " + retrieval);
    if (context.history().dropped() > 0) {
      out.println(
          "history: "
              + context.history().dropped()
              + " older messages fell out of the window (MAX_HISTORY_MESSAGES="
              + maxHistory
              + ")");
    }
    if (context.turn() > 0) {
      out.println(
          context.billedInputTokens() > 0
              ? "billed for turn "
                  + context.turn()
                  + ": "
                  + Format.count(context.billedInputTokens())
                  + " input tokens ("
                  + (context.billedEstimated() ? "estimated by the worker" : "provider's usage")
                  + ", "
                  + context.answeredBy()
                  + ")"
              : "turn "
                  + context.turn()
                  + " asked no model (answered by "
                  + context.answeredBy()
                  + ")");
    }
  }

  private static String share(int part, int total) {
    return total == 0 ? "n/a" : Format.percent((double) part / total);
  }
}
