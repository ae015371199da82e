package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import java.time.Duration;
import java.util.List;

/** Records exchanged with {@link ConversationWorkflow}. */
public final class Messages {
  private Messages() {}

  public record Caller(String phone, String name) {}

  /**
   * @param inactivityTimeout the call closes when no caller message arrives for this long
   * @param historyEventsBeforeContinueAsNew the workflow continues as new past this many history
   *     events (or when the server suggests it), carrying its state
   * @param maxHistoryMessages how many earlier messages go to the model (MAX_HISTORY_MESSAGES)
   * @param upsertSearchAttributes false on servers without custom search attributes
   * @param humanThreshold HUMAN_THRESHOLD: below this intent confidence the bot does not act on its
   *     guess; it asks, or hands the call to a person (the tenant's policy)
   */
  public record Settings(
      Duration inactivityTimeout,
      int historyEventsBeforeContinueAsNew,
      int maxHistoryMessages,
      boolean upsertSearchAttributes,
      double humanThreshold) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(30), 10_000, 20, true, 0.7);
    }
  }

  /** What a continued run inherits from the one before it. */
  public record Carried(
      int turnCount,
      String lastIntent,
      Double lastConfidence,
      boolean emergency,
      Handoff pendingHandoff,
      List<ChatTurn> recentMessages,
      int continuations,
      BookingDialogue.State dialogue,
      int lowConfidenceStreak) {}

  public record StartConversation(
      String tenantId,
      String conversationId,
      String channel,
      Caller caller,
      Settings settings,
      Carried carried) {}

  public record CallerMessage(String text) {}

  /** A request for a person, recorded with why it was made. Operators act on it (issue 5). */
  public record Handoff(String reason, int turn, String intent, double confidence) {}

  public record TurnReply(
      int turn,
      String reply,
      String intent,
      double confidence,
      boolean emergency,
      int fallbackLevel,
      String provider,
      String model,
      Handoff handoff) {}

  public enum Status {
    ACTIVE,
    CLOSED
  }

  public record ConversationState(
      String workflowId,
      String tenantId,
      String conversationId,
      String channel,
      Status status,
      int turnCount,
      String lastIntent,
      Double lastConfidence,
      boolean emergency,
      Handoff pendingHandoff,
      String outcome,
      int continuations,
      String dialogueStage,
      String lastAppointmentId) {}

  public record EndConversation(String reason) {}

  /** Why a call ended: {@code caller_ended}, {@code inactive}. */
  public record ConversationResult(String workflowId, String outcome, int turnCount) {}
}
