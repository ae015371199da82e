package com.dispatchbot.cli.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate-apis against the real Postgres and Temporal of temporal-dev/test and an
 * OpenAI-compatible endpoint played by WireMock. Settings go in as -D properties, which the app's
 * configuration reads like environment variables.
 */
class ValidateApisIT {
  static final String KEY = "sk-test-validate-9f8e7d6c5b4a";

  WireMockServer llm;
  final Map<String, String> saved = new java.util.HashMap<>();

  @TempDir Path knowledge;

  @BeforeEach
  void anLlmEndpoint() {
    llm = new WireMockServer(options().dynamicPort());
    llm.start();
    set("OPENAI_API_KEY", KEY);
    set("LLM_PROVIDER", "local");
    set("LLM_BASE_URL", "http://127.0.0.1:" + llm.port() + "/v1");
    set("MODEL_NAME", "llama3.1:8b");
    set("ENABLE_FALLBACK", "false");
    set("KNOWLEDGE_DIR", knowledge.toString());
  }

  @AfterEach
  void restore() {
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
  void givenEveryDependencyAnswers_itShouldPrintOkLines_andExit0() {
    llm.stubFor(
        get(urlEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"object\":\"list\",\"data\":[{\"id\":\"llama3.1:8b\"},"
                            + "{\"id\":\"nomic-embed-text\"}]}")));

    OpsCli.Run run = OpsCli.run("validate-apis");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out())
        .containsPattern("OK\\s+postgres\\s+PostgreSQL .*migrations current")
        .containsPattern("OK\\s+temporal\\s+server .*namespace ")
        .containsPattern(
            "OK\\s+llm\\s+local at http://127.0.0.1:\\d+/v1, 2 models, llama3.1:8b listed")
        .containsPattern("SKIPPED\\s+google-maps\\s+GOOGLE_MAPS_API_KEY not set")
        .containsPattern("OK\\s+vector-store\\s+embedded store in .*no index yet")
        .contains("all configured dependencies answered");
    llm.verify(
        getRequestedFor(urlEqualTo("/v1/models"))
            .withHeader("Authorization", equalTo("Bearer " + KEY)));
    assertThat(run.all()).doesNotContain(KEY);
  }

  @Test
  void givenTheKeyIsRefused_itShouldFailThatCheckOnly_withoutPrintingTheKey() {
    llm.stubFor(
        get(urlEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}")));

    OpsCli.Run run = OpsCli.run("validate-apis");

    assertThat(run.code()).as(run.all()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern(
            "FAIL\\s+llm\\s+local at http://127.0.0.1:\\d+/v1 refused the key \\(HTTP 401\\)")
        .containsPattern("OK\\s+postgres")
        .contains("1 check(s) failed: llm");
    assertThat(run.all()).doesNotContain(KEY).doesNotContain("9f8e7d6c5b4a");
  }

  @Test
  void givenTheModelIsNotServed_itShouldSaySo() {
    llm.stubFor(
        get(urlEqualTo("/v1/models"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"data\":[{\"id\":\"mistral:7b\"}]}")));

    OpsCli.Run run = OpsCli.run("validate-apis");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).containsPattern("FAIL\\s+llm\\s+.*lists 1 models but not llama3.1:8b");
  }

  private void set(String name, String value) {
    saved.putIfAbsent(name, System.getProperty(name));
    System.setProperty(name, value);
  }
}
