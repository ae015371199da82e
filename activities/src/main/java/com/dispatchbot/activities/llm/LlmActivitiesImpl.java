package com.dispatchbot.activities.llm;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.llm.LlmActivities;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmTarget;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Asks one OpenAI-compatible model (OpenAI, Azure's v1 endpoint or a local server) for the front
 * desk's next reply. One HTTP attempt per activity attempt: Temporal does the retrying, so the
 * retries show in the workflow's history and honour the provider's Retry-After.
 */
@Component("llmActivities")
public class LlmActivitiesImpl implements LlmActivities {

  private final LlmProperties properties;
  private final TenantDirectory tenants;
  private final ObjectProvider<MeterRegistry> meters;
  private final ProviderErrors errors;
  private final Map<String, ChatModel> models = new ConcurrentHashMap<>();

  public LlmActivitiesImpl(
      LlmProperties properties, TenantDirectory tenants, ObjectProvider<MeterRegistry> meters) {
    this.properties = properties;
    this.tenants = tenants;
    this.meters = meters;
    this.errors = new ProviderErrors(properties.apiKey(), Clock.systemUTC());
  }

  @Override
  public LlmResult callLlm(LlmRequest request) {
    LlmTarget target = request.target();
    checkConfiguredFor(target);
    TenantProfile tenant =
        tenants
            .find(request.tenantId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no profile for tenant " + request.tenantId() + " to brief the model with",
                        LlmFailures.NOT_CONFIGURED));
    ChatRequest chat =
        ChatRequest.builder()
            .messages(
                FrontDeskPrompt.messages(
                    tenant,
                    request.history(),
                    request.callerText(),
                    request.intent(),
                    request.context()))
            .build();

    long started = System.nanoTime();
    ChatResponse response;
    try {
      response = model(target.model()).chat(chat);
    } catch (RuntimeException e) {
      ApplicationFailure failure = errors.toFailure(e, target.model(), properties.timeout());
      recordCall(target, failure.getType(), System.nanoTime() - started, 0, 0);
      throw failure;
    }
    long elapsed = System.nanoTime() - started;

    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    String finishReason = finishReason(response.finishReason());
    TokenUsage usage = response.tokenUsage();
    int inputTokens =
        usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    int outputTokens =
        usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    if (text == null || text.isBlank()) {
      // Filtered or cut off before any text: another sample may do better, else the chain moves on.
      recordCall(target, LlmFailures.UNAVAILABLE, elapsed, inputTokens, outputTokens);
      throw ApplicationFailure.newFailure(
          target.model() + " returned no text (finish reason " + finishReason + ")",
          LlmFailures.UNAVAILABLE);
    }
    recordCall(target, "ok", elapsed, inputTokens, outputTokens);
    return new LlmResult(
        text.strip(),
        target.provider(),
        response.modelName() == null ? target.model() : response.modelName(),
        inputTokens,
        outputTokens,
        TimeUnit.NANOSECONDS.toMillis(elapsed),
        finishReason);
  }

  /** The route was read when the call started; the worker's configuration may differ now. */
  private void checkConfiguredFor(LlmTarget target) {
    properties
        .whyNoModel()
        .ifPresent(
            reason -> {
              throw ApplicationFailure.newNonRetryableFailure(
                  "this worker asks no model: " + reason, LlmFailures.NOT_CONFIGURED);
            });
    String provider = properties.provider().code();
    if (!provider.equals(target.provider())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "this worker is configured for LLM_PROVIDER=" + provider + ", not " + target.provider(),
          LlmFailures.NOT_CONFIGURED);
    }
  }

  private ChatModel model(String name) {
    return models.computeIfAbsent(name, this::build);
  }

  /**
   * Azure's v1 endpoint takes its key as a bearer token, as Microsoft documents for the OpenAI
   * SDKs, so the three providers differ only in the base URL.
   */
  private ChatModel build(String modelName) {
    return OpenAiChatModel.builder()
        .httpClientBuilder(new ProviderHttpClient.Builder())
        .baseUrl(properties.effectiveBaseUrl().orElseThrow())
        .apiKey(properties.apiKey())
        .modelName(modelName)
        .temperature(properties.temperature())
        .topP(properties.topP())
        .maxTokens(properties.maxTokens())
        .timeout(properties.timeout())
        .maxRetries(0)
        // Requests carry the key and callers' words; neither belongs in a log.
        .logRequests(false)
        .logResponses(false)
        .build();
  }

  private static String finishReason(FinishReason reason) {
    return reason == null ? "unknown" : reason.name().toLowerCase(Locale.ROOT);
  }

  private void recordCall(
      LlmTarget target, String outcome, long nanos, int inputTokens, int outputTokens) {
    MeterRegistry registry = meters.getIfAvailable();
    if (registry == null) {
      return;
    }
    Timer.builder("dispatch.llm.latency")
        .description("Time of one model call, by outcome (ok or the failure type)")
        .tags("provider", target.provider(), "model", target.model(), "outcome", outcome)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    countTokens(registry, target, "input", inputTokens);
    countTokens(registry, target, "output", outputTokens);
  }

  private static void countTokens(
      MeterRegistry registry, LlmTarget target, String kind, int tokens) {
    if (tokens > 0) {
      Counter.builder("dispatch.llm.tokens")
          .description("Tokens billed by the provider, as its usage reported them")
          .tags("provider", target.provider(), "model", target.model(), "kind", kind)
          .register(registry)
          .increment(tokens);
    }
  }
}
