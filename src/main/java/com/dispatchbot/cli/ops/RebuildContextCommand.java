package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.TokenCounter;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The messages a model would get for a conversation's next turn, rebuilt from the stored transcript
 * ({@link HistoryWindow}) and the worker's own prompt builder ({@link PromptPreview}): what to read
 * when a reply surprised someone. {@code --turn} rebuilds a past turn instead.
 */
@Command(
    name = "rebuild-context",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the context the model would get for a conversation's next turn (or --turn N): the"
          + " tenant's system prompt, the history window (MAX_HISTORY_MESSAGES) as the workflow"
          + " keeps it, and the caller's message, redacted as the worker redacts them.",
      "Exit: 0 done, 2 unknown conversation or bad input, 3 database unavailable."
    })
public final class RebuildContextCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  @Option(
      names = "--conversation-id",
      required = true,
      paramLabel = "ID",
      description = "conversation id or workflow id")
  String conversationId;

  @Option(
      names = "--message",
      paramLabel = "TEXT",
      description = "the caller's next message (default: a placeholder)")
  String message;

  @Option(
      names = "--intent",
      paramLabel = "CODE",
      description = "the intent to brief the model with (default: none for the next turn)")
  String intent;

  @Option(
      names = "--turn",
      paramLabel = "N",
      description = "rebuild stored turn N as it was asked, instead of the next turn")
  Integer turn;

  @Override
  protected int run() {
    if (message != null) {
      TestLlmCommand.checkPrompt("--message", message);
    }
    if (turn != null && message != null) {
      throw new BadInput("--message is the next turn's message; it cannot go with --turn");
    }
    if (turn != null && turn < 1) {
      throw new BadInput("--turn must be 1 or more, not " + turn);
    }
    String intentCode = intent == null ? null : TestLlmCommand.intent("--intent", intent).code();
    AppConfig config = AppConfig.load();
    int maxHistory = config.dispatch().conversation().maxHistoryMessages();
    String model = config.llm().model();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      Transcript.Conversation c =
          Transcript.require(db.jdbc(), tenantId, "--conversation-id", conversationId);
      TurnContext context =
          TurnContext.of(db.jdbc(), tenantId, c, "--turn", turn, message, intentCode, maxHistory);
      List<ChatMessage> messages = context.messages();
      TokenCounter tokens = new TokenCounter();
      out.println(
          (turn == null ? "context of the next turn" : "context of turn " + turn)
              + " of conversation "
              + c.conversationId()
              + " (tenant "
              + tenantId
              + ", "
              + c.status()
              + "), as sent to "
              + model);
      HistoryWindow.Rebuilt h = context.history();
      out.println(
          "history: "
              + h.turns().size()
              + " of "
              + h.eligible()
              + " messages (MAX_HISTORY_MESSAGES="
              + maxHistory
              + ")"
              + (h.refusedTurns() == 0 ? "" : "; left out: " + h.refusedTurns() + " refused turns")
              + (h.notices() == 0
                  ? ""
                  : "; " + h.notices() + " notices are never shown to models"));
      out.println(
          "knowledge excerpts: added for knowledge questions only, chosen by that message (see"
              + " profile-request --query); hand-back notes of operators are not stored and not"
              + " shown here");
      if (turn == null && !"active".equals(c.status())) {
        out.println(
            "note: the conversation is "
                + c.status()
                + ": no next turn will come; this is what a new message would have been sent with");
      }
      if (turn != null) {
        out.println("turn " + turn + " was answered by " + context.answeredBy());
      }
      int total = tokens.countChat(model, messages.stream().map(PromptPreview::text).toList());
      for (int i = 0; i < messages.size(); i++) {
        ChatMessage m = messages.get(i);
        String text = PromptPreview.text(m);
        boolean last = i == messages.size() - 1;
        out.println();
        out.println(
            "--- ["
                + (i + 1)
                + "] "
                + PromptPreview.role(m)
                + (last ? (turn == null ? " (next message)" : " (turn " + turn + ")") : "")
                + ", "
                + Format.count(tokens.count(model, text))
                + " tokens");
        out.println(text.stripTrailing());
      }
      out.println();
      out.println(
          messages.size()
              + " messages, about "
              + Format.count(total)
              + " input tokens for "
              + model
              + " (jtokkit, with the per-message overhead)");
      return OK;
    }
  }
}
