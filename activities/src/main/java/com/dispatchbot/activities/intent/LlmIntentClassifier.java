package com.dispatchbot.activities.intent;

import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.llm.StructuredOutputModels;
import com.dispatchbot.workflows.intent.Intent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the configured LLM (OpenAI, Azure's v1 endpoint or an OpenAI-compatible server, as {@code
 * LlmProperties} says; MODEL_NAME) for one message's intent, with structured output: a JSON schema
 * whose {@code intent} is an enum of the intent codes, plus the model's own {@code confidence}. One
 * HTTP call, no retries (a failure keeps the local model's answer, which is already there), the
 * request and response never logged (they carry the key and the caller's words).
 *
 * <p>The confidence is what the LLM states, clamped to [0, 1]; it is not calibrated like the local
 * model's, so the conversation's threshold applies to it as a stated, not a measured, probability.
 */
public final class LlmIntentClassifier {
  private static final Logger log = LoggerFactory.getLogger(LlmIntentClassifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The LLM's answer. */
  public record Answer(Intent intent, double confidence) {}

  static final String INSTRUCTIONS =
      """
      You classify one message that a caller sent to the front desk of a home-service company \
      (plumbing, heating and cooling, electrical). Choose exactly one intent:
      - emergency: a danger now (gas smell, carbon monoxide alarm, flooding or a burst pipe, sparks \
      or burning smell, sewage backing up, no heat in freezing weather) or the caller says it is an \
      emergency
      - book_appointment: wants a visit, a repair, an install or a service booked
      - reschedule: wants to move an existing appointment
      - cancel: wants to cancel an existing appointment or no longer needs the visit
      - quote_pricing: asks what something costs, fees, estimates, discounts
      - knowledge_question: asks about the business (hours, area, services, payment, warranty) or \
      for advice
      - talk_to_human: wants a person, a manager, a call back
      - confirm: says yes or accepts what was offered
      - deny: says no or rejects what was offered
      - greeting_smalltalk: greeting, thanks, goodbye, small talk
      - out_of_scope: anything else (other trades or businesses, general questions, gibberish)
      Answer with the intent and your confidence between 0 and 1 that it is right.""";

  private final LlmProperties llm;
  private final Duration timeout;
  private volatile ChatModel model;

  public LlmIntentClassifier(LlmProperties llm, Duration timeout) {
    this.llm = llm;
    this.timeout = timeout;
  }

  /** Whether a model can be asked: not with AI_MODE=rules_based or without a key. */
  public boolean configured() {
    return llm.whyNoModel().isEmpty();
  }

  /** The LLM's intent for {@code text}; empty when none is configured or the call failed. */
  public Optional<Answer> classify(String text) {
    if (!configured()) {
      return Optional.empty();
    }
    try {
      ChatResponse response =
          model()
              .chat(
                  ChatRequest.builder()
                      .messages(SystemMessage.from(INSTRUCTIONS), UserMessage.from(text))
                      .responseFormat(RESPONSE_FORMAT)
                      .build());
      String json = response.aiMessage() == null ? null : response.aiMessage().text();
      return parse(json);
    } catch (RuntimeException e) {
      // Status and type only: a provider's error body may echo part of the key.
      String status = e instanceof HttpException http ? " HTTP " + http.statusCode() : "";
      log.warn(
          "LLM intent classification failed ({}{}); keeping the local model's answer",
          e.getClass().getSimpleName(),
          status);
      return Optional.empty();
    }
  }

  static Optional<Answer> parse(String json) {
    if (json == null || json.isBlank()) {
      log.warn("LLM intent classification returned no text; keeping the local model's answer");
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      Intent intent = LabelledUtterance.intentOf(node.path("intent").asText(""));
      double confidence = node.path("confidence").asDouble(Double.NaN);
      if (Double.isNaN(confidence)) {
        return Optional.empty();
      }
      return Optional.of(new Answer(intent, Math.max(0.0, Math.min(1.0, confidence))));
    } catch (Exception e) {
      log.warn("LLM intent classification returned an unusable answer; keeping the local model's");
      return Optional.empty();
    }
  }

  static final ResponseFormat RESPONSE_FORMAT =
      ResponseFormat.builder()
          .type(ResponseFormatType.JSON)
          .jsonSchema(
              JsonSchema.builder()
                  .name("intent")
                  .rootElement(
                      JsonObjectSchema.builder()
                          .addEnumProperty("intent", codes())
                          .addNumberProperty("confidence", "from 0 to 1")
                          .required("intent", "confidence")
                          .additionalProperties(false)
                          .build())
                  .build())
          .build();

  private static List<String> codes() {
    return Arrays.stream(Intent.values()).map(Intent::code).toList();
  }

  private ChatModel model() {
    ChatModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = StructuredOutputModels.jsonSchemaModel(llm, 50, timeout);
        }
        m = model;
      }
    }
    return m;
  }
}
