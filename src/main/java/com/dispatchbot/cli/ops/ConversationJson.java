package com.dispatchbot.cli.ops;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as exported: the conversation, then its messages, each reply with the AI response
 * that produced it (provider, model, tokens, latency, fallback, cost). Streamed, so an export of
 * many conversations never holds them all in memory.
 */
final class ConversationJson {
  private ConversationJson() {}

  static void write(
      JsonGenerator json, Transcript.Conversation c, List<Transcript.Message> messages)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("conversationId", c.conversationId());
    json.writeStringField("workflowId", c.workflowId());
    json.writeStringField("channel", c.channel());
    json.writeStringField("status", c.status());
    json.writeStringField("outcome", c.outcome());
    json.writeNumberField("turnCount", c.turnCount());
    instant(json, "startedAt", c.startedAt());
    instant(json, "endedAt", c.endedAt());
    instant(json, "archivedAt", c.archivedAt());
    json.writeObjectFieldStart("caller");
    json.writeStringField("phone", c.callerPhone());
    json.writeStringField("name", c.callerName());
    json.writeEndObject();
    json.writeArrayFieldStart("messages");
    for (Transcript.Message m : messages) {
      json.writeStartObject();
      json.writeNumberField("turn", m.turn());
      json.writeNumberField("seq", m.seq());
      json.writeStringField("role", m.role());
      json.writeStringField("author", m.author());
      json.writeStringField("text", m.text());
      json.writeStringField("intent", m.intent());
      if (m.confidence() == null) {
        json.writeNullField("confidence");
      } else {
        json.writeNumberField("confidence", m.confidence());
      }
      instant(json, "at", m.at());
      if (m.isReply() && m.provider() != null) {
        json.writeObjectFieldStart("ai");
        json.writeStringField("provider", m.provider());
        json.writeStringField("model", m.model());
        json.writeNumberField("inputTokens", m.inputTokens());
        json.writeNumberField("outputTokens", m.outputTokens());
        json.writeNumberField("latencyMs", m.latencyMs());
        json.writeNumberField("fallbackLevel", m.fallbackLevel());
        json.writeStringField("fallbackReason", m.fallbackReason());
        json.writeNumberField("costUsd", m.costUsd());
        if (m.tokensEstimated() != null) {
          json.writeBooleanField("tokensEstimated", m.tokensEstimated());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void instant(JsonGenerator json, String field, Instant at) throws IOException {
    if (at == null) {
      json.writeNullField(field);
    } else {
      json.writeStringField(field, at.toString());
    }
  }
}
