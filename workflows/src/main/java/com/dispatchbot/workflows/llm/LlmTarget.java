package com.dispatchbot.workflows.llm;

/**
 * One model the fallback chain may ask.
 *
 * @param level position in the chain: 0 is the first choice
 */
public record LlmTarget(int level, String provider, String model) {}
