package com.dispatchbot.activities.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.llm.OpenAiWire;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** EMBEDDING_MODEL against a local server speaking OpenAI's /v1/embeddings wire format. */
class OpenAiSentenceEncoderTest {

  @RegisterExtension
  static WireMockExtension openAi =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** OpenAI's embeddings response: one {index, embedding} per input, plus usage. */
  private static String embeddings(float[]... vectors) {
    StringBuilder data = new StringBuilder();
    for (int i = 0; i < vectors.length; i++) {
      StringBuilder v = new StringBuilder();
      for (float x : vectors[i]) {
        v.append(v.length() == 0 ? "" : ",").append(x);
      }
      data.append(i == 0 ? "" : ",")
          .append("{\"object\":\"embedding\",\"index\":")
          .append(i)
          .append(",\"embedding\":[")
          .append(v)
          .append("]}");
    }
    return "{\"object\":\"list\",\"data\":["
        + data
        + "],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}";
  }

  @Test
  void
      givenEmbeddingModelSet_whenTextsAreEmbedded_itCallsTheEmbeddingsEndpointAndReturnsUnitVectors() {
    openAi.stubFor(
        post(urlEqualTo("/v1/embeddings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(embeddings(new float[] {3, 4, 0}, new float[] {0, 0, 2}))));
    OpenAiSentenceEncoder encoder =
        new OpenAiSentenceEncoder(
            openAi.baseUrl() + "/v1",
            "sk-test-key",
            "text-embedding-3-small",
            Duration.ofSeconds(5));

    List<float[]> vectors = encoder.embedAll(List.of("drain cleaning price", "warranty"));

    assertThat(vectors.get(0)).containsExactly(0.6f, 0.8f, 0f);
    assertThat(vectors.get(1)).containsExactly(0f, 0f, 1f);
    assertThat(encoder.name()).contains("text-embedding-3-small");
    openAi.verify(
        postRequestedFor(urlEqualTo("/v1/embeddings"))
            .withHeader("Authorization", equalTo("Bearer sk-test-key"))
            .withRequestBody(matchingJsonPath("$.model", equalTo("text-embedding-3-small")))
            .withRequestBody(matchingJsonPath("$.input[1]", equalTo("warranty"))));
  }

  @Test
  void givenTheModelsDimension_itIsAskedOnceAndRemembered() {
    openAi.stubFor(
        post(urlEqualTo("/v1/embeddings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(embeddings(new float[] {1, 0, 0, 0, 0}))));
    OpenAiSentenceEncoder encoder =
        new OpenAiSentenceEncoder(
            openAi.baseUrl() + "/v1",
            "sk-test-key",
            "text-embedding-3-small",
            Duration.ofSeconds(5));

    assertThat(encoder.dimensions()).isEqualTo(5);
    assertThat(encoder.dimensions()).isEqualTo(5);
    openAi.verify(1, postRequestedFor(urlEqualTo("/v1/embeddings")));
  }

  @Test
  void givenEmbeddingModelWithoutAKey_theConfigurationRefusesToStartAndSaysWhy() {
    LlmProperties noKey = OpenAiWire.properties(openAi.baseUrl(), LlmProperties.AiMode.AUTO, null);
    KnowledgeProperties properties =
        new KnowledgeProperties(
            null, null, null, "text-embedding-3-small", null, null, null, null, null, null, null);

    assertThatThrownBy(() -> KnowledgeConfiguration.encoder(properties, noKey))
        .hasMessageContaining("EMBEDDING_MODEL=text-embedding-3-small needs OPENAI_API_KEY");
    assertThat(KnowledgeConfiguration.encoder(KnowledgeProperties.defaults(), noKey).dimensions())
        .isEqualTo(384);
  }
}
