package com.dispatchbot.cli.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that run the worker's own beans (test-llm, profile-request) against the real
 * Postgres and a model played by WireMock in OpenAI's wire format: the request the worker sends,
 * the tokens the provider reports, and never the key on screen.
 */
class AppBeansCommandsIT {
  static final String KEY = "sk-test-appbeans-5a4b3c2d1e0f";
  static final String REPLY =
      "Drain cleaning is a $149 flat rate per drain. Would you like me to book a visit?";

  static WireMockServer llm;
  static String tenant;
  static final Map<String, String> saved = new HashMap<>();

  @TempDir static Path knowledge;

  @BeforeAll
  static void aModelAndATenant() {
    llm = new WireMockServer(options().dynamicPort());
    llm.start();
    llm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id": "chatcmpl-ops-1", "object": "chat.completion", "created": 1763942400,
                         "model": "gpt-4o-mini-2024-07-18",
                         "choices": [{"index": 0, "message": {"role": "assistant",
                           "content": "%s"}, "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 512, "completion_tokens": 21,
                                   "total_tokens": 533}}
                        """
                            .formatted(REPLY))));
    set("OPENAI_API_KEY", KEY);
    set("LLM_BASE_URL", "http://127.0.0.1:" + llm.port() + "/v1");
    set("MODEL_NAME", "gpt-4o-mini");
    set("ENABLE_FALLBACK", "false");
    set("KNOWLEDGE_DIR", knowledge.toString());
    tenant = OpsTestData.tenant("ops-llm", "Willow Glen Plumbing");
  }

  @AfterAll
  static void restore() {
    llm.stop();
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  @Test
  void givenTheOpenAiProvider_testLlmShouldCallTheModelAsTheWorkerDoes_andPrintTextTokensLatency() {
    OpsCli.Run run =
        OpsCli.run(
            "test-llm",
            "--provider",
            "openai",
            "--tenant",
            tenant,
            "--prompt",
            "How much do you charge to unclog a kitchen sink? Call me at 408-555-0123.");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("intent quote_pricing")
        .contains("asking openai model gpt-4o-mini at http://127.0.0.1:" + llm.port() + "/v1")
        .contains("provider openai, model gpt-4o-mini-2024-07-18")
        .contains("reply: " + REPLY)
        .contains("tokens: 512 in + 21 out (reported by the provider), cost $0.000089")
        .containsPattern("latency: \\d+ ms \\(model call\\), finish reason stop");
    assertThat(run.err()).containsPattern("app context started in [0-9.]+ (ms|s)");
    // the worker's prompt: the tenant's front desk, the caller's number redacted, the key in a
    // header
    llm.verify(
        postRequestedFor(urlEqualTo("/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withRequestBody(containing("You are the front desk of Willow Glen Plumbing"))
            .withRequestBody(containing("Call me at [PHONE]")));
    assertThat(run.all()).doesNotContain(KEY);
  }

  @Test
  void givenTheRulesProvider_testLlmShouldAnswerWithoutAModel() {
    OpsCli.Run run =
        OpsCli.run(
            "test-llm",
            "--provider",
            "rules",
            "--tenant",
            tenant,
            "--prompt",
            "My water heater is leaking all over the garage floor");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("provider rules, model rules-v1")
        .contains("tokens: 0 (no model asked), cost $0");
  }

  @Test
  void givenAPriceQuestion_profileRequestShouldTimeEachStep() {
    OpsCli.Run run =
        OpsCli.run(
            "profile-request",
            "--tenant",
            tenant,
            "--query",
            "Hi, how much do you charge to clear a clogged bathroom drain?");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("guardrails: allow")
        .contains("intent: quote_pricing")
        .contains("tools: none (quote_pricing needs no geocode or booking)")
        .contains("reply (openai/gpt-4o-mini-2024-07-18, 512+21 tokens")
        .containsPattern("vector search \\(embedding \\+ hybrid search\\)\\s+0 ms\\s+0.0 %")
        .containsPattern("LLM \\(model chain, or the rules answer\\)\\s+\\d+ ms")
        .containsPattern("tools \\(geocode, availability\\)\\s+0 ms\\s+0.0 %")
        .containsPattern("other \\(guardrails, intent \\+ slots, glue\\)\\s+\\d+ ms")
        .containsPattern("total\\s+\\d+ ms\\s+100.0 %");
    assertThat(run.err()).contains("warm-up").contains("not counted below");
    assertThat(run.all()).doesNotContain(KEY);
  }

  private static void set(String name, String value) {
    saved.putIfAbsent(name, System.getProperty(name));
    System.setProperty(name, value);
  }
}
