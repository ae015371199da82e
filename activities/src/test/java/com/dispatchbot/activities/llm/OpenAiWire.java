package com.dispatchbot.activities.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.LlmProperties.Provider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;

/** OpenAI's chat-completions wire format, for tests that point a model at a local WireMock. */
public final class OpenAiWire {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiWire() {}

  /** LLM settings for gpt-4o-mini at {@code baseUrl} (WireMock's, with /v1), 5 s timeout. */
  public static LlmProperties properties(String baseUrl, AiMode mode, String key) {
    return new LlmProperties(
        mode,
        Provider.OPENAI,
        key,
        baseUrl + "/v1",
        "gpt-4o-mini",
        null,
        null,
        null,
        null,
        null,
        Duration.ofSeconds(5),
        null,
        null);
  }

  /** A 200 chat completion whose assistant message is {@code content}. */
  public static ResponseDefinitionBuilder completion(String content) {
    try {
      String body =
          """
          {"id": "chatcmpl-test-1", "object": "chat.completion", "created": 1741569952,
           "model": "gpt-4o-mini-2024-07-18",
           "choices": [{"index": 0, "message": {"role": "assistant", "content": %s,
                        "refusal": null}, "logprobs": null, "finish_reason": "stop"}],
           "usage": {"prompt_tokens": 251, "completion_tokens": 12, "total_tokens": 263}}
          """
              .formatted(JSON.writeValueAsString(content));
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
