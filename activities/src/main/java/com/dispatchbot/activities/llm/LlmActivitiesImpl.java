package com.dispatchbot.activities.llm;

import com.dispatchbot.activities.cost.Alerts;
import com.dispatchbot.activities.cost.SpendGuard;
import com.dispatchbot.activities.cost.TokenCounter;
import com.dispatchbot.activities.guardrails.OutputGuard;
import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.activities.tools.ToolRegistry;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.llm.LlmActivities;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.dispatchbot.workflows.llm.LlmActivities.ToolExchange;
import com.dispatchbot.workflows.llm.LlmActivities.ToolRequest;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmTarget;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Asks one OpenAI-compatible model (OpenAI, Azure's v1 endpoint or a local server) for the front
 * desk's next reply. One HTTP attempt per activity attempt: Temporal does the retrying, so the
 * retries show in the workflow's history and honour the provider's Retry-After.
 *
 * <p>What the model sees is redacted again (it is idempotent): no e-mail, phone number, street
 * address, card or SSN of the caller, however the request was built. What it answers passes the
 * {@link OutputGuard}; a reply that leaks the instructions, a secret or another business's details
 * fails with {@link LlmFailures#OUTPUT_REJECTED}, and the workflow moves to its next model.
 */
@Component("llmActivities")
public class LlmActivitiesImpl implements LlmActivities {

  private final LlmProperties properties;
  private final TenantDirectory tenants;
  private final ObjectProvider<MeterRegistry> meters;
  private final ProviderErrors errors;
  private final OutputGuard guard;
  private final SpendGuard spend;
  private final Alerts alerts;
  private final TokenCounter tokens;
  private final PiiRedactor redactor = new PiiRedactor();
  private final Map<String, ChatModel> models = new ConcurrentHashMap<>();
  private final Map<String, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();
  private final ContextWindow window;
  private final TokenStreams streams;
  private final ObjectProvider<ToolRegistry> tools;

  private static final Logger log = LoggerFactory.getLogger(LlmActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often a streamed reply's new tokens are published after the first. */
  static final Duration FLUSH_EVERY = Duration.ofMillis(40);

  /** Without other tenants to check replies against (the output guard still runs). */
  public LlmActivitiesImpl(
      LlmProperties properties, TenantDirectory tenants, ObjectProvider<MeterRegistry> meters) {
    this(properties, tenants, meters, new OutputGuard());
  }

  /** Without spend limits. */
  public LlmActivitiesImpl(
      LlmProperties properties,
      TenantDirectory tenants,
      ObjectProvider<MeterRegistry> meters,
      OutputGuard guard) {
    this(properties, tenants, meters, guard, null, null, new TokenCounter());
  }

  /** With the default context window and without a token channel (no streaming). */
  public LlmActivitiesImpl(
      LlmProperties properties,
      TenantDirectory tenants,
      ObjectProvider<MeterRegistry> meters,
      OutputGuard guard,
      SpendGuard spend,
      Alerts alerts,
      TokenCounter tokens) {
    this(
        properties,
        tenants,
        meters,
        guard,
        spend,
        alerts,
        tokens,
        ContextProperties.defaults(),
        null,
        null);
  }

  @Autowired
  public LlmActivitiesImpl(
      LlmProperties properties,
      TenantDirectory tenants,
      ObjectProvider<MeterRegistry> meters,
      OutputGuard guard,
      SpendGuard spend,
      Alerts alerts,
      TokenCounter tokens,
      ContextProperties context,
      TokenStreams streams,
      ObjectProvider<ToolRegistry> tools) {
    this.window = new ContextWindow(context, tokens);
    this.tools = tools;
    this.streams = streams;
    this.properties = properties;
    this.tenants = tenants;
    this.meters = meters;
    this.guard = guard;
    this.spend = spend;
    this.alerts = alerts;
    this.tokens = tokens;
    this.errors = new ProviderErrors(properties.apiKey(), Clock.systemUTC());
  }

  @Override
  public LlmResult callLlm(LlmRequest request) {
    LlmTarget target = request.target();
    checkConfiguredFor(target);
    checkSpend(request.tenantId(), target);
    TenantProfile tenant =
        tenants
            .find(request.tenantId())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no profile for tenant " + request.tenantId() + " to brief the model with",
                        LlmFailures.NOT_CONFIGURED));
    ContextWindow.Fitted fitted =
        window.fit(
            target.model(),
            tenant,
            redactedHistory(request.history()),
            request.summary() == null ? null : redactor.forModel(request.summary()),
            redactor.forModel(request.callerText()),
            request.intent(),
            redactedContext(request.context()),
            request.shrink());
    List<ChatMessage> messages = withToolExchanges(fitted.messages(), request);
    if (fitted.droppedMessages() > 0 || fitted.droppedExcerpts() > 0) {
      log.debug(
          "context window: {} earlier messages and {} excerpts left out ({} tokens)",
          fitted.droppedMessages(),
          fitted.droppedExcerpts(),
          fitted.tokens());
    }
    ChatRequest.Builder chatBuilder = ChatRequest.builder().messages(messages);
    ToolRegistry registry = request.tools() && tools != null ? tools.getIfAvailable() : null;
    if (registry != null) {
      chatBuilder.toolSpecifications(registry.specifications());
    }
    ChatRequest chat = chatBuilder.build();

    long started = System.nanoTime();
    ChatResponse response;
    try {
      response =
          request.streamId() != null && streams != null
              ? stream(request, target, chat, messages, started)
              : model(target.model()).chat(chat);
    } catch (ApplicationFailure failure) {
      recordCall(target, failure.getType(), System.nanoTime() - started, 0, 0);
      throw failure;
    } catch (RuntimeException e) {
      ApplicationFailure failure = errors.toFailure(e, target.model(), properties.timeout());
      recordCall(target, failure.getType(), System.nanoTime() - started, 0, 0);
      throw failure;
    }
    long elapsed = System.nanoTime() - started;

    String text = response.aiMessage() == null ? null : response.aiMessage().text();
    String finishReason = finishReason(response.finishReason());
    List<ToolRequest> toolCalls = toolCalls(response);
    TokenUsage usage = response.tokenUsage();
    boolean estimated =
        usage == null || usage.inputTokenCount() == null || usage.outputTokenCount() == null;
    // No usage from the provider (streaming, some compatible servers): count with the tokenizer.
    int inputTokens = estimated ? fitted.tokens() : usage.inputTokenCount();
    int outputTokens = estimated ? tokens.count(target.model(), text) : usage.outputTokenCount();
    if (!toolCalls.isEmpty()) {
      // the workflow runs each call as its own activity and asks again with the results
      recordCall(target, "tool_calls", elapsed, inputTokens, outputTokens);
      return new LlmResult(
          text == null ? "" : text.strip(),
          target.provider(),
          response.modelName() == null ? target.model() : response.modelName(),
          inputTokens,
          outputTokens,
          TimeUnit.NANOSECONDS.toMillis(elapsed),
          finishReason,
          estimated,
          toolCalls);
    }
    if (text == null || text.isBlank()) {
      // Filtered or cut off before any text: another sample may do better, else the chain moves on.
      recordCall(target, LlmFailures.UNAVAILABLE, elapsed, inputTokens, outputTokens);
      throw ApplicationFailure.newFailure(
          target.model() + " returned no text (finish reason " + finishReason + ")",
          LlmFailures.UNAVAILABLE);
    }
    try {
      checkOutput(request, target, messages, text);
    } catch (ApplicationFailure rejected) {
      recordCall(target, LlmFailures.OUTPUT_REJECTED, elapsed, inputTokens, outputTokens);
      throw rejected;
    }
    recordCall(target, "ok", elapsed, inputTokens, outputTokens);
    return new LlmResult(
        text.strip(),
        target.provider(),
        response.modelName() == null ? target.model() : response.modelName(),
        inputTokens,
        outputTokens,
        TimeUnit.NANOSECONDS.toMillis(elapsed),
        finishReason,
        estimated);
  }

  private static List<ToolRequest> toolCalls(ChatResponse response) {
    AiMessage message = response.aiMessage();
    if (message == null || !message.hasToolExecutionRequests()) {
      return List.of();
    }
    return message.toolExecutionRequests().stream()
        .map(
            r ->
                new ToolRequest(
                    r.id() == null || r.id().isBlank() ? "call-" + r.name() : r.id(),
                    r.name(),
                    r.arguments() == null ? "{}" : r.arguments()))
        .toList();
  }

  /**
   * The turn's earlier tool rounds after the caller's message: what the model asked for, then each
   * result (or the error it can act on), as function calling expects them.
   */
  private List<ChatMessage> withToolExchanges(List<ChatMessage> messages, LlmRequest request) {
    if (request.toolExchanges().isEmpty()) {
      return messages;
    }
    List<ChatMessage> all = new ArrayList<>(messages);
    Map<Integer, List<ToolExchange>> rounds = new TreeMap<>();
    for (ToolExchange exchange : request.toolExchanges()) {
      rounds.computeIfAbsent(exchange.round(), r -> new ArrayList<>()).add(exchange);
    }
    for (List<ToolExchange> round : rounds.values()) {
      all.add(
          AiMessage.from(
              round.stream()
                  .map(
                      e ->
                          ToolExecutionRequest.builder()
                              .id(e.callId())
                              .name(e.name())
                              .arguments(e.argumentsJson())
                              .build())
                  .toList()));
      for (ToolExchange e : round) {
        all.add(
            ToolExecutionResultMessage.from(e.callId(), e.name(), redactor.forModel(result(e))));
      }
    }
    return all;
  }

  /** What a tool call returned, as the model reads it: the result, or the error and details. */
  private static String result(ToolExchange exchange) {
    if (exchange.ok()) {
      return exchange.resultJson() == null ? "{}" : exchange.resultJson();
    }
    ObjectNode failed = JSON.createObjectNode();
    failed.put("error", exchange.error() == null ? "failed" : exchange.error());
    if (exchange.resultJson() != null) {
      try {
        failed.set("details", JSON.readTree(exchange.resultJson()));
      } catch (JsonProcessingException unreadable) {
        failed.put("details", exchange.resultJson());
      }
    }
    return failed.toString();
  }

  /** Fails with {@link LlmFailures#OUTPUT_REJECTED} when the text must not reach a caller. */
  private void checkOutput(
      LlmRequest request, LlmTarget target, List<ChatMessage> messages, String text) {
    Optional<String> rejected =
        guard.check(
            new OutputGuard.Reply(
                text,
                request.tenantId(),
                FrontDeskPrompt.instructions(),
                briefing(messages),
                properties.apiKey() == null ? List.of() : List.of(properties.apiKey())));
    if (rejected.isPresent()) {
      // the category only: the reply may hold exactly what must not be logged
      log.warn("reply of {} refused by the output guard: {}", target.model(), rejected.get());
      throw ApplicationFailure.newNonRetryableFailure(
          target.model() + " replied with something a caller must not see: " + rejected.get(),
          LlmFailures.OUTPUT_REJECTED);
    }
  }

  /**
   * Streams the reply and publishes it as it comes, in chunks: the first token at once (time to
   * first token is what a caller notices), then whatever arrived every {@link #FLUSH_EVERY}. A
   * chunk is published only after the output guard passed the text so far, so a reply refused
   * half-way never showed its refused part. This attempt's chunks form one generation of the
   * stream; a retry (the next attempt) or the next model starts a higher one, and clients drop what
   * they showed of the old.
   */
  private ChatResponse stream(
      LlmRequest request,
      LlmTarget target,
      ChatRequest chat,
      List<ChatMessage> messages,
      long startedNanos) {
    int attempt = currentAttempt();
    int generation = request.streamCall() * 100 + Math.min(attempt, 99);
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    streamingModel(target.model())
        .chat(
            chat,
            new StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(String partial) {
                events.add(partial);
              }

              @Override
              public void onCompleteResponse(ChatResponse complete) {
                events.add(complete);
              }

              @Override
              public void onError(Throwable error) {
                events.add(error);
              }
            });
    long deadline = startedNanos + properties.timeout().toNanos();
    StringBuilder all = new StringBuilder();
    int published = 0;
    int seq = 0;
    long lastFlush = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= deadline) {
        throw errors.toFailure(
            new dev.langchain4j.exception.TimeoutException(
                "no complete reply within " + properties.timeout()),
            target.model(),
            properties.timeout());
      }
      Object event;
      try {
        long wait = all.length() > published ? FLUSH_EVERY.toNanos() : deadline - now;
        event = events.poll(Math.max(1, Math.min(wait, deadline - now)), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted while streaming", LlmFailures.UNAVAILABLE);
      }
      if (event instanceof Throwable error) {
        RuntimeException cause =
            error instanceof RuntimeException r ? r : new IllegalStateException(error);
        throw errors.toFailure(cause, target.model(), properties.timeout());
      }
      if (event instanceof String partial) {
        if (seq == 0 && all.isEmpty()) {
          recordTtft(target, System.nanoTime() - startedNanos);
        }
        all.append(partial);
      }
      boolean complete = event instanceof ChatResponse;
      boolean due = seq == 0 || System.nanoTime() - lastFlush >= FLUSH_EVERY.toNanos();
      if (all.length() > published && (complete || due)) {
        checkOutput(request, target, messages, all.toString());
        while (published < all.length()) {
          int end = Math.min(all.length(), published + TokenStreams.MAX_CHUNK_CHARS);
          streams.publish(
              request.tenantId(),
              request.workflowId(),
              request.streamId(),
              generation,
              seq++,
              all.substring(published, end));
          published = end;
        }
        lastFlush = System.nanoTime();
      }
      if (complete) {
        ChatResponse response = (ChatResponse) event;
        if (response.aiMessage() != null
            && (response.aiMessage().text() != null
                || response.aiMessage().hasToolExecutionRequests())) {
          return response;
        }
        return ChatResponse.builder()
            .aiMessage(AiMessage.from(all.toString()))
            .tokenUsage(response.tokenUsage())
            .finishReason(response.finishReason())
            .modelName(response.modelName())
            .build();
      }
    }
  }

  private static int currentAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException | NullPointerException notInActivity) {
      return 1;
    }
  }

  /**
   * Refuses the call when a spend limit says so: past SPEND_DEGRADE_AT the first choice (when a
   * fallback model is configured to take over), at the limit every model. Non-retryable, so the
   * workflow's chain moves on to the fallback model or the rules at once; the caller still gets an
   * answer.
   */
  private void checkSpend(String tenantId, LlmTarget target) {
    if (spend == null) {
      return;
    }
    SpendGuard.Decision decision = spend.decide(tenantId);
    boolean fallbackTakesOver =
        properties.enableFallback()
            && !properties.fallbackModel().isBlank()
            && !properties.fallbackModel().equals(properties.model());
    boolean refuse =
        decision.verdict() == SpendGuard.Verdict.RULES_ONLY
            || (decision.verdict() == SpendGuard.Verdict.FALLBACK_ONLY
                && target.level() == 0
                && fallbackTakesOver);
    if (!refuse) {
      return;
    }
    boolean reached = decision.verdict() == SpendGuard.Verdict.RULES_ONLY;
    String what =
        String.format(
            Locale.ROOT,
            "%.0f%% of %s spent: %s",
            decision.ratio() * 100,
            decision.limit(),
            reached ? "no model is asked, the rules answer" : "the fallback model answers");
    if (alerts != null) {
      alerts.raise(
          decision.global() ? null : tenantId,
          reached ? "spend_limit_reached" : "spend_limit_degraded",
          reached ? "critical" : "warning",
          decision.windowStart(),
          decision.ratio(),
          reached ? 1.0 : spend.degradeAt(),
          what);
    }
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      Counter.builder("dispatch.spend.degraded")
          .description(
              "Model calls refused by a spend limit (skipped to the fallback or the rules)")
          .tags("verdict", reached ? "rules_only" : "fallback_only", "model", target.model())
          .register(registry)
          .increment();
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "spend limit: " + what, LlmFailures.SPEND_LIMIT);
  }

  /** Every turn as a model may see it: the caller's contact details and card numbers blanked. */
  private List<ChatTurn> redactedHistory(List<ChatTurn> history) {
    return history == null
        ? List.of()
        : history.stream().map(t -> new ChatTurn(t.role(), redactor.forModel(t.text()))).toList();
  }

  /**
   * Knowledge chunks are the business's own published documents: its phone and address stay (the
   * model quotes them), a card number or SSN that slipped into an upload does not.
   */
  private List<ContextChunk> redactedContext(List<ContextChunk> context) {
    return context == null
        ? List.of()
        : context.stream()
            .map(
                c ->
                    new ContextChunk(
                        c.ref(),
                        c.documentId(),
                        c.chunkId(),
                        c.title(),
                        redactor.stored(c.text()),
                        c.score()))
            .toList();
  }

  /** All the model was shown, for the output guard to tell grounded names from leaked ones. */
  private static String briefing(List<ChatMessage> messages) {
    StringBuilder all = new StringBuilder();
    ContextWindow.texts(messages).forEach(text -> all.append(text).append('\n'));
    return all.toString();
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

  private StreamingChatModel streamingModel(String name) {
    return streamingModels.computeIfAbsent(name, this::buildStreaming);
  }

  private StreamingChatModel buildStreaming(String modelName) {
    return OpenAiStreamingChatModel.builder()
        .httpClientBuilder(new ProviderHttpClient.Builder())
        .baseUrl(properties.effectiveBaseUrl().orElseThrow())
        .apiKey(properties.apiKey())
        .modelName(modelName)
        .temperature(properties.temperature())
        .topP(properties.topP())
        .maxTokens(properties.maxTokens())
        .timeout(properties.timeout())
        .logRequests(false)
        .logResponses(false)
        .build();
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

  private void recordTtft(LlmTarget target, long nanos) {
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      Timer.builder("dispatch.llm.ttft")
          .description("Time from sending a streamed request to the model's first token")
          .tags("provider", target.provider(), "model", target.model())
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
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
