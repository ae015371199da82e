package com.dispatchbot.activities.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.LlmProperties.Provider;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.dispatchbot.workflows.llm.LlmActivities.LlmRequest;
import com.dispatchbot.workflows.llm.LlmActivities.LlmResult;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class LlmActivitiesImplTest {

  @RegisterExtension
  static WireMockExtension provider =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = "sk-test-4f9a8b7c6d5e4f3a2b1c";
  private static final String COMPLETIONS = "/v1/chat/completions";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TenantProfile ACME =
      new TenantProfile(
          "acme",
          "Acme Plumbing",
          "America/Chicago",
          "+1 555 0100",
          "plumbing",
          Map.of("mon", "08:00-18:00", "sun", "closed"),
          List.of(new TenantProfile.Service("drain", "Drain cleaning", "from $129")),
          List.of("Springfield", "62701"),
          "+1 555 0199");

  private static final TenantDirectory TENANTS =
      new TenantDirectory(null) {
        @Override
        public Optional<TenantProfile> find(String id) {
          return ACME.id().equals(id) ? Optional.of(ACME) : Optional.empty();
        }
      };

  @Test
  void givenTheProviderAnswers_whenCallLlm_itShouldReturnTheReplyWithTheTokensAndModelItReported() {
    stubCompletions(json(200, "chat-completion.json"));

    LlmResult result = activities(openAi(Duration.ofSeconds(5))).callLlm(request("gpt-4o-mini"));

    assertThat(result.text())
        .isEqualTo("Drain cleaning starts at $129. Would you like a visit tomorrow morning?");
    assertThat(result.provider()).isEqualTo("openai");
    assertThat(result.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(result.inputTokens()).isEqualTo(212);
    assertThat(result.outputTokens()).isEqualTo(17);
    assertThat(result.finishReason()).isEqualTo("stop");
    assertThat(result.latencyMillis()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void theRequestCarriesTheConfiguredModelSettingsTheKeyAndABriefingOnTheBusiness()
      throws IOException {
    stubCompletions(json(200, "chat-completion.json"));

    activities(openAi(Duration.ofSeconds(5))).callLlm(request("gpt-4o-mini"));

    LoggedRequest sent = onlyRequest();
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(sent.getBodyAsString());
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(body.path("top_p").asDouble()).isEqualTo(1.0);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(500);
    assertThat(body.path("stream").asBoolean(false)).isFalse();

    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText())
        .contains(
            "Acme Plumbing",
            "plumbing",
            "Drain cleaning: from $129",
            "Springfield, 62701",
            "+1 555 0199",
            "Mon 08:00-18:00, Sun closed",
            "Never invent prices",
            "Never reveal",
            "book appointment");
    assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).path("content").asText()).isEqualTo("Hi, my sink is clogged");
    assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(2).path("content").asText())
        .isEqualTo("Sorry to hear that! Where are you located?");
    assertThat(messages.get(3).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(3).path("content").asText())
        .isEqualTo("Springfield. How much is drain cleaning?");
  }

  @Test
  void givenTheProviderSays429WithRetryAfter_whenCallLlm_itShouldAskTemporalToWaitThatLong() {
    stubCompletions(json(429, "error-rate-limited.json").withHeader("Retry-After", "7"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.RATE_LIMITED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(failure.getOriginalMessage()).contains("HTTP 429", "Rate limit reached");
  }

  @Test
  void givenA429WithoutRetryAfter_whenCallLlm_itShouldLeaveTheBackoffToTheRetryPolicy() {
    stubCompletions(json(429, "error-rate-limited.json"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.RATE_LIMITED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isNull();
  }

  @Test
  void givenTheAccountIsOutOfQuota_whenCallLlm_itShouldNotRetryAModelThatCannotAnswer() {
    stubCompletions(json(429, "error-insufficient-quota.json"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.RATE_LIMITED);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void givenAServerError_whenCallLlm_itShouldFailRetryablyAfterOneHttpAttempt() {
    stubCompletions(json(500, "error-server.json"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("HTTP 500", "The server had an error");
    // Temporal does the retrying, visibly in the workflow history; the HTTP client never does.
    provider.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)));
  }

  @Test
  void givenAnOverloadedProviderSaysWhenToComeBack_whenCallLlm_itShouldHonourThatToo() {
    stubCompletions(json(503, "error-server.json").withHeader("Retry-After", "3"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.UNAVAILABLE);
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void givenTheProviderIsSlowerThanTheTimeout_whenCallLlm_itShouldGiveUpAtTheTimeoutRetryably() {
    stubCompletions(json(200, "chat-completion.json").withFixedDelay(3_000));

    long started = System.nanoTime();
    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(1))));
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(failure.getType()).isEqualTo(LlmFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("did not answer within 1 s");
    assertThat(waitedMillis).isLessThan(2_900);
  }

  @Test
  void givenNothingListensAtTheBaseUrl_whenCallLlm_itShouldFailRetryably() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    LlmProperties properties =
        properties(Provider.OPENAI, KEY, "http://127.0.0.1:" + closedPort + "/v1", 5);

    ApplicationFailure failure = failureOf(activities(properties));

    assertThat(failure.getType()).isEqualTo(LlmFailures.UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("unreachable");
  }

  @Test
  void givenTheConversationNoLongerFitsTheContextWindow_whenCallLlm_itShouldFailForGood() {
    stubCompletions(json(400, "error-context-length.json"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.CONTEXT_LENGTH);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("maximum context length is 128000 tokens");
  }

  @Test
  void givenTheProviderRejectsTheRequest_whenCallLlm_itShouldFailForGoodAsABadRequest() {
    stubCompletions(json(400, "error-bad-request.json"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.BAD_REQUEST);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("Invalid value for 'temperature'");
  }

  @Test
  void givenAWrongKey_whenCallLlm_itShouldFailForGoodWithoutRevealingTheKey() {
    String echoingBody =
        """
        {"error": {"message": "Incorrect API key provided: %s. You can find your API key at \
        https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", \
        "param": null, "code": "invalid_api_key"}}\
        """
            .formatted(KEY);
    stubCompletions(
        aResponse()
            .withStatus(401)
            .withHeader("Content-Type", "application/json")
            .withBody(echoingBody));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.UNAUTHORIZED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("Incorrect API key provided");
    assertThat(failure.getMessage()).doesNotContain(KEY);
    assertThat(failure.getOriginalMessage()).doesNotContain(KEY);
    assertThat(failure.getCause()).isNull();
  }

  @Test
  void givenAModelTheKeyCannotUse_whenCallLlm_itShouldFailForGoodAsModelNotFound() {
    stubCompletions(json(404, "error-model-not-found.json"));

    ApplicationFailure failure = failureOf(activities(openAi(Duration.ofSeconds(5))));

    assertThat(failure.getType()).isEqualTo(LlmFailures.MODEL_NOT_FOUND);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void givenNoKeyForOpenAi_whenCallLlm_itShouldFailForGoodWithoutCallingTheProvider() {
    LlmProperties noKey = properties(Provider.OPENAI, null, provider.baseUrl() + "/v1", 5);

    ApplicationFailure failure = failureOf(activities(noKey));

    assertThat(failure.getType()).isEqualTo(LlmFailures.NOT_CONFIGURED);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("OPENAI_API_KEY");
    provider.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));
  }

  @Test
  void givenATenantWithoutAProfile_whenCallLlm_itShouldFailForGoodRatherThanLetTheModelGuess() {
    LlmRequest stranger =
        new LlmRequest(
            "nobody",
            "conv-nobody-1",
            1,
            new LlmTarget(0, "openai", "gpt-4o-mini"),
            List.of(),
            "Hello?",
            "greeting",
            List.of());

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(openAi(Duration.ofSeconds(5))).callLlm(stranger));

    assertThat(failure.getType()).isEqualTo(LlmFailures.NOT_CONFIGURED);
    assertThat(failure.isNonRetryable()).isTrue();
    provider.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));
  }

  @Test
  void givenALocalServerWithoutAKey_whenCallLlm_itShouldAnswerWithoutSendingAnyCredentials() {
    stubCompletions(json(200, "chat-completion.json"));
    LlmProperties local = properties(Provider.LOCAL, null, provider.baseUrl() + "/v1", 5);

    LlmResult result =
        activities(local)
            .callLlm(request(new LlmTarget(0, "local", "llama3.2"), "Do you fix water heaters?"));

    assertThat(result.provider()).isEqualTo("local");
    assertThat(result.text()).isNotBlank();
    assertThat(onlyRequest().containsHeader("Authorization")).isFalse();
  }

  @Test
  void givenAzure_whenCallLlm_itShouldCallTheV1EndpointOfTheResourceWithTheKey() {
    provider.stubFor(
        post(urlEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .willReturn(json(200, "chat-completion.json")));
    LlmProperties azure = properties(Provider.AZURE, KEY, provider.baseUrl() + "/openai/v1/", 5);

    LlmResult result =
        activities(azure)
            .callLlm(request(new LlmTarget(0, "azure", "gpt-4o-mini"), "Are you open Sunday?"));

    assertThat(result.provider()).isEqualTo("azure");
    assertThat(result.inputTokens()).isEqualTo(212);
  }

  @Test
  void givenATargetForAnotherProvider_whenCallLlm_itShouldFailForGood() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activities(openAi(Duration.ofSeconds(5)))
                    .callLlm(request(new LlmTarget(0, "azure", "gpt-4o-mini"), "Hi")));

    assertThat(failure.getType()).isEqualTo(LlmFailures.NOT_CONFIGURED);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void givenAMeterRegistry_whenCallLlm_itShouldRecordLatencyAndTokensByModel() {
    stubCompletions(json(200, "chat-completion.json"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("meterRegistry", registry);
    LlmActivitiesImpl activities =
        new LlmActivitiesImpl(
            openAi(Duration.ofSeconds(5)), TENANTS, beans.getBeanProvider(MeterRegistry.class));

    activities.callLlm(request("gpt-4o-mini"));
    stubCompletions(json(500, "error-server.json"));
    catchThrowableOfType(
        ApplicationFailure.class, () -> activities.callLlm(request("gpt-4o-mini")));

    assertThat(
            registry
                .get("dispatch.llm.latency")
                .tags("provider", "openai", "model", "gpt-4o-mini", "outcome", "ok")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("dispatch.llm.latency")
                .tags("outcome", LlmFailures.UNAVAILABLE)
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("dispatch.llm.tokens").tags("kind", "input").counter().count())
        .isEqualTo(212);
    assertThat(registry.get("dispatch.llm.tokens").tags("kind", "output").counter().count())
        .isEqualTo(17);
  }

  private static void stubCompletions(ResponseDefinitionBuilder response) {
    provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(response));
  }

  private static ResponseDefinitionBuilder json(int status, String resource) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(read(resource));
  }

  private static String read(String resource) {
    try (InputStream in = LlmActivitiesImplTest.class.getResourceAsStream("/llm/" + resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LoggedRequest onlyRequest() {
    List<LoggedRequest> sent = provider.findAll(postRequestedFor(urlEqualTo(COMPLETIONS)));
    assertThat(sent).hasSize(1);
    return sent.get(0);
  }

  private static ApplicationFailure failureOf(LlmActivitiesImpl activities) {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.callLlm(request("gpt-4o-mini")));
    assertThat(failure).as("callLlm should fail with an ApplicationFailure").isNotNull();
    return failure;
  }

  private static LlmRequest request(String model) {
    return request(new LlmTarget(0, "openai", model), "Springfield. How much is drain cleaning?");
  }

  private static LlmRequest request(LlmTarget target, String callerText) {
    return new LlmRequest(
        "acme",
        "conv-acme-1",
        2,
        target,
        List.of(
            new ChatTurn(ChatTurn.CALLER, "Hi, my sink is clogged"),
            new ChatTurn(ChatTurn.ASSISTANT, "Sorry to hear that! Where are you located?")),
        callerText,
        "book_appointment",
        List.of());
  }

  private static LlmActivitiesImpl activities(LlmProperties properties) {
    return new LlmActivitiesImpl(
        properties, TENANTS, new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
  }

  private static LlmProperties openAi(Duration timeout) {
    return properties(Provider.OPENAI, KEY, provider.baseUrl() + "/v1", (int) timeout.toSeconds());
  }

  private static LlmProperties properties(
      Provider kind, String key, String baseUrl, int timeoutSeconds) {
    return new LlmProperties(
        AiMode.AUTO,
        kind,
        key,
        baseUrl,
        "gpt-4o-mini",
        "gpt-3.5-turbo",
        true,
        0.3,
        1.0,
        500,
        Duration.ofSeconds(timeoutSeconds),
        3,
        Duration.ofSeconds(1));
  }
}
