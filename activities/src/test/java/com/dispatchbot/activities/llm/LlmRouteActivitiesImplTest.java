package com.dispatchbot.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.LlmProperties.Provider;
import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmRouteActivitiesImplTest {

  @Test
  void givenAKey_whenTheConversationStarts_itShouldTryTheModelThenTheFallbackModel() {
    LlmRoute route =
        routeOf(config(AiMode.AUTO, Provider.OPENAI, "sk-live", true, "gpt-3.5-turbo"));

    assertThat(route.targets())
        .containsExactly(
            new LlmTarget(0, "openai", "gpt-4o-mini"), new LlmTarget(1, "openai", "gpt-3.5-turbo"));
    assertThat(route.maxAttempts()).isEqualTo(4);
    assertThat(route.initialRetryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(route.callTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void givenRulesBasedMode_whenTheConversationStarts_itShouldAnswerFromRulesOnlyEvenWithAKey() {
    LlmRoute route =
        routeOf(config(AiMode.RULES_BASED, Provider.OPENAI, "sk-live", true, "gpt-3.5-turbo"));

    assertThat(route.targets()).isEmpty();
  }

  @Test
  void givenNoKeyForOpenAiOrAzure_whenTheConversationStarts_itShouldAnswerFromRulesOnly() {
    assertThat(routeOf(config(AiMode.AUTO, Provider.OPENAI, null, true, "gpt-3.5-turbo")).targets())
        .isEmpty();
    assertThat(routeOf(config(AiMode.AUTO, Provider.AZURE, "  ", true, "gpt-35")).targets())
        .isEmpty();
  }

  @Test
  void givenFallbackDisabled_whenTheConversationStarts_itShouldTryOnlyTheMainModel() {
    LlmRoute route =
        routeOf(config(AiMode.AUTO, Provider.OPENAI, "sk-live", false, "gpt-3.5-turbo"));

    assertThat(route.targets()).containsExactly(new LlmTarget(0, "openai", "gpt-4o-mini"));
  }

  @Test
  void givenAFallbackThatIsEmptyOrTheSameModel_whenTheConversationStarts_itShouldNotAskTwice() {
    assertThat(routeOf(config(AiMode.AUTO, Provider.OPENAI, "sk-live", true, "")).targets())
        .containsExactly(new LlmTarget(0, "openai", "gpt-4o-mini"));
    assertThat(
            routeOf(config(AiMode.AUTO, Provider.OPENAI, "sk-live", true, "gpt-4o-mini")).targets())
        .containsExactly(new LlmTarget(0, "openai", "gpt-4o-mini"));
  }

  @Test
  void givenALocalServerWithoutAKey_whenTheConversationStarts_itShouldStillAskTheLocalModel() {
    LlmRoute route = routeOf(config(AiMode.AUTO, Provider.LOCAL, null, true, "llama3.2:1b"));

    assertThat(route.targets())
        .containsExactly(
            new LlmTarget(0, "local", "gpt-4o-mini"), new LlmTarget(1, "local", "llama3.2:1b"));
  }

  @Test
  void givenAzureWithoutItsResourceUrl_whenTheConversationStarts_itShouldAnswerFromRulesOnly() {
    LlmRoute route = routeOf(config(AiMode.AUTO, Provider.AZURE, "azure-key", true, "gpt-35"));

    assertThat(route.targets()).isEmpty();
  }

  @Test
  void givenNothingConfigured_whenTheConversationStarts_itShouldAnswerFromRulesOnly() {
    LlmRoute route = new LlmRouteActivitiesImpl(LlmProperties.defaults()).currentRoute();

    assertThat(route.targets()).isEmpty();
    assertThat(route.maxAttempts()).isEqualTo(4);
    assertThat(route.callTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  private static LlmRoute routeOf(LlmProperties properties) {
    return new LlmRouteActivitiesImpl(properties).currentRoute();
  }

  private static LlmProperties config(
      AiMode mode, Provider provider, String key, boolean fallback, String fallbackModel) {
    return new LlmProperties(
        mode,
        provider,
        key,
        null,
        "gpt-4o-mini",
        fallbackModel,
        fallback,
        null,
        null,
        null,
        Duration.ofSeconds(20),
        3,
        Duration.ofSeconds(2));
  }
}
