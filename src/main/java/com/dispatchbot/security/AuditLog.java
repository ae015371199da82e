package com.dispatchbot.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What operators and admins did, per tenant (table {@code audit_log}). Written in the same
 * transaction as the change it describes when there is one. Details never carry secrets.
 */
@Component
public class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JdbcClient jdbc;

  public AuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void record(
      DispatchPrincipal actor,
      String action,
      String targetType,
      String targetId,
      Map<String, ?> detail) {
    String json;
    try {
      json = JSON.writeValueAsString(detail == null ? Map.of() : detail);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit detail is not JSON-serialisable", e);
    }
    jdbc.sql(
            """
            insert into audit_log (tenant_id, actor, actor_role, action, target_type, target_id, detail)
            values (?, ?, ?, ?, ?, ?, ?::jsonb)
            """)
        .params(
            actor.tenantId(), actor.name(), actor.role().code(), action, targetType, targetId, json)
        .update();
  }

  public record Entry(
      long id,
      String actor,
      String actorRole,
      String action,
      String targetType,
      String targetId,
      String detail,
      java.time.Instant at) {}

  /** The tenant's newest entries first. */
  public java.util.List<Entry> recent(String tenantId, int limit) {
    return jdbc.sql(
            """
            select id, actor, actor_role, action, target_type, target_id, detail::text, at
              from audit_log where tenant_id = ? order by id desc limit ?
            """)
        .params(tenantId, limit)
        .query(
            (rs, n) ->
                new Entry(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getTimestamp(8).toInstant()))
        .list();
  }
}
