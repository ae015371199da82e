package com.dispatchbot.workflows.conversation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes a conversation to the system of record. Every method is idempotent: a retried call writes
 * nothing twice (unique keys on workflow id + turn + role).
 */
@ActivityInterface
public interface ConversationStoreActivities {

  record ConversationOpening(
      String workflowId,
      String tenantId,
      String conversationId,
      String channel,
      String callerPhone,
      String callerName,
      long startedAtMillis) {}

  record MessageRecord(
      String workflowId,
      String tenantId,
      int turn,
      String role,
      String text,
      String intent,
      Double confidence,
      long atMillis) {}

  /**
   * What produced an assistant message, for cost and quality reporting. The cost is priced when the
   * row is written (the price table of the worker that writes it).
   */
  record AiResponseRecord(
      String provider,
      String model,
      int inputTokens,
      int outputTokens,
      long latencyMillis,
      int fallbackLevel,
      String fallbackReason,
      boolean tokensEstimated) {

    public AiResponseRecord(
        String provider,
        String model,
        int inputTokens,
        int outputTokens,
        long latencyMillis,
        int fallbackLevel,
        String fallbackReason) {
      this(
          provider,
          model,
          inputTokens,
          outputTokens,
          latencyMillis,
          fallbackLevel,
          fallbackReason,
          false);
    }
  }

  record ReplyRecord(
      String workflowId,
      String tenantId,
      int turn,
      String text,
      long atMillis,
      AiResponseRecord ai) {}

  record ConversationClosing(
      String workflowId, String tenantId, String outcome, int turnCount, long closedAtMillis) {}

  @ActivityMethod
  void openConversation(ConversationOpening opening);

  @ActivityMethod
  void recordMessage(MessageRecord message);

  /** Stores the assistant message and its ai_responses row in one transaction. */
  @ActivityMethod
  void recordReply(ReplyRecord reply);

  @ActivityMethod
  void closeConversation(ConversationClosing closing);
}
