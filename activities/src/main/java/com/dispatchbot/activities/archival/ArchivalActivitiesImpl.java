package com.dispatchbot.activities.archival;

import com.dispatchbot.workflows.archival.ArchivalActivities;
import io.temporal.activity.Activity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Archival in SQL, one batch per transaction. Conversations with a live handoff (open, claimed,
 * awaiting a callback) are never archived; active ones never match. Deleting removes what refers to
 * a conversation (its handoffs, callback tasks, archive); appointments keep their row, with the
 * workflow id as plain text.
 */
@Component("archivalActivities")
public class ArchivalActivitiesImpl implements ArchivalActivities {
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  public ArchivalActivitiesImpl(JdbcClient jdbc, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Batch archiveBatch(long endedBeforeMillis, int limit) {
    Batch batch =
        tx.execute(
            status -> {
              List<Map<String, Object>> picked =
                  jdbc.sql(
                          """
                          select c.workflow_id, c.tenant_id from conversations c
                           where c.status = 'closed' and c.ended_at < :cutoff
                             and not exists (select 1 from handoffs h
                                              where h.workflow_id = c.workflow_id
                                                and h.status in ('open', 'claimed', 'callback'))
                           order by c.ended_at
                           limit :limit
                           for update of c skip locked
                          """)
                      .param("cutoff", Timestamp.from(Instant.ofEpochMilli(endedBeforeMillis)))
                      .param("limit", limit)
                      .query()
                      .listOfRows();
              if (picked.isEmpty()) {
                return new Batch(0, 0, Map.of());
              }
              List<String> ids = picked.stream().map(r -> (String) r.get("workflow_id")).toList();
              jdbc.sql(
                      """
                      insert into conversation_archives (workflow_id, tenant_id, transcript, ai_totals, archived_at)
                      select c.workflow_id, c.tenant_id,
                             coalesce((select jsonb_agg(jsonb_build_object(
                                         'turn', m.turn, 'seq', m.seq, 'role', m.role,
                                         'author', m.author, 'text', m.text, 'intent', m.intent,
                                         'confidence', m.confidence, 'at', m.created_at,
                                         'provider', a.provider, 'model', a.model,
                                         'fallbackLevel', a.fallback_level)
                                         order by m.turn, m.seq, m.id)
                                         from conversation_messages m
                                         left join ai_responses a on a.message_id = m.id
                                        where m.workflow_id = c.workflow_id), '[]'::jsonb),
                             coalesce((select jsonb_agg(t) from (
                                         select model, count(*) as responses,
                                                sum(input_tokens) as "inputTokens",
                                                sum(output_tokens) as "outputTokens",
                                                sum(cost_usd) as "costUsd"
                                           from ai_responses a where a.workflow_id = c.workflow_id
                                          group by model order by model) t), '[]'::jsonb),
                             now()
                        from conversations c where c.workflow_id in (:ids)
                      on conflict (workflow_id) do nothing
                      """)
                  .param("ids", ids)
                  .update();
              jdbc.sql("delete from ai_responses where workflow_id in (:ids)")
                  .param("ids", ids)
                  .update();
              int messages =
                  jdbc.sql("delete from conversation_messages where workflow_id in (:ids)")
                      .param("ids", ids)
                      .update();
              jdbc.sql(
                      "update conversations set status = 'archived', archived_at = now()"
                          + " where workflow_id in (:ids)")
                  .param("ids", ids)
                  .update();
              return new Batch(picked.size(), messages, byTenant(picked));
            });
    heartbeat(batch);
    return batch;
  }

  @Override
  public Batch deleteBatch(long endedBeforeMillis, int limit) {
    Batch batch =
        tx.execute(
            status -> {
              List<Map<String, Object>> picked =
                  jdbc.sql(
                          """
                          select workflow_id, tenant_id from conversations
                           where status = 'archived' and ended_at < :cutoff
                           order by ended_at
                           limit :limit
                           for update skip locked
                          """)
                      .param("cutoff", Timestamp.from(Instant.ofEpochMilli(endedBeforeMillis)))
                      .param("limit", limit)
                      .query()
                      .listOfRows();
              if (picked.isEmpty()) {
                return new Batch(0, 0, Map.of());
              }
              List<String> ids = picked.stream().map(r -> (String) r.get("workflow_id")).toList();
              for (String table :
                  List.of(
                      "callback_tasks",
                      "handoffs",
                      "ai_responses",
                      "conversation_messages",
                      "conversation_archives",
                      "conversations")) {
                jdbc.sql("delete from " + table + " where workflow_id in (:ids)")
                    .param("ids", ids)
                    .update();
              }
              return new Batch(picked.size(), 0, byTenant(picked));
            });
    heartbeat(batch);
    return batch;
  }

  private static Map<String, Integer> byTenant(List<Map<String, Object>> rows) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Map<String, Object> row : rows) {
      counts.merge((String) row.get("tenant_id"), 1, Integer::sum);
    }
    return counts;
  }

  private static void heartbeat(Batch batch) {
    try {
      Activity.getExecutionContext().heartbeat(batch.conversations());
    } catch (IllegalStateException notInAnActivity) {
      // a command, not a worker
    }
  }
}
