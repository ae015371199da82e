package com.dispatchbot.activities.intent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.intent.IntentClassifier.Decision;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.OpenAiWire;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntentClassifierTest {

  @RegisterExtension
  static WireMockExtension provider =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = "sk-test-intent-0a1b2c3d4e5f";
  private static final String COMPLETIONS = "/v1/chat/completions";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final IntentModel MODEL = IntentModel.base();

  /** A caller's half sentence: no rule fires and the model is unsure (checked below). */
  private static final String AMBIGUOUS = "about the thing from before";

  private final IntentClassifier offline =
      new IntentClassifier(MODEL, TenantIntentExamples.NONE, null, 0.7);

  @Test
  void givenAGasSmell_whenClassified_theRulesShouldDecideAnEmergencyWithoutTheModel() {
    Decision d = offline.decide("acme", "there's a gas smell in the basement");

    assertThat(d.result())
        .isEqualTo(new IntentResult(Intent.EMERGENCY, d.result().confidence(), true, "rules"));
    assertThat(d.result().confidence()).isGreaterThanOrEqualTo(0.95);
    assertThat(d.model()).isNull();
  }

  @Test
  void givenAHazardThatIsNotThePoint_whenClassified_itShouldStayFlaggedWithTheModelsIntent() {
    // The burst-pipe rule fires, but "how much ... charge" outweighs it: a price question.
    Decision d = offline.decide(null, "how much do you charge to fix a pipe that burst, roughly?");

    assertThat(d.rules().emergency()).isTrue();
    assertThat(d.rules().intent()).isNotEqualTo(Intent.EMERGENCY);
    assertThat(d.result().intent()).isEqualTo(Intent.QUOTE_PRICING);
    assertThat(d.result().method()).isEqualTo("model");
    assertThat(d.result().emergency()).isTrue();
  }

  @Test
  void givenAnUnsureModelGuessOfEmergency_whenClassified_itShouldNotRaiseTheFlagAlone() {
    IntentClassifier strict = new IntentClassifier(MODEL, TenantIntentExamples.NONE, null, 1.01);

    for (String text :
        List.of("there's a gas smell in the kitchen", "whats left as far as gas goes")) {
      Decision d = strict.decide(null, text);
      assertThat(d.result().emergency()).as(text).isEqualTo(d.rules().emergency());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "yep, book it", "sure", "no", "nope", "not that one", "no thanks"})
  void givenAShortYesOrNo_whenClassified_theRulesShouldDecide(String text) {
    IntentResult r = offline.classify(null, text);

    assertThat(r.intent()).isIn(Intent.CONFIRM, Intent.DENY);
    assertThat(r.method()).isEqualTo("rules");
    assertThat(r.confidence()).isGreaterThanOrEqualTo(0.8);
    assertThat(r.emergency()).isFalse();
  }

  @Test
  void givenAnOrdinaryRequest_whenClassified_theModelShouldDecide() {
    IntentResult r = offline.classify(null, "can you guys come look at my water heater next week");

    assertThat(r.intent()).isEqualTo(Intent.BOOK_APPOINTMENT);
    assertThat(r.method()).isEqualTo("model");
    assertThat(r.emergency()).isFalse();
    assertThat(r.confidence()).isGreaterThanOrEqualTo(0.7).isLessThanOrEqualTo(1.0);
  }

  @Test
  void givenATenantsOwnExample_whenANearIdenticalUtteranceArrives_itShouldChangeThePrediction() {
    // A water-treatment dealer's callers name the brand; the base model has never seen it.
    String theirs = "is the kinetico guy still coming by";
    String caller = "is the kinetico guy still coming by today?";
    IntentResult before = offline.classify("aqua", caller);
    assertThat(before.intent()).as("precondition").isNotEqualTo(Intent.KNOWLEDGE_QUESTION);
    IntentClassifier withExamples =
        new IntentClassifier(
            MODEL,
            TenantIntentExamples.of(
                Map.of("aqua", List.of(new LabelledUtterance(Intent.KNOWLEDGE_QUESTION, theirs)))),
            null,
            0.7);

    IntentResult forAqua = withExamples.classify("aqua", caller);
    IntentResult forAcme = withExamples.classify("acme", caller);

    assertThat(forAqua.intent()).isEqualTo(Intent.KNOWLEDGE_QUESTION);
    assertThat(forAqua.method()).isEqualTo("model");
    assertThat(forAqua.confidence()).isGreaterThanOrEqualTo(0.7);
    assertThat(forAcme).as("another tenant keeps the base model").isEqualTo(before);
  }

  @Test
  void givenATenantsExamplesChange_whenClassifiedAgain_itShouldRetrainOnlyThen() {
    AtomicReference<List<LabelledUtterance>> rows = new AtomicReference<>(List.of());
    List<String> asked = new ArrayList<>();
    TenantIntentExamples source =
        tenantId -> {
          asked.add(tenantId);
          return rows.get();
        };
    TenantIntentModels models = new TenantIntentModels(MODEL, source);

    assertThat(models.forTenant("aqua")).isSameAs(MODEL);
    rows.set(List.of(new LabelledUtterance(Intent.CANCEL, "pull the plug on the kinetico visit")));
    IntentModel first = models.forTenant("aqua");
    IntentModel again = models.forTenant("aqua");
    rows.set(
        List.of(
            new LabelledUtterance(Intent.CANCEL, "pull the plug on the kinetico visit"),
            new LabelledUtterance(Intent.BOOK_APPOINTMENT, "need the kinetico guy out")));
    IntentModel changed = models.forTenant("aqua");

    assertThat(first).isNotSameAs(MODEL);
    assertThat(again).isSameAs(first);
    assertThat(changed).isNotSameAs(first);
    assertThat(changed.predict("pull the plug on the kinetico visit").intent())
        .isEqualTo(Intent.CANCEL);
    assertThat(asked).containsOnly("aqua");
  }

  @Test
  void givenLowConfidenceAndAConfiguredLlm_whenClassified_theLlmsAnswerShouldBeUsed()
      throws Exception {
    assertThat(MODEL.predict(AMBIGUOUS).confidence()).as("precondition").isLessThan(0.7);
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(OpenAiWire.completion("{\"intent\":\"reschedule\",\"confidence\":0.86}")));

    IntentResult r = withLlm(openAi()).classify("acme", AMBIGUOUS);

    assertThat(r).isEqualTo(new IntentResult(Intent.RESCHEDULE, 0.86, false, "llm"));
    LoggedRequest sent = provider.getAllServeEvents().get(0).getRequest();
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(sent.getBodyAsString());
    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(body.path("temperature").asDouble()).isZero();
    JsonNode format = body.path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    JsonNode intentEnum =
        format.path("json_schema").path("schema").path("properties").path("intent").path("enum");
    List<String> codes = new ArrayList<>();
    intentEnum.forEach(n -> codes.add(n.asText()));
    assertThat(codes)
        .containsExactlyInAnyOrder(
            java.util.Arrays.stream(Intent.values()).map(Intent::code).toArray(String[]::new));
    JsonNode messages = body.path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("content").asText()).contains("reschedule", "out_of_scope");
    assertThat(messages.get(1).path("content").asText()).isEqualTo(AMBIGUOUS);
  }

  @Test
  void givenTheLlmAnswersEmergency_whenClassified_theResultShouldBeFlagged() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(OpenAiWire.completion("{\"intent\":\"emergency\",\"confidence\":0.8}")));

    IntentResult r = withLlm(openAi()).classify("acme", AMBIGUOUS);

    assertThat(r.intent()).isEqualTo(Intent.EMERGENCY);
    assertThat(r.emergency()).isTrue();
    assertThat(r.method()).isEqualTo("llm");
  }

  @Test
  void givenTheLlmFailsWith500_whenClassified_theModelsAnswerShouldBeKept() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"message\":\"The server had an error\"}}")));

    IntentResult r = withLlm(openAi()).classify("acme", AMBIGUOUS);
    IntentModel.Prediction p = MODEL.predict(AMBIGUOUS);

    assertThat(r.method()).isEqualTo("model");
    assertThat(r.intent()).isEqualTo(p.intent());
    assertThat(r.confidence()).isCloseTo(p.confidence(), org.assertj.core.data.Offset.offset(1e-3));
    provider.verify(1, postRequestedFor(urlEqualTo(COMPLETIONS)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json at all",
        "{\"intent\":\"order_pizza\",\"confidence\":0.9}",
        "{\"intent\":\"cancel\"}"
      })
  void givenAnUnusableLlmAnswer_whenClassified_theModelsAnswerShouldBeKept(String content) {
    provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(OpenAiWire.completion(content)));

    IntentResult r = withLlm(openAi()).classify("acme", AMBIGUOUS);

    assertThat(r.method()).isEqualTo("model");
    assertThat(r.intent()).isEqualTo(MODEL.predict(AMBIGUOUS).intent());
  }

  @Test
  void givenAConfidentModel_whenClassified_theLlmShouldNotBeAsked() {
    IntentResult r = withLlm(openAi()).classify("acme", "I need to cancel my appointment please");

    assertThat(r.method()).isEqualTo("model");
    assertThat(r.intent()).isEqualTo(Intent.CANCEL);
    provider.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));
  }

  @Test
  void givenRulesBasedModeOrNoKey_whenUnsure_theLlmShouldNotBeAsked() {
    LlmProperties rulesBased = OpenAiWire.properties(provider.baseUrl(), AiMode.RULES_BASED, KEY);
    LlmProperties noKey = OpenAiWire.properties(provider.baseUrl(), AiMode.AUTO, null);

    IntentResult a = withLlm(rulesBased).classify("acme", AMBIGUOUS);
    IntentResult b = withLlm(noKey).classify("acme", AMBIGUOUS);

    assertThat(a.method()).isEqualTo("model");
    assertThat(b.method()).isEqualTo("model");
    provider.verify(0, postRequestedFor(urlEqualTo(COMPLETIONS)));
  }

  @Test
  void givenASlowLlm_whenClassified_itShouldGiveUpAtTheTimeoutAndKeepTheModelsAnswer() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(
                OpenAiWire.completion("{\"intent\":\"cancel\",\"confidence\":0.9}")
                    .withFixedDelay(3_000)));
    IntentClassifier classifier =
        new IntentClassifier(
            MODEL,
            TenantIntentExamples.NONE,
            new LlmIntentClassifier(openAi(), Duration.ofMillis(500)),
            0.7);

    IntentResult r = classifier.classify("acme", AMBIGUOUS);

    assertThat(r.method()).isEqualTo("model");
  }

  private IntentClassifier withLlm(LlmProperties llm) {
    return new IntentClassifier(
        MODEL, TenantIntentExamples.NONE, new LlmIntentClassifier(llm, Duration.ofSeconds(5)), 0.7);
  }

  private static LlmProperties openAi() {
    return OpenAiWire.properties(provider.baseUrl(), AiMode.AUTO, KEY);
  }
}
