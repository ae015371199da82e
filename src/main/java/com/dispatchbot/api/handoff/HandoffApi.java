package com.dispatchbot.api.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** What the operator console and operator API exchange. Times are ISO-8601 instants. */
final class HandoffApi {
  private HandoffApi() {}

  /**
   * @param status open (waiting, bot muted), claimed (an operator has it, bot muted), callback
   *     (nobody claimed it within the SLA: a callback is owed), handed_back, resolved
   * @param slaDueAt when an open handoff turns into a callback
   */
  record HandoffView(
      String id,
      String conversationId,
      String workflowId,
      String status,
      String reason,
      boolean emergency,
      String intent,
      Double confidence,
      String summary,
      Map<String, Object> slots,
      String callerPhone,
      String operator,
      String resolution,
      String createdAt,
      String slaDueAt,
      String claimedAt,
      String closedAt) {}

  /**
   * @param role caller, assistant (the bot), operator, or system (acknowledgements the caller saw)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record TranscriptMessage(
      int turn,
      int seq,
      String role,
      String author,
      String text,
      String intent,
      Double confidence,
      String at) {}

  /** The call's live state, from the workflow; null once the call has ended. */
  record LiveState(
      String status,
      int turnCount,
      String lastIntent,
      Double lastConfidence,
      boolean emergency,
      String dialogueStage) {}

  record HandoffDetail(HandoffView handoff, List<TranscriptMessage> messages, LiveState state) {}

  record ReplyRequest(String text) {}

  record HandBackRequest(String notes) {}

  record ResolveRequest(String resolution) {}

  record Sent(String status, String handoffId) {}
}
