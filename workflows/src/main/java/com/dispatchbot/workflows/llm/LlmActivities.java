package com.dispatchbot.workflows.llm;

import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

@ActivityInterface
public interface LlmActivities {

  /** One earlier message of the call, oldest first. */
  record ChatTurn(String role, String text) {
    public static final String CALLER = "caller";
    public static final String ASSISTANT = "assistant";

    /** A person of the business who had the call: what they told the caller. */
    public static final String OPERATOR = "operator";

    /** What the operator left for the bot when handing the call back. */
    public static final String OPERATOR_NOTES = "operator_notes";
  }

  /**
   * @param context knowledge-base chunks the answer should rest on and cite as [ref]; empty when
   *     the question needed none or nothing relevant was found
   */
  record LlmRequest(
      String tenantId,
      String workflowId,
      int turn,
      LlmTarget target,
      List<ChatTurn> history,
      String callerText,
      String intent,
      List<ContextChunk> context) {

    public LlmRequest {
      context = context == null ? List.of() : List.copyOf(context);
    }
  }

  /**
   * What the provider answered, with what it cost. Tokens come from the API's usage; when it
   * reported none they were counted with the model's tokenizer ({@code tokensEstimated}).
   */
  record LlmResult(
      String text,
      String provider,
      String model,
      int inputTokens,
      int outputTokens,
      long latencyMillis,
      String finishReason,
      boolean tokensEstimated) {

    public LlmResult(
        String text,
        String provider,
        String model,
        int inputTokens,
        int outputTokens,
        long latencyMillis,
        String finishReason) {
      this(text, provider, model, inputTokens, outputTokens, latencyMillis, finishReason, false);
    }
  }

  /**
   * Asks one model for the assistant's reply. Throws ApplicationFailure of a type in {@link
   * LlmFailures}. Idempotent: it has no side effect but the provider's bill.
   */
  @ActivityMethod
  LlmResult callLlm(LlmRequest request);
}
