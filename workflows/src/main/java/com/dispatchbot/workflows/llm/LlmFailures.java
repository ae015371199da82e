package com.dispatchbot.workflows.llm;

import java.util.List;

/**
 * Failure types thrown by {@link LlmActivities#callLlm}. The first group is final for a target:
 * retrying the same request cannot succeed, so the chain moves to the next target at once.
 */
public final class LlmFailures {
  /** 400 other than context length: the request itself is wrong. */
  public static final String BAD_REQUEST = "LlmBadRequest";

  /** 401/403: the key is missing, wrong or lacks access to the model. */
  public static final String UNAUTHORIZED = "LlmUnauthorized";

  /** The prompt does not fit the model's context window. */
  public static final String CONTEXT_LENGTH = "LlmContextLengthExceeded";

  /** 404: the model does not exist for this key. */
  public static final String MODEL_NOT_FOUND = "LlmModelNotFound";

  /** This worker has no usable configuration for the target (e.g. no key). */
  public static final String NOT_CONFIGURED = "LlmNotConfigured";

  /** 429: retried, after the provider's Retry-After when it sent one. */
  public static final String RATE_LIMITED = "LlmRateLimited";

  /** 5xx, timeouts and connection failures: retried with backoff. */
  public static final String UNAVAILABLE = "LlmUnavailable";

  /**
   * The reply failed the output guard (it repeated the instructions, held a secret or another
   * business's details): the same prompt would likely do it again, so the next model answers.
   */
  public static final String OUTPUT_REJECTED = "LlmOutputRejected";

  /**
   * A spend limit (DAILY_SPEND_LIMIT, HOURLY_SPEND_LIMIT or the tenant's) says this model may not
   * be asked now: past SPEND_DEGRADE_AT only the fallback model answers, at the limit only the
   * rules.
   */
  public static final String SPEND_LIMIT = "LlmSpendLimit";

  public static final List<String> NON_RETRYABLE =
      List.of(
          BAD_REQUEST,
          UNAUTHORIZED,
          CONTEXT_LENGTH,
          MODEL_NOT_FOUND,
          NOT_CONFIGURED,
          OUTPUT_REJECTED,
          SPEND_LIMIT);

  private LlmFailures() {}
}
