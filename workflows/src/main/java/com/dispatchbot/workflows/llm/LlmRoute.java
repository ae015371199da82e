package com.dispatchbot.workflows.llm;

import java.time.Duration;
import java.util.List;

/**
 * The fallback chain as the worker is configured (OPENAI_API_KEY, MODEL_NAME, FALLBACK_MODEL,
 * ENABLE_FALLBACK, AI_MODE, LLM_MAX_RETRIES, LLM_RETRY_DELAY). The rule-based answer always follows
 * the last target; an empty list means rule-based answers only.
 *
 * @param callTimeout the HTTP timeout of one model call
 * @param maxAttempts attempts per target (1 + LLM_MAX_RETRIES)
 * @param initialRetryInterval LLM_RETRY_DELAY; doubled after each failed attempt unless the
 *     provider said when to come back (Retry-After)
 */
public record LlmRoute(
    List<LlmTarget> targets, Duration callTimeout, int maxAttempts, Duration initialRetryInterval) {

  public static LlmRoute rulesOnly() {
    return new LlmRoute(List.of(), Duration.ofSeconds(30), 1, Duration.ofSeconds(1));
  }
}
