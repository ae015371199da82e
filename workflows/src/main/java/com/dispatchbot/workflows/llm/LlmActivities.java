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
   * A tool the model asked for in an earlier round of this turn, with what it returned ({@code
   * ok=false}: {@code error} says why, for the model to act on).
   */
  record ToolExchange(
      int round,
      String callId,
      String name,
      String argumentsJson,
      boolean ok,
      String resultJson,
      String error) {}

  /** A tool call the model asks for: the workflow runs it and asks the model again. */
  record ToolRequest(String callId, String name, String argumentsJson) {}

  /**
   * @param context knowledge-base chunks the answer should rest on and cite as [ref]; empty when
   *     the question needed none or nothing relevant was found
   * @param summary what was said before the messages in {@code history}, when earlier ones were
   *     dropped from the window; null when nothing was
   * @param shrink 0 normally; n after the model refused n times for context length: the activity
   *     sends at most 1/2^n of the usual history and token budget
   * @param streamId publish the reply's tokens on this stream as they come; null: no streaming
   * @param streamCall which model call of the turn this is (0, 1, ...): with the activity's attempt
   *     it numbers the stream's generations, so a retry or a fallback never mixes with what an
   *     earlier call streamed
   * @param tools offer the model the tool registry (function calling)
   * @param toolExchanges the tool calls of this turn so far and their results, oldest first
   */
  record LlmRequest(
      String tenantId,
      String workflowId,
      int turn,
      LlmTarget target,
      List<ChatTurn> history,
      String callerText,
      String intent,
      List<ContextChunk> context,
      String summary,
      int shrink,
      String streamId,
      int streamCall,
      boolean tools,
      List<ToolExchange> toolExchanges) {

    public LlmRequest {
      context = context == null ? List.of() : List.copyOf(context);
      history = history == null ? List.of() : List.copyOf(history);
      toolExchanges = toolExchanges == null ? List.of() : List.copyOf(toolExchanges);
    }

    public LlmRequest(
        String tenantId,
        String workflowId,
        int turn,
        LlmTarget target,
        List<ChatTurn> history,
        String callerText,
        String intent,
        List<ContextChunk> context) {
      this(
          tenantId,
          workflowId,
          turn,
          target,
          history,
          callerText,
          intent,
          context,
          null,
          0,
          null,
          0,
          false,
          List.of());
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
      boolean tokensEstimated,
      List<ToolRequest> toolCalls) {

    public LlmResult {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public LlmResult(
        String text,
        String provider,
        String model,
        int inputTokens,
        int outputTokens,
        long latencyMillis,
        String finishReason,
        boolean tokensEstimated) {
      this(
          text,
          provider,
          model,
          inputTokens,
          outputTokens,
          latencyMillis,
          finishReason,
          tokensEstimated,
          List.of());
    }

    public LlmResult(
        String text,
        String provider,
        String model,
        int inputTokens,
        int outputTokens,
        long latencyMillis,
        String finishReason) {
      this(
          text,
          provider,
          model,
          inputTokens,
          outputTokens,
          latencyMillis,
          finishReason,
          false,
          List.of());
    }
  }

  /**
   * Asks one model for the assistant's reply. Throws ApplicationFailure of a type in {@link
   * LlmFailures}. Idempotent: it has no side effect but the provider's bill.
   */
  @ActivityMethod
  LlmResult callLlm(LlmRequest request);
}
