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
   * @param routeAllToHuman ROUTE_TO_HUMAN: every call goes to a person on its first message
   */
  public record Settings(
      Duration inactivityTimeout,
      int historyEventsBeforeContinueAsNew,
      int maxHistoryMessages,
      boolean upsertSearchAttributes,
      double humanThreshold,
      boolean routeAllToHuman) {
    public static Settings defaults() {
      return new Settings(Duration.ofMinutes(30), 10_000, 20, true, 0.7, false);
    }
  }

  /**
   * What a continued run inherits from the one before it.
   *
   * @param summary digest of the messages that left the kept history (null: none did)
   */
  public record Carried(
      int turnCount,
      String lastIntent,
      Double lastConfidence,
      boolean emergency,
      Handoff pendingHandoff,
      List<ChatTurn> recentMessages,
      int continuations,
      BookingDialogue.State dialogue,
      int lowConfidenceStreak,
      int handoffCount,
      int postedMessages,
      int failedStreak,
      String summary) {}

  public record StartConversation(
      String tenantId,
      String conversationId,
      String channel,
      Caller caller,
      Settings settings,
      Carried carried) {}

  /**
   * @param streamId where the model's tokens of this turn's reply are published as they come
   *     (streaming clients); null when the caller waits for the whole reply
   */
  public record CallerMessage(String text, String streamId) {
    public CallerMessage(String text) {
      this(text, null);
    }
  }

  /**
   * A request for a person, with why it was made. Once routed to operators it has an id and a
   * status: {@code open} (waiting, the bot is muted), {@code claimed} (an operator has the call,
   * the bot is muted), {@code callback} (nobody claimed it within the tenant's SLA: a callback is
   * promised and the bot answers again). Calls started before operator handoff keep id null.
   *
   * @param slaDueAtMillis when an open handoff turns into a callback
   */
  public record Handoff(
      String reason,
      int turn,
      String intent,
      double confidence,
      String id,
      String status,
      String operator,
      long slaDueAtMillis) {

    public static final String OPEN = "open";
    public static final String CLAIMED = "claimed";
    public static final String CALLBACK = "callback";

    /** Asked for, not yet routed to operators. */
    public static Handoff requested(String reason, int turn, String intent, double confidence) {
      return new Handoff(reason, turn, intent, confidence, null, null, null, 0);
    }

    public Handoff routed(String newId, long slaDue) {
      return new Handoff(reason, turn, intent, confidence, newId, OPEN, null, slaDue);
    }

    public Handoff withStatus(String newStatus, String newOperator) {
      return new Handoff(
          reason, turn, intent, confidence, id, newStatus, newOperator, slaDueAtMillis);
    }

    /** Routed and waiting for or talking to an operator: the bot does not answer. */
    public boolean mutesBot() {
      return id != null && (OPEN.equals(status) || CLAIMED.equals(status));
    }
  }

  /** An operator takes the call (signal; the API has already recorded the claim). */
  public record OperatorClaim(String handoffId, String operator) {}

  /** What the operator says to the caller (signal). */
  public record OperatorMessage(String handoffId, String operator, String text) {}

  /** The operator gives the call back to the bot; the notes go into its context (signal). */
  public record HandBack(String handoffId, String operator, String notes) {}

  /** The operator closes the matter; the call ends with outcome {@code resolved} (signal). */
  public record ResolveHandoff(String handoffId, String operator, String resolution) {}

  /**
   * @param modelMillis how long the model that answered took (0 when no model answered): turn
   *     latency minus this is what the orchestration cost
   */
  public record TurnReply(
      int turn,
      String reply,
      String intent,
      double confidence,
      boolean emergency,
      int fallbackLevel,
      String provider,
      String model,
      Handoff handoff,
      long modelMillis) {

    public TurnReply(
        int turn,
        String reply,
        String intent,
        double confidence,
        boolean emergency,
        int fallbackLevel,
        String provider,
        String model,
        Handoff handoff) {
      this(turn, reply, intent, confidence, emergency, fallbackLevel, provider, model, handoff, 0);
    }
  }

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
