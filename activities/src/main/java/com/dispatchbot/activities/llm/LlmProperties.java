package com.dispatchbot.activities.llm;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How this worker talks to a language model (application.yaml {@code dispatch.llm.*}, bound from
 * the runbook's env vars). Every value has a default, so an unset variable means "as documented".
 *
 * @param aiMode AI_MODE: {@code auto} asks the model when one is usable, {@code rules_based} never
 *     does
 * @param provider LLM_PROVIDER; all three speak the OpenAI chat-completions wire format
 * @param apiKey OPENAI_API_KEY; optional for {@code local} only
 * @param baseUrl LLM_BASE_URL; empty means the provider's default (Azure has none: it is {@code
 *     https://<resource>.openai.azure.com/openai/v1/})
 * @param model MODEL_NAME (for Azure: the deployment name)
 * @param fallbackModel FALLBACK_MODEL, asked when the first model keeps failing; empty means none
 * @param enableFallback ENABLE_FALLBACK
 * @param timeout LLM_TIMEOUT, the HTTP timeout of one call; a plain number means seconds
 * @param maxRetries LLM_MAX_RETRIES, retries per model (Temporal retries, the HTTP client never)
 * @param retryDelay LLM_RETRY_DELAY, the first backoff; a plain number means seconds
 */
@Validated
@ConfigurationProperties("dispatch.llm")
public record LlmProperties(
    AiMode aiMode,
    Provider provider,
    String apiKey,
    String baseUrl,
    String model,
    String fallbackModel,
    Boolean enableFallback,
    @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
    @DecimalMin("0.0") @DecimalMax("1.0") Double topP,
    @Min(1) Integer maxTokens,
    @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) Duration timeout,
    @Min(0) @Max(10) Integer maxRetries,
    @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) Duration retryDelay) {

  public enum AiMode {
    AUTO,
    RULES_BASED
  }

  public enum Provider {
    OPENAI("https://api.openai.com/v1"),
    AZURE(null),
    /** Any OpenAI-compatible server; Ollama's address by default. */
    LOCAL("http://localhost:11434/v1");

    private final String defaultBaseUrl;

    Provider(String defaultBaseUrl) {
      this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The name in {@code LLM_PROVIDER}, route targets and stored responses. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LlmProperties {
    aiMode = aiMode == null ? AiMode.AUTO : aiMode;
    provider = provider == null ? Provider.OPENAI : provider;
    apiKey = blankToNull(apiKey);
    baseUrl = blankToNull(baseUrl);
    model = model == null || model.isBlank() ? "gpt-4o-mini" : model.strip();
    fallbackModel = fallbackModel == null ? "gpt-3.5-turbo" : fallbackModel.strip();
    enableFallback = enableFallback == null || enableFallback;
    temperature = temperature == null ? 0.3 : temperature;
    topP = topP == null ? 1.0 : topP;
    maxTokens = maxTokens == null ? 500 : maxTokens;
    timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    maxRetries = maxRetries == null ? 3 : maxRetries;
    retryDelay = retryDelay == null ? Duration.ofSeconds(1) : retryDelay;
  }

  /** All defaults: OpenAI, gpt-4o-mini, no key (so rule-based answers only). */
  public static LlmProperties defaults() {
    return new LlmProperties(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public boolean hasApiKey() {
    return apiKey != null;
  }

  /** Where the chat-completions API lives: LLM_BASE_URL, else the provider's default. */
  public Optional<String> effectiveBaseUrl() {
    return Optional.ofNullable(baseUrl != null ? baseUrl : provider.defaultBaseUrl);
  }

  /** Why this worker cannot ask a model, in words for an operator; empty when it can. */
  public Optional<String> whyNoModel() {
    if (aiMode == AiMode.RULES_BASED) {
      return Optional.of("AI_MODE=rules_based");
    }
    if (!hasApiKey() && provider != Provider.LOCAL) {
      return Optional.of("OPENAI_API_KEY is not set (LLM_PROVIDER=" + provider.code() + ")");
    }
    if (effectiveBaseUrl().isEmpty()) {
      return Optional.of(
          "LLM_BASE_URL is not set; Azure needs https://<resource>.openai.azure.com/openai/v1/");
    }
    return Optional.empty();
  }

  /** Never prints the key, only whether there is one. */
  @Override
  public String toString() {
    return "LlmProperties[aiMode=%s, provider=%s, apiKey=%s, baseUrl=%s, model=%s, fallbackModel=%s, enableFallback=%s, temperature=%s, topP=%s, maxTokens=%s, timeout=%s, maxRetries=%s, retryDelay=%s]"
        .formatted(
            aiMode,
            provider,
            hasApiKey() ? "(set)" : "(none)",
            baseUrl,
            model,
            fallbackModel,
            enableFallback,
            temperature,
            topP,
            maxTokens,
            timeout,
            maxRetries,
            retryDelay);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
