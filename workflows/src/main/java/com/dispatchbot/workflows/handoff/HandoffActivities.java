package com.dispatchbot.workflows.handoff;

import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * Handing a call to the tenant's operators. The conversation workflow names every handoff ({@code
 * <workflow id>-h<n>}) and every posted message (turn + seq), so each method is idempotent: a
 * retried call changes nothing twice.
 */
@ActivityInterface
public interface HandoffActivities {

  /**
   * @param recentMessages the call so far (as the model saw it), for the operator's summary
   * @param slots what the bot has understood: service, address, phone, preferred time, ...
   */
  record HandoffRequest(
      String handoffId,
      String tenantId,
      String workflowId,
      String conversationId,
      String reason,
      boolean emergency,
      int turn,
      String intent,
      double confidence,
      Map<String, String> slots,
      String callerPhone,
      List<ChatTurn> recentMessages,
      long createdAtMillis,
      long slaDueAtMillis) {}

  /**
   * @param summary what the operator reads first
   * @param webhook true when the tenant has a webhook to tell ({@link #notifyWebhook})
   */
  record RoutedHandoff(String handoffId, String summary, boolean webhook) {}

  /**
   * Creates the handoff row (operators' consoles are told at once through the database's change
   * notifications). Creating it again returns the first one.
   */
  @ActivityMethod
  RoutedHandoff routeToHuman(HandoffRequest request);

  /** POSTs the handoff to the tenant's webhook; the receiver dedupes on the handoff id. */
  @ActivityMethod
  void notifyWebhook(String tenantId, String handoffId);

  /**
   * A message the caller sees that is not the bot's answer to a turn: an operator's reply, the
   * callback promise, "you're back with the assistant".
   *
   * @param role {@code operator}, {@code assistant} or {@code system}
   * @param seq unique within the conversation (the workflow counts them)
   */
  record PostedMessage(
      String tenantId,
      String workflowId,
      int turn,
      int seq,
      String role,
      String author,
      String text,
      long atMillis) {}

  @ActivityMethod
  void postMessage(PostedMessage message);

  /**
   * @param note what the callback is about (the summary and why nobody answered)
   */
  record CallbackRequest(String handoffId, String tenantId, String note, long atMillis) {}

  /**
   * Turns a still-open handoff into a callback task. False when an operator claimed it first (their
   * claim signal is then on its way to the workflow).
   */
  @ActivityMethod
  boolean expireToCallback(CallbackRequest request);
}
