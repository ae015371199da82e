package com.dispatchbot.activities.llm;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/**
 * The chat model for one-shot structured answers (intent, slots): the configured model, strict
 * JSON-schema output, temperature 0, no retries (the caller falls back on any failure), and no
 * request logging (the key and the caller's words stay out of logs).
 */
public final class StructuredOutputModels {
  private StructuredOutputModels() {}

  public static ChatModel jsonSchemaModel(LlmProperties llm, int maxTokens, Duration timeout) {
    return OpenAiChatModel.builder()
        .baseUrl(llm.effectiveBaseUrl().orElseThrow())
        .apiKey(llm.apiKey())
        .modelName(llm.model())
        .temperature(0.0)
        .maxTokens(maxTokens)
        .timeout(timeout)
        .maxRetries(0)
        .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
        .strictJsonSchema(true)
        .logRequests(false)
        .logResponses(false)
        .build();
  }
}
