package com.dispatchbot.activities.archival;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.archival.ArchivalActivities.Batch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Archival and deletion against real Postgres, two tenants, rows that refer to conversations. */
class ArchivalActivitiesIT {
  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  static final Instant NOW = Instant.parse("2026-11-23T02:30:00Z");
  static final long THIRTY_DAYS_AGO = NOW.minus(Duration.ofDays(30)).toEpochMilli();
  static final long NINETY_DAYS_AGO = NOW.minus(Duration.ofDays(90)).toEpochMilli();

  ArchivalActivitiesImpl archival;
  String a;
  String b;

  @BeforeAll
  static void database() {
    db = PostgresTestDatabase.schema("it_archival");
    jdbc = db.jdbc();
  }

  @BeforeEach
  void setUp() {
    for (String table :
        List.of(
            "callback_tasks",
            "handoffs",
            "ai_responses",
            "conversation_messages",
            "conversation_archives",
            "conversations")) {
      jdbc.sql("delete from " + table).update();
    }
    String run = UUID.randomUUID().toString().substring(0, 6);
    a = "arch-a-" + run;
    b = "arch-b-" + run;
    for (String tenant : List.of(a, b)) {
      jdbc.sql("insert into tenants (id, name, timezone) values (?, ?, 'America/Denver')")
          .params(tenant, tenant)
          .update();
    }
    archival = new ArchivalActivitiesImpl(jdbc, db.transactions());
  }

