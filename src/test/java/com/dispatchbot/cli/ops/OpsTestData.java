package com.dispatchbot.cli.ops;

import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Rows for the ops commands' integration tests, written straight into the Postgres of DATABASE_URL
 * (temporal-dev/test's dispatch_test), as the workflow's activities would have written them. Each
 * test class makes its own tenants, so every number it reads is its own: the commands filter by
 * tenant.
 */
final class OpsTestData {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JdbcClient jdbc;

  private OpsTestData() {}

  /** The test database, migrated as the app migrates it at start-up. */
  static synchronized JdbcClient jdbc() {
    if (jdbc == null) {
      String url =
          System.getenv()
              .getOrDefault("DATABASE_URL", DatabaseUrlEnvironmentPostProcessor.DEFAULT_URL);
      Map<String, Object> props = DatabaseUrlEnvironmentPostProcessor.datasourceProperties(url);
      DataSource db =
          new SimpleDriverDataSource(
              new org.postgresql.Driver(),
              (String) props.get("spring.datasource.url"),
              (String) props.get("spring.datasource.username"),
              (String) props.get("spring.datasource.password"));
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      jdbc = JdbcClient.create(db);
    }
    return jdbc;
  }

  /** A new tenant with the sample tenant's profile (hours, services, prices) under a new name. */
  static String tenant(String prefix, String name) {
    String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode demo = resource("/sample-data/demo-tenant.json");
    jdbc()
        .sql(
            "insert into tenants (id, name, timezone, phone, profile)"
                + " values (?, ?, ?, ?, cast(? as jsonb))")
        .params(
            id,
            name,
            demo.path("timezone").asText(),
            demo.path("phone").asText(),
            demo.path("profile").toString())
        .update();
    return id;
  }

  /** The caller and system utterances of one SGD dialogue, in order. */
  static List<String[]> dialogue(String dialogueId) {
    try (InputStream in = OpsTestData.class.getResourceAsStream("/cli/ops/sgd-dialogues.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode d = JSON.readTree(line);
        if (d.path("dialogue_id").asText().equals(dialogueId)) {
          List<String[]> turns = new ArrayList<>();
          for (JsonNode t : d.path("turns")) {
            turns.add(new String[] {t.path("speaker").asText(), t.path("utterance").asText()});
          }
          return turns;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalArgumentException("no dialogue " + dialogueId);
  }

  static Conversation conversation(String tenant, String id, String channel, Instant startedAt) {
    String workflowId = "conv-" + tenant + "-" + id;
    jdbc()
        .sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel,"
                + " caller_phone, caller_name, started_at) values (?, ?, ?, ?, ?, ?, ?)")
        .params(workflowId, tenant, id, channel, "+14085550123", "Sam", ts(startedAt))
        .update();
    return new Conversation(tenant, id, workflowId, startedAt);
  }

  /** One conversation's rows; times advance a few seconds per message from its start. */
  static final class Conversation {
    final String tenant;
    final String id;
    final String workflowId;
    private Instant clock;
    private int turns;

    Conversation(String tenant, String id, String workflowId, Instant startedAt) {
      this.tenant = tenant;
      this.id = id;
      this.workflowId = workflowId;
      this.clock = startedAt;
    }

    Instant now() {
      return clock;
    }

    Conversation caller(int turn, String text, String intent, Double confidence) {
      clock = clock.plusSeconds(3);
      message(turn, 0, "caller", null, text, intent, confidence);
      turns = Math.max(turns, turn);
      jdbc()
          .sql("update conversations set turn_count = ? where workflow_id = ?")
          .params(turns, workflowId)
          .update();
      return this;
    }

    /** A reply the bot gave itself, with the AI response behind it. */
    Conversation reply(int turn, String text, Ai ai) {
      clock = clock.plusMillis(ai.latencyMs() + 500);
      long messageId = message(turn, 0, "assistant", "bot", text, null, null);
      jdbc()
          .sql(
              """
              insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,
                input_tokens, output_tokens, latency_ms, fallback_level, fallback_reason, cached,
                created_at, cost_usd, tokens_estimated)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?)
              """)
          .params(
              tenant,
              workflowId,
              turn,
              messageId,
              ai.provider(),
              ai.model(),
              ai.inputTokens(),
              ai.outputTokens(),
              ai.latencyMs(),
              ai.fallbackLevel(),
              ai.fallbackReason(),
              ts(clock),
              ai.cost(),
              ai.estimated())
          .update();
      return this;
    }

    /** A message beside the turn's reply: an operator's, or a system notice. */
    Conversation posted(int turn, int seq, String role, String author, String text) {
      clock = clock.plusSeconds(5);
      message(turn, seq, role, author, text, null, null);
      return this;
    }

    Conversation close(String outcome) {
      clock = clock.plusSeconds(30);
      jdbc()
          .sql(
              "update conversations set status = 'closed', outcome = ?, ended_at = ?"
                  + " where workflow_id = ?")
          .params(outcome, ts(clock), workflowId)
          .update();
      return this;
    }

    Conversation handoff(int turn, String reason, String status, Duration claimedAfter) {
      Instant created = clock;
      jdbc()
          .sql(
              """
              insert into handoffs (id, tenant_id, workflow_id, conversation_id, reason, turn,
                summary, status, sla_due_at, created_at, claimed_at, operator)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
              """)
          .params(
              workflowId + "-h" + turn,
              tenant,
              workflowId,
              id,
              reason,
              turn,
              "Caller asked: " + reason,
              status,
              ts(created.plusSeconds(120)),
              ts(created),
              claimedAfter == null ? null : ts(created.plus(claimedAfter)),
              claimedAfter == null ? null : "dana")
          .update();
      return this;
    }

    /** A booked appointment made by this conversation (with a technician of the tenant). */
    Conversation booked(String serviceType) {
      jdbc()
          .sql(
              "insert into technicians (tenant_id, id, name, skills, home_lat, home_lng)"
                  + " values (?, 'tech-1', 'Maria Lopez', '{}', 39.75, -104.99)"
                  + " on conflict do nothing")
          .param(tenant)
          .update();
      Instant start = clock.plus(Duration.ofDays(1));
      jdbc()
          .sql(
              """
              insert into appointments (tenant_id, id, technician_id, during, status, service_type,
                workflow_id, idempotency_key, customer_phone, created_at)
              values (?, ?, 'tech-1', tstzrange(?, ?), 'booked', ?, ?, ?, '+14085550123', ?)
              """)
          .params(
              tenant,
              UUID.randomUUID(),
              ts(start),
              ts(start.plus(Duration.ofHours(2))),
              serviceType,
              workflowId,
              workflowId + ":" + turns,
              ts(clock))
          .update();
      return this;
    }

    private long message(
        int turn,
        int seq,
        String role,
        String author,
        String text,
        String intent,
        Double confidence) {
      return jdbc()
          .sql(
              """
              insert into conversation_messages (tenant_id, workflow_id, turn, role, seq, author,
                text, intent, confidence, created_at)
              values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id
              """)
          .params(tenant, workflowId, turn, role, seq, author, text, intent, confidence, ts(clock))
          .query(Long.class)
          .single();
    }
  }

  /** What the model call (or the rules) of a reply cost and took. */
  record Ai(
      String provider,
      String model,
      int inputTokens,
      int outputTokens,
      long latencyMs,
      int fallbackLevel,
      String fallbackReason,
      BigDecimal cost,
      boolean estimated) {

    static Ai model(String model, int in, int out, long ms, String cost) {
      return new Ai("openai", model, in, out, ms, 0, null, new BigDecimal(cost), false);
    }

    static Ai fallback(String model, int in, int out, long ms, String cost, String reason) {
      return new Ai("openai", model, in, out, ms, 1, null, new BigDecimal(cost), false)
          .because(reason);
    }

    static Ai rules(long ms) {
      return new Ai("rules", "rules-v1", 0, 0, ms, 0, null, BigDecimal.ZERO, false);
    }

    /** Nothing could answer: the apology (provider none). */
    static Ai apology(String reason) {
      return new Ai("none", "none", 0, 0, 30_000, 3, reason, BigDecimal.ZERO, false);
    }

    static Ai guardrails() {
      return new Ai("guardrails", "injection", 0, 0, 0, 0, null, BigDecimal.ZERO, false);
    }

    Ai because(String reason) {
      return new Ai(
          provider,
          model,
          inputTokens,
          outputTokens,
          latencyMs,
          fallbackLevel,
          reason,
          cost,
          estimated);
    }
  }

  static void alert(String tenant, String kind, String severity, Instant at, String message) {
    jdbc()
        .sql(
            "insert into alerts (tenant_id, kind, severity, window_start, value, threshold,"
                + " message, created_at) values (?, ?, ?, ?, 0.2, 0.05, ?, ?)")
        .params(tenant, kind, severity, ts(at), message, ts(at))
        .update();
  }

  static Timestamp ts(Instant at) {
    return Timestamp.from(at);
  }

  private static JsonNode resource(String path) {
    try (InputStream in = OpsTestData.class.getResourceAsStream(path)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
