package com.dispatchbot.activities.handoff;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.handoff.HandoffActivities;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handoffs in Postgres. Inserting a row (or a message) fires the {@code dispatch_events}
 * notification (V006), which is how every API node's consoles learn about it.
 */
@Component("handoffActivities")
public class HandoffActivitiesImpl implements HandoffActivities {
  private static final Logger log = LoggerFactory.getLogger(HandoffActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(5);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final TenantDirectory tenants;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WEBHOOK_TIMEOUT).build();

  public HandoffActivitiesImpl(JdbcClient jdbc, TransactionTemplate tx, TenantDirectory tenants) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.tenants = tenants;
  }

  @Override
  public RoutedHandoff routeToHuman(HandoffRequest r) {
    String summary = summary(r);
    // A retry, or a second live handoff for the same call (the partial unique index): no new row.
    jdbc.sql(
            """
            insert into handoffs
              (id, tenant_id, workflow_id, conversation_id, reason, emergency, turn, intent,
               confidence, summary, slots, caller_phone, sla_due_at, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            on conflict do nothing
            """)
        .params(
            r.handoffId(),
            r.tenantId(),
            r.workflowId(),
            r.conversationId(),
            r.reason(),
            r.emergency(),
            r.turn(),
            r.intent(),
            r.confidence(),
            summary,
            json(r.slots() == null ? Map.of() : r.slots()),
            r.callerPhone(),
            at(r.slaDueAtMillis()),
            at(r.createdAtMillis()))
        .update();
    String stored =
        jdbc.sql("select summary from handoffs where id = ? and tenant_id = ?")
            .params(r.handoffId(), r.tenantId())
            .query(String.class)
            .optional()
            .orElse(summary);
    boolean webhook =
        tenants.find(r.tenantId()).map(t -> t.handoff().webhookUrl() != null).orElse(false);
    return new RoutedHandoff(r.handoffId(), stored, webhook);
  }

  @Override
  public void notifyWebhook(String tenantId, String handoffId) {
    Optional<String> url =
        tenants.find(tenantId).map(TenantProfile::handoff).map(TenantProfile.Handoff::webhookUrl);
    if (url.isEmpty()) {
      return;
    }
    Map<String, Object> handoff =
        jdbc.sql(
                """
                select id, conversation_id, reason, emergency, status, summary, slots::text,
                       caller_phone, created_at, sla_due_at
                  from handoffs where id = ? and tenant_id = ?
                """)
            .params(handoffId, tenantId)
            .query(
                (rs, n) -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("id", rs.getString(1));
                  m.put("conversationId", rs.getString(2));
                  m.put("reason", rs.getString(3));
                  m.put("emergency", rs.getBoolean(4));
                  m.put("status", rs.getString(5));
                  m.put("summary", rs.getString(6));
                  m.put("slots", readJson(rs.getString(7)));
                  m.put("callerPhone", rs.getString(8));
                  m.put("createdAt", rs.getTimestamp(9).toInstant().toString());
                  m.put("slaDueAt", rs.getTimestamp(10).toInstant().toString());
                  return m;
                })
            .optional()
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "no handoff " + handoffId, "UnknownHandoff"));
    Map<String, Object> body = Map.of("event", "handoff.created", "handoff", handoff);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.get()))
            .timeout(WEBHOOK_TIMEOUT)
            .header("Content-Type", "application/json")
            // the receiver dedupes retries on this
            .header("X-Dispatch-Delivery", handoffId)
            .POST(HttpRequest.BodyPublishers.ofString(json(body)))
            .build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "webhook unreachable: " + e.getClass().getSimpleName(), "WebhookUnavailable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "WebhookUnavailable");
    }
    if (status >= 200 && status < 300) {
      return;
    }
    String host = URI.create(url.get()).getHost();
    if (status >= 500 || status == 408 || status == 429) {
      throw ApplicationFailure.newFailure(
          "webhook " + host + " answered " + status, "WebhookUnavailable");
    }
    log.warn("handoff webhook {} refused handoff {} with {}", host, handoffId, status);
    throw ApplicationFailure.newNonRetryableFailure(
        "webhook " + host + " answered " + status, "WebhookRejected");
  }

  @Override
  public void postMessage(PostedMessage m) {
    jdbc.sql(
            """
            insert into conversation_messages
              (tenant_id, workflow_id, turn, role, seq, author, text, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (workflow_id, turn, role, seq) do nothing
            """)
        .params(
            m.tenantId(),
            m.workflowId(),
            m.turn(),
            m.role(),
            m.seq(),
            m.author(),
            m.text(),
            at(m.atMillis()))
        .update();
  }

  @Override
  public boolean expireToCallback(CallbackRequest r) {
    Boolean expired =
        tx.execute(
            status -> {
              Optional<String[]> row =
                  jdbc.sql(
                          """
                          select status, workflow_id, caller_phone, summary from handoffs
                           where id = ? and tenant_id = ? for update
                          """)
                      .params(r.handoffId(), r.tenantId())
                      .query(
                          (rs, n) ->
                              new String[] {
                                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)
                              })
                      .optional();
              if (row.isEmpty()) {
                throw ApplicationFailure.newNonRetryableFailure(
                    "no handoff " + r.handoffId(), "UnknownHandoff");
              }
              String current = row.get()[0];
              if ("callback".equals(current)) {
                return true; // a retry of an attempt that already committed
              }
              if (!"open".equals(current)) {
                return false; // an operator claimed (or closed) it first
              }
              jdbc.sql("update handoffs set status = 'callback', updated_at = now() where id = ?")
                  .param(r.handoffId())
                  .update();
              jdbc.sql(
                      """
                      insert into callback_tasks
                        (handoff_id, tenant_id, workflow_id, caller_phone, note, created_at)
                      values (?, ?, ?, ?, ?, ?)
                      on conflict (handoff_id) do nothing
                      """)
                  .params(
                      r.handoffId(),
                      r.tenantId(),
                      row.get()[1],
                      row.get()[2],
                      row.get()[3] + "\n" + r.note(),
                      at(r.atMillis()))
                  .update();
              return true;
            });
    return Boolean.TRUE.equals(expired);
  }

  /** What the operator reads first: why, what the caller wants, what they said last. */
  static String summary(HandoffRequest r) {
    StringBuilder s = new StringBuilder(reasonText(r.reason()));
    if (r.emergency() && !"emergency".equals(r.reason())) {
      s.append(" Emergency reported.");
    }
    if (r.intent() != null) {
      s.append(" Intent: ")
          .append(r.intent().replace('_', ' '))
          .append(String.format(Locale.ROOT, " (%.2f).", r.confidence()));
    }
    List<String> said = new ArrayList<>();
    for (ChatTurn turn : r.recentMessages() == null ? List.<ChatTurn>of() : r.recentMessages()) {
      if (ChatTurn.CALLER.equals(turn.role())) {
        said.add(turn.text());
      }
    }
    if (!said.isEmpty()) {
      s.append(" Caller said: ");
      List<String> last = said.subList(Math.max(0, said.size() - 3), said.size());
      s.append(String.join(" / ", last.stream().map(t -> "\u201c" + clip(t) + "\u201d").toList()));
      s.append('.');
    }
    if (r.slots() != null && !r.slots().isEmpty()) {
      s.append(" Known: ");
      List<String> parts = new ArrayList<>();
      r.slots().forEach((k, v) -> parts.add(k + " " + v));
      s.append(String.join(", ", parts)).append('.');
    }
    return s.toString();
  }

  private static String reasonText(String reason) {
    return switch (reason == null ? "" : reason) {
      case "emergency" -> "Emergency reported.";
      case "caller_asked" -> "Caller asked for a person.";
      case "low_confidence" -> "The bot could not tell what the caller needs.";
      case "repeated_failure", "bot_failure" -> "The bot failed to answer twice in a row.";
      case "knowledge_gap" -> "A question the knowledge base cannot answer.";
      case "policy" -> "Every call goes to a person (ROUTE_TO_HUMAN).";
      default -> "Handed to a person (" + reason + ").";
    };
  }

  private static String clip(String text) {
    String t = text.strip();
    return t.length() <= 160 ? t : t.substring(0, 157) + "...";
  }

  private static Timestamp at(long millis) {
    return Timestamp.from(Instant.ofEpochMilli(millis));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Object readJson(String text) {
    try {
      return text == null ? Map.of() : JSON.readValue(text, Map.class);
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
