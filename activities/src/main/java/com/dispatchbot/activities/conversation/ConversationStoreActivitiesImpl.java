package com.dispatchbot.activities.conversation;

import com.dispatchbot.workflows.conversation.ConversationStoreActivities;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Postgres writes for conversations. Each statement is an upsert or an insert that does nothing on
 * its unique key, so Temporal may retry any of them without duplicating a row.
 */
@Component("conversationStoreActivities")
public class ConversationStoreActivitiesImpl implements ConversationStoreActivities {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public ConversationStoreActivitiesImpl(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public void openConversation(ConversationOpening o) {
    jdbc.sql(
            """
            insert into conversations
              (workflow_id, tenant_id, conversation_id, channel, caller_phone, caller_name, started_at)
            values (?, ?, ?, ?, ?, ?, ?)
            on conflict (workflow_id) do nothing
            """)
        .params(
            o.workflowId(),
            o.tenantId(),
            o.conversationId(),
            o.channel(),
            o.callerPhone(),
            o.callerName(),
            at(o.startedAtMillis()))
        .update();
  }

  @Override
  public void recordMessage(MessageRecord m) {
    tx.executeWithoutResult(
        status -> {
          insertMessage(
              m.tenantId(),
              m.workflowId(),
              m.turn(),
              m.role(),
              m.text(),
              m.intent(),
              m.confidence(),
              m.atMillis());
          touchConversation(m.tenantId(), m.workflowId(), m.turn());
        });
  }

  @Override
  public void recordReply(ReplyRecord r) {
    tx.executeWithoutResult(
        status -> {
          insertMessage(
              r.tenantId(),
              r.workflowId(),
              r.turn(),
              ChatTurn.ASSISTANT,
              r.text(),
              null,
              null,
              r.atMillis());
          AiResponseRecord ai = r.ai();
          jdbc.sql(
                  """
                  insert into ai_responses
                    (tenant_id, workflow_id, turn, message_id, provider, model, input_tokens,
                     output_tokens, latency_ms, fallback_level, fallback_reason, created_at)
                  select ?, ?, ?, m.id, ?, ?, ?, ?, ?, ?, ?, ?
                    from conversation_messages m
                   where m.tenant_id = ? and m.workflow_id = ? and m.turn = ? and m.role = 'assistant'
                     and m.seq = 0
                  on conflict (workflow_id, turn) do nothing
                  """)
              .params(
                  r.tenantId(),
                  r.workflowId(),
                  r.turn(),
                  ai.provider(),
                  ai.model(),
                  ai.inputTokens(),
                  ai.outputTokens(),
                  ai.latencyMillis(),
                  ai.fallbackLevel(),
                  ai.fallbackReason(),
                  at(r.atMillis()),
                  r.tenantId(),
                  r.workflowId(),
                  r.turn())
              .update();
          touchConversation(r.tenantId(), r.workflowId(), r.turn());
        });
  }

  @Override
  public void closeConversation(ConversationClosing c) {
    jdbc.sql(
            """
            update conversations
               set status = 'closed', outcome = ?, ended_at = ?, turn_count = greatest(turn_count, ?)
             where tenant_id = ? and workflow_id = ?
            """)
        .params(c.outcome(), at(c.closedAtMillis()), c.turnCount(), c.tenantId(), c.workflowId())
        .update();
  }

  private void insertMessage(
      String tenantId,
      String workflowId,
      int turn,
      String role,
      String text,
      String intent,
      Double confidence,
      long atMillis) {
    jdbc.sql(
            """
            insert into conversation_messages
              (tenant_id, workflow_id, turn, role, text, intent, confidence, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (workflow_id, turn, role, seq) do nothing
            """)
        .params(tenantId, workflowId, turn, role, text, intent, confidence, at(atMillis))
        .update();
  }

  private void touchConversation(String tenantId, String workflowId, int turn) {
    jdbc.sql(
            """
            update conversations set turn_count = greatest(turn_count, ?)
             where tenant_id = ? and workflow_id = ?
            """)
        .params(turn, tenantId, workflowId)
        .update();
  }

  private static Timestamp at(long epochMillis) {
    return Timestamp.from(Instant.ofEpochMilli(epochMillis));
  }
}
