package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a model is given for one turn of a stored conversation: the tenant's system prompt (with the
 * turn's intent), the history window before the turn, the knowledge excerpts (when retrieved) and
 * the caller's message, redacted as the worker redacts it.
 *
 * @param turn the stored turn rebuilt, or 0 for the next turn
 * @param query the caller's message as the model sees it
 * @param answeredBy the stored turn's provider/model (null for the next turn)
 * @param billedInputTokens the stored turn's input tokens (0 when no model was asked)
 */
record TurnContext(
    Transcript.Conversation conversation,
    int turn,
    String query,
    String intent,
    HistoryWindow.Rebuilt history,
    List<ContextChunk> knowledge,
    TenantProfile tenant,
    String answeredBy,
    int billedInputTokens,
    boolean billedEstimated) {

  /** Shown for the next message when none was given. */
  static final String NEXT_MESSAGE_PLACEHOLDER = "<the caller's next message>";

  List<ChatMessage> messages() {
    return PromptPreview.messages(tenant, history.turns(), query, intent, knowledge);
  }

  String systemPrompt() {
    return PromptPreview.systemPrompt(tenant, intent);
  }

  String knowledgeBlock() {
    return PromptPreview.knowledge(knowledge);
  }

  TurnContext withKnowledge(List<ContextChunk> chunks) {
    return new TurnContext(
        conversation,
        turn,
        query,
        intent,
        history,
        chunks,
        tenant,
        answeredBy,
        billedInputTokens,
        billedEstimated);
  }

  /**
   * @param turnOption the option that named the turn, for messages
   * @param turn a stored turn to rebuild, or null for the next turn
   * @param nextMessage the next turn's caller message (null: a placeholder)
   * @param intent the intent to brief the model with; null: the stored turn's, none for the next
   */
  static TurnContext of(
      JdbcClient jdbc,
      String tenantId,
      Transcript.Conversation conversation,
      String turnOption,
      Integer turn,
      String nextMessage,
      String intent,
      int maxHistoryMessages) {
    TenantProfile tenant =
        new TenantDirectory(jdbc)
            .find(tenantId)
            .orElseThrow(() -> new OpsCommand.BadInput("unknown tenant '" + tenantId + "'"));
    List<Transcript.Message> messages = Transcript.messages(jdbc, tenantId, conversation);
    PiiRedactor redactor = new PiiRedactor();
    if (turn == null) {
      return new TurnContext(
          conversation,
          0,
          nextMessage == null ? NEXT_MESSAGE_PLACEHOLDER : redactor.forModel(nextMessage),
          intent,
          HistoryWindow.rebuild(messages, Integer.MAX_VALUE, maxHistoryMessages),
          List.of(),
          tenant,
          null,
          0,
          false);
    }
    Transcript.Message caller =
        messages.stream()
            .filter(m -> m.turn() == turn && "caller".equals(m.role()))
            .findFirst()
            .orElseThrow(
                () ->
                    new OpsCommand.BadInput(
                        turnOption
                            + ": conversation "
                            + conversation.conversationId()
                            + " has no caller message in turn "
                            + turn
                            + " (it has "
                            + conversation.turnCount()
                            + " turns)"));
    Transcript.Message reply =
        messages.stream().filter(m -> m.turn() == turn && m.isReply()).findFirst().orElse(null);
    String answeredBy =
        reply == null || reply.provider() == null
            ? "not answered by the bot (an operator had the call, or the turn is in flight)"
            : reply.provider() + "/" + reply.model();
    return new TurnContext(
        conversation,
        turn,
        redactor.forModel(caller.text()),
        intent != null ? intent : caller.intent(),
        HistoryWindow.rebuild(messages, turn, maxHistoryMessages),
        List.of(),
        tenant,
        answeredBy,
        reply == null || reply.inputTokens() == null ? 0 : reply.inputTokens(),
        reply != null && Boolean.TRUE.equals(reply.tokensEstimated()));
  }

  /** The last turn with a caller message; bad input when the conversation has none. */
  static int lastCallerTurn(
      JdbcClient jdbc, String tenantId, Transcript.Conversation c, String option) {
    return Transcript.messages(jdbc, tenantId, c).stream()
        .filter(m -> "caller".equals(m.role()))
        .mapToInt(Transcript.Message::turn)
        .max()
        .orElseThrow(
            () ->
                new OpsCommand.BadInput(
                    option
                        + ": conversation "
                        + c.conversationId()
                        + " has no caller message yet"));
  }
}
