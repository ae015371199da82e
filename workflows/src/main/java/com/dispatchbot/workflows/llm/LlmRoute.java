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
 * @param cache the response cache: {@link #CACHE_OFF} (also null, in calls that started before it),
 *     {@link #CACHE_ON} (ENABLE_RESPONSE_CACHE) or {@link #CACHE_ONLY} (USE_CACHED_ONLY: no model
 *     is asked)
 */
public record LlmRoute(
    List<LlmTarget> targets,
    Duration callTimeout,
    int maxAttempts,
    Duration initialRetryInterval,
    String cache) {

  public static final String CACHE_OFF = "off";
  public static final String CACHE_ON = "on";
  public static final String CACHE_ONLY = "only";

  public LlmRoute(
      List<LlmTarget> targets,
      Duration callTimeout,
      int maxAttempts,
      Duration initialRetryInterval) {
    this(targets, callTimeout, maxAttempts, initialRetryInterval, CACHE_OFF);
  }

  public static LlmRoute rulesOnly() {
    return new LlmRoute(List.of(), Duration.ofSeconds(30), 1, Duration.ofSeconds(1));
  }

  /** The cache is consulted (on, or cached-only). */
  public boolean cacheEnabled() {
    return CACHE_ON.equals(cache) || CACHE_ONLY.equals(cache);
  }

  /** USE_CACHED_ONLY: answers come from the cache or the rules, never from a model. */
  public boolean cachedOnly() {
    return CACHE_ONLY.equals(cache);
  }
}
