package com.dispatchbot.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.LlmProperties.Provider;
import jakarta.validation.Validation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class LlmPropertiesTest {

  @Test
  void theRunbooksValuesBindAsAnOperatorWritesThem() {
    LlmProperties properties =
        bind(
            Map.of(
                "dispatch.llm.ai-mode", "rules_based",
                "dispatch.llm.provider", "azure",
                "dispatch.llm.timeout", "45",
                "dispatch.llm.retry-delay", "2",
                "dispatch.llm.temperature", "0.7",
                "dispatch.llm.enable-fallback", "false"));

    assertThat(properties.aiMode()).isEqualTo(AiMode.RULES_BASED);
    assertThat(properties.provider()).isEqualTo(Provider.AZURE);
    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(properties.retryDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(properties.temperature()).isEqualTo(0.7);
    assertThat(properties.enableFallback()).isFalse();
  }

  @Test
  void unsetOrEmptyValuesMeanTheDocumentedDefaults() {
    LlmProperties properties =
        bind(
            Map.of(
                "dispatch.llm.api-key", "", "dispatch.llm.model", "", "dispatch.llm.base-url", ""));

    assertThat(properties.aiMode()).isEqualTo(AiMode.AUTO);
    assertThat(properties.provider()).isEqualTo(Provider.OPENAI);
    assertThat(properties.hasApiKey()).isFalse();
    assertThat(properties.effectiveBaseUrl()).hasValue("https://api.openai.com/v1");
    assertThat(properties.model()).isEqualTo("gpt-4o-mini");
    assertThat(properties.fallbackModel()).isEqualTo("gpt-3.5-turbo");
    assertThat(properties.enableFallback()).isTrue();
    assertThat(properties.temperature()).isEqualTo(0.3);
    assertThat(properties.topP()).isEqualTo(1.0);
    assertThat(properties.maxTokens()).isEqualTo(500);
    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.maxRetries()).isEqualTo(3);
    assertThat(properties.retryDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aTemperatureOutsideTheApisRangeStopsTheStartWithAClearError() {
    assertThatThrownBy(() -> bind(Map.of("dispatch.llm.temperature", "2.5")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("dispatch.llm.temperature")
        .hasMessageContaining("2.5");
  }

  @Test
  void printingTheSettingsNeverPrintsTheKey() {
    LlmProperties properties = bind(Map.of("dispatch.llm.api-key", "sk-live-0123456789abcdef"));

    assertThat(properties.toString()).doesNotContain("sk-live").contains("apiKey=(set)");
  }

  private static LlmProperties bind(Map<String, String> values) {
    Binder binder = new Binder(new MapConfigurationPropertySource(values));
    ValidationBindHandler validation =
        new ValidationBindHandler(
            new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
    return binder.bindOrCreate("dispatch.llm", Bindable.of(LlmProperties.class), validation);
  }
}
