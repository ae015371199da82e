package com.dispatchbot.activities.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code tool_executions} table: one row per (workflow id, turn, call id), however often
 * Temporal ran the activity. Arguments are stored redacted; results as the model got them, since a
 * retried call answers with the stored result. Every read is filtered by tenant.
 */
@Component
public class ToolExecutionLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How far back a conversation's offered windows are looked for. */
  private static final int OFFERS_LOOKED_AT = 50;

  private final JdbcClient jdbc;

  public ToolExecutionLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One execution.
   *
   * @param argumentsJson redacted
   * @param resultJson null when there is none
   * @param attempt the activity's attempt (1 for the first)
   */
  public record Execution(
      String tenantId,
      String workflowId,
      int turn,
      String callId,
      String tool,
      String argumentsJson,
      String outcome,
      String resultJson,
      String error,
      long durationMillis,
      int attempt) {}

  /**
   * A call that completed earlier (any outcome but {@link ToolOutcomes#ERROR}).
   *
   * @param argumentsJson as logged (redacted)
   */
  public record Completed(
      String tool,
      String argumentsJson,
      String outcome,
      String resultJson,
      String error,
      long durationMillis) {}

  /**
   * Calls of one tool in a window, for {@code GET /v1/tools}.
   *
   * @param ok calls whose outcome was {@link ToolOutcomes#OK}
   * @param p50Millis median duration (0 without calls)
   * @param outcomes calls by outcome
   */
  public record ToolStats(
      String tool,
      long calls,
      long ok,
      double p50Millis,
      double p95Millis,
      Map<String, Long> outcomes) {

    /** ok / calls; 0 without calls. */
    public double successRate() {
      return calls == 0 ? 0 : (double) ok / calls;
    }

    public static ToolStats none(String tool) {
      return new ToolStats(tool, 0, 0, 0, 0, Map.of());
    }
  }

  /** The first completed outcome of this call, if there is one. */
  public Optional<Completed> completed(
      String tenantId, String workflowId, int turn, String callId) {
    return jdbc.sql(
            """
            select tool, arguments::text, outcome, result::text, error, duration_ms
              from tool_executions
             where tenant_id = ? and workflow_id = ? and turn = ? and call_id = ?
               and outcome <> ?
            """)
        .params(tenantId, workflowId, turn, callId, ToolOutcomes.ERROR)
        .query(
            (rs, n) ->
                new Completed(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getLong(6)))
        .optional();
  }

  /**
   * Writes the execution, or counts one more attempt of it on its existing row.
   *
   * @return the result as stored (Postgres's JSON text, which a retried call returns), or the
   *     result as given when the row is another tenant's
   */
  public String record(Execution e) {
    return jdbc.sql(
            """
            insert into tool_executions
              (tenant_id, workflow_id, turn, call_id, tool, arguments, outcome, result, error,
               duration_ms, attempts)
            values (?, ?, ?, ?, ?, cast(? as jsonb), ?, cast(? as jsonb), ?, ?, ?)
            on conflict (workflow_id, turn, call_id) do update
               set tool = excluded.tool,
                   arguments = excluded.arguments,
                   outcome = excluded.outcome,
                   result = excluded.result,
                   error = excluded.error,
                   duration_ms = excluded.duration_ms,
                   attempts = greatest(tool_executions.attempts + 1, excluded.attempts)
             where tool_executions.tenant_id = excluded.tenant_id
            returning coalesce(result::text, '')
            """)
        .params(
            e.tenantId(),
            e.workflowId(),
            e.turn(),
            e.callId(),
            e.tool(),
            e.argumentsJson(),
            e.outcome(),
            e.resultJson(),
            e.error(),
            (int) Math.min(Integer.MAX_VALUE, Math.max(0, e.durationMillis())),
            Math.max(1, e.attempt()))
        .query(String.class)
        .optional()
        .map(stored -> stored.isEmpty() ? null : stored)
        .orElse(e.resultJson());
  }

  /** A retry that answered from the stored outcome: counted, nothing else changes. */
  public void countAttempt(
      String tenantId, String workflowId, int turn, String callId, int attempt) {
    jdbc.sql(
            """
            update tool_executions set attempts = greatest(attempts + 1, ?)
             where tenant_id = ? and workflow_id = ? and turn = ? and call_id = ?
            """)
        .params(Math.max(1, attempt), tenantId, workflowId, turn, callId)
        .update();
  }

  /**
   * The window {@code slotId} if a tool offered it in this conversation (availability, or the other
   * windows of a booking that was taken); the newest offer wins.
   */
  public Optional<CalendarJson.Offer> offered(String tenantId, String workflowId, String slotId) {
    List<String> results =
        jdbc.sql(
                """
                select result::text
                  from tool_executions
                 where tenant_id = ? and workflow_id = ? and result -> 'options' is not null
                 order by id desc
                 limit ?
                """)
            .params(tenantId, workflowId, OFFERS_LOOKED_AT)
            .query(String.class)
            .list();
    for (String result : results) {
      Optional<CalendarJson.Offer> offer = CalendarJson.offered(read(result), slotId);
      if (offer.isPresent()) {
        return offer;
      }
    }
    return Optional.empty();
  }

  /** Each tool's calls since {@code since}, by the tenant's conversations only. */
  public Map<String, ToolStats> stats(String tenantId, Instant since) {
    Map<String, Map<String, Long>> outcomes = new LinkedHashMap<>();
    jdbc.sql(
            """
            select tool, outcome, count(*)
              from tool_executions
             where tenant_id = ? and created_at >= ?
             group by tool, outcome
             order by tool, outcome
            """)
        .params(tenantId, Timestamp.from(since))
        .query(
            (rs, n) ->
                outcomes
                    .computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                    .put(rs.getString(2), rs.getLong(3)))
        .list();
    Map<String, ToolStats> stats = new LinkedHashMap<>();
    jdbc.sql(
            """
            select tool, count(*), count(*) filter (where outcome = ?),
                   percentile_cont(0.5) within group (order by duration_ms),
                   percentile_cont(0.95) within group (order by duration_ms)
              from tool_executions
             where tenant_id = ? and created_at >= ?
             group by tool
             order by tool
            """)
        .params(ToolOutcomes.OK, tenantId, Timestamp.from(since))
        .query(
            (rs, n) ->
                new ToolStats(
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getDouble(4),
                    rs.getDouble(5),
                    Map.copyOf(outcomes.getOrDefault(rs.getString(1), Map.of()))))
        .list()
        .forEach(s -> stats.put(s.tool(), s));
    return stats;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return CalendarJson.NODES.objectNode();
    }
  }
}