  @Test
  void givenOldClosedCalls_theyAreArchivedWithTheirTranscript_andRecentOrActiveOrHandedOffOnesStay()
      throws Exception {
    String old = call(a, "closed", 45);
    String oldB = call(b, "closed", 40);
    String recent = call(a, "closed", 5);
    String stillActive = call(a, "active", 60);
    String waitingForCallback = call(a, "closed", 50);
    jdbc.sql(
            "insert into handoffs (id, tenant_id, workflow_id, conversation_id, reason, turn, summary,"
                + " status, sla_due_at, created_at) values (?, ?, ?, ?, 'caller_asked', 1, 's',"
                + " 'callback', now(), now())")
        .params(waitingForCallback + "-h1", a, waitingForCallback, waitingForCallback)
        .update();

    Batch batch = archival.archiveBatch(THIRTY_DAYS_AGO, 500);

    assertThat(batch.conversations()).isEqualTo(2);
    assertThat(batch.messages()).isEqualTo(8);
    assertThat(batch.byTenant()).containsEntry(a, 1).containsEntry(b, 1);
    assertThat(status(old)).isEqualTo("archived");
    assertThat(status(oldB)).isEqualTo("archived");
    assertThat(status(recent)).isEqualTo("closed");
    assertThat(status(stillActive)).isEqualTo("active");
    assertThat(status(waitingForCallback)).isEqualTo("closed");
    assertThat(count("conversation_messages", old)).isZero();
    assertThat(count("ai_responses", old)).isZero();
    assertThat(count("conversation_messages", recent)).isEqualTo(4);

    JsonNode transcript =
        new ObjectMapper()
            .readTree(
                jdbc.sql("select transcript::text from conversation_archives where workflow_id = ?")
                    .param(old)
                    .query(String.class)
                    .single());
    assertThat(transcript).hasSize(4);
    assertThat(transcript.get(0).path("role").asText()).isEqualTo("caller");
    assertThat(transcript.get(0).path("text").asText())
        .isEqualTo("My water heater is leaking from the bottom");
    assertThat(transcript.get(1).path("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode totals =
        new ObjectMapper()
            .readTree(
                jdbc.sql("select ai_totals::text from conversation_archives where workflow_id = ?")
                    .param(old)
                    .query(String.class)
                    .single());
    assertThat(totals.get(0).path("responses").asInt()).isEqualTo(2);
    assertThat(totals.get(0).path("costUsd").decimalValue()).isEqualByComparingTo("0.0006");

    // a retried or repeated batch finds nothing more to do
    assertThat(archival.archiveBatch(THIRTY_DAYS_AGO, 500).conversations()).isZero();
  }

  @Test
  void givenMoreThanABatch_eachBatchTakesTheNextOnes() {
    for (int i = 0; i < 5; i++) {
      call(a, "closed", 31 + i);
    }
    assertThat(archival.archiveBatch(THIRTY_DAYS_AGO, 2).conversations()).isEqualTo(2);
    assertThat(archival.archiveBatch(THIRTY_DAYS_AGO, 2).conversations()).isEqualTo(2);
    assertThat(archival.archiveBatch(THIRTY_DAYS_AGO, 2).conversations()).isEqualTo(1);
    assertThat(archival.archiveBatch(THIRTY_DAYS_AGO, 2).conversations()).isZero();
  }

  @Test
  void
      givenArchivedCallsOlderThanNinetyDays_theyAreDeletedWithWhatRefersToThem_andYoungerOnesStay() {
    String ancient = call(a, "closed", 120);
    String archivedYoung = call(b, "closed", 60);
    jdbc.sql(
            "insert into handoffs (id, tenant_id, workflow_id, conversation_id, reason, turn, summary,"
                + " status, sla_due_at, created_at) values (?, ?, ?, ?, 'caller_asked', 1, 's',"
                + " 'resolved', now(), now())")
        .params(ancient + "-h1", a, ancient, ancient)
        .update();
    archival.archiveBatch(THIRTY_DAYS_AGO, 500);

    Batch deleted = archival.deleteBatch(NINETY_DAYS_AGO, 500);

    assertThat(deleted.conversations()).isEqualTo(1);
    assertThat(deleted.byTenant()).containsExactly(java.util.Map.entry(a, 1));
    assertThat(count("conversations", ancient)).isZero();
    assertThat(count("conversation_archives", ancient)).isZero();
    assertThat(count("handoffs", ancient)).isZero();
    assertThat(status(archivedYoung)).isEqualTo("archived");
    assertThat(archival.deleteBatch(NINETY_DAYS_AGO, 500).conversations()).isZero();
  }

  String call(String tenant, String status, int daysAgo) {
    String workflowId = "conv-" + tenant + "-" + UUID.randomUUID();
    Instant ended = NOW.minus(Duration.ofDays(daysAgo));
    jdbc.sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel, status,"
                + " outcome, turn_count, started_at, ended_at) values (?, ?, ?, 'phone', ?, ?, 2, ?, ?)")
        .params(
            workflowId,
            tenant,
            workflowId,
            status,
            status.equals("active") ? null : "booked",
            Timestamp.from(ended.minusSeconds(600)),
            status.equals("active") ? null : Timestamp.from(ended))
        .update();
    String[][] turns = {
      {"caller", "My water heater is leaking from the bottom"},
      {"assistant", "Sorry to hear that. What is the address?"},
      {"caller", "4410 W Addison St"},
      {"assistant", "A plumber can be there tomorrow at 8am."}
    };
    for (int i = 0; i < turns.length; i++) {
      long id =
          jdbc.sql(
                  "insert into conversation_messages (tenant_id, workflow_id, turn, role, text, created_at)"
                      + " values (?, ?, ?, ?, ?, ?) returning id")
              .params(
                  tenant,
                  workflowId,
                  i / 2 + 1,
                  turns[i][0],
                  turns[i][1],
                  Timestamp.from(ended.minusSeconds(600 - i)))
              .query(Long.class)
              .single();
      if (turns[i][0].equals("assistant")) {
        jdbc.sql(
                "insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,"
                    + " input_tokens, output_tokens, latency_ms, fallback_level, created_at, cost_usd)"
                    + " values (?, ?, ?, ?, 'openai', 'gpt-4o-mini', 1500, 40, 650, 0, ?, 0.0003)")
            .params(tenant, workflowId, i / 2 + 1, id, Timestamp.from(ended))
            .update();
      }
    }
    return workflowId;
  }

  static String status(String workflowId) {
    return jdbc.sql("select status from conversations where workflow_id = ?")
        .param(workflowId)
        .query(String.class)
        .single();
  }

  static long count(String table, String workflowId) {
    return jdbc.sql("select count(*) from " + table + " where workflow_id = ?")
        .param(workflowId)
        .query(Long.class)
        .single();
  }
}
