package com.dispatchbot.activities.llm;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How much of a call a model is shown ({@code dispatch.context.*}). The conversation keeps up to
 * MAX_HISTORY_MESSAGES messages (older ones are folded into a summary that survives
 * continue-as-new); of those, each model call gets the latest MAX_CONTEXT_MESSAGES, and fewer when
 * the prompt would exceed MAX_CONTEXT_LENGTH tokens as the model's tokenizer counts them.
 *
 * @param maxContextMessages MAX_CONTEXT_MESSAGES
 * @param maxContextLength MAX_CONTEXT_LENGTH, the prompt's token budget (system prompt, knowledge
 *     excerpts, summary, history and the caller's message)
 */
@Validated
@ConfigurationProperties("dispatch.context")
public record ContextProperties(
    @Min(0) @Max(200) Integer maxContextMessages,
    @Min(256) @Max(1_000_000) Integer maxContextLength) {

  public ContextProperties {
    maxContextMessages = maxContextMessages == null ? 10 : maxContextMessages;
    maxContextLength = maxContextLength == null ? 3_000 : maxContextLength;
  }

  public static ContextProperties defaults() {
    return new ContextProperties(null, null);
  }
}
