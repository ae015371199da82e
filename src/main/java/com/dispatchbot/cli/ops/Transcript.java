package com.dispatchbot.cli.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tenant's conversation and its messages as stored: from the hot tables, or, once archived, from
 * its {@code conversation_archives} document. Every query names the tenant.
 */
final class Transcript {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Transcript() {}

  record Conversation(
      String workflowId,
      String conversationId,
      String channel,
      String callerPhone,
      String callerName,
      String status,
      String outcome,
      int turnCount,
      Instant startedAt,
      Instant endedAt,
      Instant archivedAt) {}

  /**
   * One stored message; {@code provider}, {@code model} and the rest are the turn's AI response
   * (set on every message of a turn that has one, null otherwise and in archives).
   */
  record Message(
      int turn,
      int seq,
      String role,
      String author,
      String text,
      String intent,
      Double confidence,
      Instant at,
      String provider,
      String model,
      Integer inputTokens,
      Integer outputTokens,
      Long latencyMs,
      Integer fallbackLevel,
      String fallbackReason,
      BigDecimal costUsd,
      Boolean tokensEstimated) {

    /** The turn's reply written by the workflow itself (not a notice posted beside it). */
    boolean isReply() {
      return "assistant".equals(role) && seq == 0;
    }
  }

  static final String CONVERSATION_COLUMNS =
      "workflow_id, conversation_id, channel, caller_phone, caller_name, status, outcome,"
          + " turn_count, started_at, ended_at, archived_at";

  static Conversation conversation(ResultSet rs) throws SQLException {
    return new Conversation(
        rs.getString("workflow_id"),
        rs.getString("conversation_id"),
        rs.getString("channel"),
        rs.getString("caller_phone"),
        rs.getString("caller_name"),
        rs.getString("status"),
        rs.getString("outcome"),
        rs.getInt("turn_count"),
        instant(rs, "started_at"),
        instant(rs, "ended_at"),
        instant(rs, "archived_at"));
  }

  /** By the caller-facing conversation id or by the workflow id ({@code conv-<tenant>-<id>}). */
  static Optional<Conversation> find(JdbcClient jdbc, String tenantId, String id) {
    return jdbc.sql(
            "select "
                + CONVERSATION_COLUMNS
                + " from conversations where tenant_id = ? and (conversation_id = ? or workflow_id"
                + " = ?) order by (conversation_id = ?) desc limit 1")
        .params(tenantId, id, id, id)
        .query((rs, n) -> conversation(rs))
        .optional();
  }

  /** Like {@link #find}, but an unknown id is bad input naming the option. */
  static Conversation require(JdbcClient jdbc, String tenantId, String option, String id) {
    if (id == null || id.isBlank()) {
      throw new OpsCommand.BadInput(option + ": give a conversation id");
    }
    return find(jdbc, tenantId, id.strip())
        .orElseThrow(
            () ->
                new OpsCommand.BadInput(
                    option + ": tenant " + tenantId + " has no conversation '" + id.strip() + "'"));
  }

  /** The messages in the order they happened: by turn, then seq (notices after the reply). */
  static List<Message> messages(JdbcClient jdbc, String tenantId, Conversation c) {
    if ("archived".equals(c.status())) {
      return archived(jdbc, tenantId, c.workflowId());
    }
    return jdbc.sql(
            """
            select m.turn, m.seq, m.role, m.author, m.text, m.intent, m.confidence, m.created_at,
                   a.provider, a.model, a.input_tokens, a.output_tokens, a.latency_ms,
                   a.fallback_level, a.fallback_reason, a.cost_usd, a.tokens_estimated
              from conversation_messages m
              left join ai_responses a
                on a.tenant_id = m.tenant_id and a.workflow_id = m.workflow_id and a.turn = m.turn
             where m.tenant_id = ? and m.workflow_id = ?
             order by m.turn, m.seq,
                      case m.role when 'caller' then 0 when 'assistant' then 1
                                  when 'system' then 2 else 3 end,
                      m.id
            """)
        .params(tenantId, c.workflowId())
        .query(
            (rs, n) ->
                new Message(
                    rs.getInt(1),
                    rs.getInt(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    (Double) rs.getObject(7),
                    rs.getTimestamp(8).toInstant(),
                    rs.getString(9),
                    rs.getString(10),
                    (Integer) rs.getObject(11),
                    (Integer) rs.getObject(12),
                    (Long) rs.getObject(13),
                    (Integer) rs.getObject(14),
                    rs.getString(15),
                    rs.getBigDecimal(16),
                    (Boolean) rs.getObject(17)))
        .list();
  }

  /**
   * An archived conversation's messages, from the document ArchivalActivitiesImpl wrote: the turn's
   * provider and model are on its reply; tokens, latency and cost only as totals per model.
   */
  private static List<Message> archived(JdbcClient jdbc, String tenantId, String workflowId) {
    String doc =
        jdbc.sql(
                "select transcript::text from conversation_archives"
                    + " where tenant_id = ? and workflow_id = ?")
            .params(tenantId, workflowId)
            .query(String.class)
            .optional()
            .orElse("[]");
    List<Message> messages = new ArrayList<>();
    try {
      for (JsonNode m : JSON.readTree(doc)) {
        messages.add(
            new Message(
                m.path("turn").asInt(),
                m.path("seq").asInt(),
                m.path("role").asText(),
                text(m, "author"),
                m.path("text").asText(""),
                text(m, "intent"),
                m.path("confidence").isNumber() ? m.path("confidence").asDouble() : null,
                parseInstant(text(m, "at")),
                text(m, "provider"),
                text(m, "model"),
                null,
                null,
                null,
                m.path("fallbackLevel").isNumber() ? m.path("fallbackLevel").asInt() : null,
                null,
                null,
                null));
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the archived transcript of " + workflowId + " is not JSON");
    }
    return messages;
  }

  /** A text field of an archived message; null when absent or JSON null. */
  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  private static Instant parseInstant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (java.time.format.DateTimeParseException e2) {
        return null;
      }
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    java.sql.Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
