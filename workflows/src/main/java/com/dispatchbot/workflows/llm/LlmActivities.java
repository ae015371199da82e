package com.dispatchbot.workflows.llm;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

@ActivityInterface
public interface LlmActivities {

  /** One earlier message of the call, oldest first. */
  record ChatTurn(String role, String text) {
    public static final String CALLER = "caller";
    public static final String ASSISTANT = "assistant";
  }

  record LlmRequest(
      String tenantId,
      String workflowId,
      int turn,
      LlmTarget target,
      List<ChatTurn> history,
      String callerText,
      String intent) {}

  /** What the provider answered, with what it cost. Tokens come from the API's usage. */
  record LlmResult(
      String text,
      String provider,
      String model,
      int inputTokens,
      int outputTokens,
      long latencyMillis,
      String finishReason) {}

  /**
   * Asks one model for the assistant's reply. Throws ApplicationFailure of a type in {@link
   * LlmFailures}. Idempotent: it has no side effect but the provider's bill.
   */
  @ActivityMethod
  LlmResult callLlm(LlmRequest request);
}
