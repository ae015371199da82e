package com.dispatchbot.api.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads a conversation and its messages from Postgres, always within one tenant. */
@Component
class Transcripts {
  private final JdbcClient jdbc;

  Transcripts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record ConversationRow(
      String workflowId,
      String conversationId,
      String channel,
      String callerPhone,
      String callerName,
      String status,
      String outcome,
      int turnCount,
      Instant startedAt,
      Instant endedAt) {}

  /** One message; the ai_* fields are set on assistant messages. */
  record MessageRow(
      int turn,
      String role,
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
      String fallbackReason) {}

  Optional<ConversationRow> conversation(String tenantId, String workflowId) {
    return jdbc.sql(
            """
            select workflow_id, conversation_id, channel, caller_phone, caller_name, status,
                   outcome, turn_count, started_at, ended_at
              from conversations
             where tenant_id = ? and workflow_id = ?
            """)
        .params(tenantId, workflowId)
        .query(
            (rs, n) ->
                new ConversationRow(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getInt(8),
                    rs.getTimestamp(9).toInstant(),
                    rs.getTimestamp(10) == null ? null : rs.getTimestamp(10).toInstant()))
        .optional();
  }

  /** The live messages, or, once the conversation is archived, its archived transcript. */
  List<MessageRow> messages(String tenantId, String workflowId) {
    List<MessageRow> live = liveMessages(tenantId, workflowId);
    return live.isEmpty() ? archivedMessages(tenantId, workflowId) : live;
  }

  private List<MessageRow> archivedMessages(String tenantId, String workflowId) {
    // jsonb_to_recordset turns the archived document back into rows, in the order it was kept
    return jdbc.sql(
            """
            select m.turn, m.role, m.text, m.intent, m.confidence, m.at, m.provider, m.model,
                   m."fallbackLevel"
              from conversation_archives a,
                   jsonb_to_recordset(a.transcript) as m(turn int, seq int, role text, text text,
                     intent text, confidence double precision, at timestamptz, provider text,
                     model text, "fallbackLevel" int)
             where a.tenant_id = ? and a.workflow_id = ?
            """)
        .params(tenantId, workflowId)
        .query(
            (rs, n) ->
                new MessageRow(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    (Double) rs.getObject(5),
                    rs.getTimestamp(6).toInstant(),
                    rs.getString(7),
                    rs.getString(8),
                    null,
                    null,
                    null,
                    (Integer) rs.getObject(9),
                    null))
        .list();
  }

  private List<MessageRow> liveMessages(String tenantId, String workflowId) {
    return jdbc.sql(
            """
            select m.turn, m.role, m.text, m.intent, m.confidence, m.created_at,
                   a.provider, a.model, a.input_tokens, a.output_tokens, a.latency_ms,
                   a.fallback_level, a.fallback_reason
              from conversation_messages m
              left join ai_responses a on a.message_id = m.id and a.tenant_id = m.tenant_id
             where m.tenant_id = ? and m.workflow_id = ?
             order by m.turn, case m.role when 'caller' then 0 else 1 end, m.id
            """)
        .params(tenantId, workflowId)
        .query(
            (rs, n) ->
                new MessageRow(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    (Double) rs.getObject(5),
                    rs.getTimestamp(6).toInstant(),
                    rs.getString(7),
                    rs.getString(8),
                    (Integer) rs.getObject(9),
                    (Integer) rs.getObject(10),
                    (Long) rs.getObject(11),
                    (Integer) rs.getObject(12),
                    rs.getString(13)))
        .list();
  }
}
