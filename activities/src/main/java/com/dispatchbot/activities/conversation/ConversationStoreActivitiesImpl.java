package com.dispatchbot.activities.conversation;

import com.dispatchbot.activities.cost.CostProperties;
import com.dispatchbot.activities.cost.PriceTable;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
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
  private final PriceTable prices;
  private final ObjectProvider<MeterRegistry> meters;

  /** With the built-in price list and no metrics. */
  public ConversationStoreActivitiesImpl(JdbcClient jdbc, TransactionTemplate tx) {
    this(jdbc, tx, new PriceTable(CostProperties.defaults()), null);
  }

  @Autowired
  public ConversationStoreActivitiesImpl(
      JdbcClient jdbc,
      TransactionTemplate tx,
      PriceTable prices,
      ObjectProvider<MeterRegistry> meters) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.prices = prices;
    this.meters = meters;
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
          BigDecimal cost = prices.cost(ai.model(), ai.inputTokens(), ai.outputTokens());
          int inserted =
              jdbc.sql(
                      """
                  insert into ai_responses
                    (tenant_id, workflow_id, turn, message_id, provider, model, input_tokens,
                     output_tokens, latency_ms, fallback_level, fallback_reason, created_at,
                     cost_usd, tokens_estimated)
                  select ?, ?, ?, m.id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
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
                      cost,
                      ai.tokensEstimated(),
                      r.tenantId(),
                      r.workflowId(),
                      r.turn())
                  .update();
          touchConversation(r.tenantId(), r.workflowId(), r.turn());
          if (inserted > 0) {
            countResponse(r.tenantId(), ai, cost);
          }
        });
  }

  @Override
  public void closeConversation(ConversationClosing c) {
    // the status before this update: only the first close of a call counts its cost
    String before =
        jdbc.sql(
                """
                update conversations c
                   set status = 'closed', outcome = ?, ended_at = ?,
                       turn_count = greatest(c.turn_count, ?)
                  from (select workflow_id, status from conversations
                         where tenant_id = ? and workflow_id = ? for update) prev
                 where c.workflow_id = prev.workflow_id
                returning prev.status
                """)
            .params(
                c.outcome(), at(c.closedAtMillis()), c.turnCount(), c.tenantId(), c.workflowId())
            .query(String.class)
            .optional()
            .orElse(null);
    boolean closed = "active".equals(before);
    MeterRegistry registry = meters == null ? null : meters.getIfAvailable();
    if (closed && registry != null) {
      // once per call (a retried close finds it closed already)
      BigDecimal cost =
          jdbc.sql(
                  "select coalesce(sum(cost_usd), 0) from ai_responses"
                      + " where tenant_id = ? and workflow_id = ?")
              .params(c.tenantId(), c.workflowId())
              .query(BigDecimal.class)
              .single();
      DistributionSummary.builder("dispatch.call.cost")
          .description("What one call cost in model usage, USD, when it ended")
          .baseUnit("usd")
          .serviceLevelObjectives(0.01, 0.05, 0.10, 0.25, 0.50, 1.00)
          .register(registry)
          .record(cost.doubleValue());
    }
  }

  /** One counter per response by fallback level and provider, and the cost by model. */
  private void countResponse(String tenantId, AiResponseRecord ai, BigDecimal cost) {
    MeterRegistry registry = meters == null ? null : meters.getIfAvailable();
    if (registry == null) {
      return;
    }
    Counter.builder("dispatch.ai.responses")
        .description(
            "Assistant replies by fallback level (0 the first choice, or the rules when no model"
                + " is configured) and provider (none: nothing could answer)")
        .tags("level", String.valueOf(ai.fallbackLevel()), "provider", ai.provider())
        .register(registry)
        .increment();
    if (cost.signum() > 0) {
      Counter.builder("dispatch.llm.cost")
          .description("Model usage in USD, by model (price table at the time of the call)")
          .baseUnit("usd")
          .tags("provider", ai.provider(), "model", ai.model())
          .register(registry)
          .increment(cost.doubleValue());
    }
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
