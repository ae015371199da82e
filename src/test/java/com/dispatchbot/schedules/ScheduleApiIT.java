package com.dispatchbot.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Eventually;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The maintenance schedules on the real Temporal dev server: registered at start-up, managed
 * through /v1/schedules by the platform tenant's admins only, bad requests refused. Schedules are
 * created paused here and deleted afterwards, so nothing fires in the shared test namespace later.
 */
@AppIntegrationTest
class ScheduleApiIT {
  static final String PLATFORM = "demo";

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.schedules.register", () -> "true");
    registry.add("dispatch.schedules.initially-paused", () -> "true");
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
    // its own knowledge index, so the triggered reindex works on what this test knows
    registry.add("dispatch.knowledge.data-dir", ScheduleApiIT::knowledgeDir);
  }

  private static String knowledgeDir;

  static synchronized String knowledgeDir() {
    try {
      if (knowledgeDir == null) {
        knowledgeDir = java.nio.file.Files.createTempDirectory("schedule-it-knowledge").toString();
      }
      return knowledgeDir;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void devServerOnly() {
    assumeTrue(
        TemporalTestServer.isDevServer(),
        "Schedules need the Temporal dev server (temporal-dev/test starts it)");
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired ScheduleClient scheduleClient;
  @Autowired WorkflowClient workflowClient;
  @Autowired MaintenanceSchedules declared;
  @Autowired ScheduleProperties properties;
  @Autowired JdbcClient jdbc;
  static ScheduleClient cleanup;
  static List<String> ids = List.of();
  Http admin;
  Http otherAdmin;
  Http operator;

  @BeforeEach
  void setUp() {
    cleanup = scheduleClient;
    ids = declared.all().stream().map(MaintenanceSchedule::id).toList();
    String run = UUID.randomUUID().toString().substring(0, 8);
    admin = new Http(port).withKey(accounts.createApiKey(PLATFORM, "ops-" + run, Role.ADMIN).key());
    operator =
        new Http(port).withKey(accounts.createApiKey(PLATFORM, "op-" + run, Role.OPERATOR).key());
    jdbc.sql(
            "insert into tenants (id, name, timezone) values ('sched-other', 'Other Co',"
                + " 'America/Chicago') on conflict do nothing")
        .update();
    otherAdmin =
        new Http(port)
            .withKey(accounts.createApiKey("sched-other", "admin-" + run, Role.ADMIN).key());
  }

  @AfterAll
  static void deleteSchedules() {
    if (cleanup == null) {
      return;
    }
    for (String id : ids) {
      try {
        cleanup.getHandle(id).delete();
      } catch (RuntimeException e) {
        // already gone
      }
    }
  }

  @Test
  void givenTheAppStarted_everyMaintenanceScheduleExistsWithItsCronAndNextRuns() {
    Http.Response listed = admin.get("/v1/schedules");
    assertThat(listed.status()).isEqualTo(200);
    JsonNode all = listed.json();
    assertThat(all.findValuesAsText("id"))
        .containsExactlyInAnyOrder(
            "backup-database",
            "backup-training-data",
            "archival",
            "knowledge-reindex-incremental",
            "knowledge-reindex-full",
            "cost-report");
    for (JsonNode schedule : all) {
      assertThat(schedule.path("mode").asText()).isEqualTo("schedule");
      assertThat(schedule.path("nextRuns").size()).isPositive();
    }
    JsonNode backup = find(all, "backup-database");
    assertThat(backup.path("workflowType").asText()).isEqualTo("BackupWorkflow");
    assertThat(backup.path("cron").asText()).isEqualTo("*/15 * * * *");
    // every 15 minutes, on the quarter hour (UTC)
    for (JsonNode next : backup.path("nextRuns")) {
      assertThat(Instant.parse(next.asText()).atZone(ZoneOffset.UTC).getMinute() % 15).isZero();
    }
    JsonNode full = find(all, "knowledge-reindex-full");
    ZonedDateTime sunday =
        Instant.parse(full.path("nextRuns").get(0).asText()).atZone(ZoneOffset.UTC);
    assertThat(sunday.getDayOfWeek()).hasToString("SUNDAY");
    assertThat(sunday.getHour()).isEqualTo(5);
  }

  @Test
  void
      givenAnOperatorPausedASchedule_whenTheAppRegistersAChangedSpec_theSpecChangesAndItStaysPaused() {
    Http.Response paused =
        admin.post("/v1/schedules/archival/pause", Http.json(Map.of("note", "disk migration")));
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().path("paused").asBoolean()).isTrue();
    assertThat(paused.json().path("note").asText()).isEqualTo("disk migration");

    ScheduleProperties every6h =
        new ScheduleProperties(
            true,
            false,
            PLATFORM,
            properties.backup(),
            properties.trainingData(),
            "0 */6 * * *",
            properties.reindexIncremental(),
            properties.reindexFull(),
            properties.costReport());
    try {
      new ScheduleRegistrar(
              workflowClient, scheduleClient, new MaintenanceSchedules(every6h), every6h)
          .register();
      var description = scheduleClient.getHandle("archival").describe();
      assertThat(description.getSchedule().getState().isPaused()).isTrue();
      assertThat(description.getSchedule().getState().getNote()).isEqualTo("disk migration");
      assertThat(description.getInfo().getNextActionTimes())
          .isNotEmpty()
          .allSatisfy(
              next -> {
                ZonedDateTime at = next.atZone(ZoneOffset.UTC);
                assertThat(at.getHour() % 6).isZero();
                assertThat(at.getMinute()).isZero();
              });
    } finally {
      new ScheduleRegistrar(workflowClient, scheduleClient, declared, properties).register();
    }
    var restored = scheduleClient.getHandle("archival").describe();
    assertThat(restored.getInfo().getNextActionTimes().get(0).atZone(ZoneOffset.UTC).getMinute())
        .isEqualTo(30);

    Http.Response unpaused = admin.post("/v1/schedules/archival/unpause", "{}");
    assertThat(unpaused.json().path("paused").asBoolean()).isFalse();
    admin.post("/v1/schedules/archival/pause", "{}");
    assertThat(
            jdbc.sql(
                    "select count(*) from audit_log where tenant_id = ? and target_id = 'archival'"
                        + " and action in ('schedule.pause', 'schedule.unpause')")
                .param(PLATFORM)
                .query(Long.class)
                .single())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void givenAPausedSchedule_whenTriggered_itsWorkflowRunsNowAndCompletes() throws Exception {
    Http.Response triggered =
        admin.post("/v1/schedules/knowledge-reindex-incremental/trigger", "{}");
    assertThat(triggered.status()).isEqualTo(200);
    Eventually.eventually(
        Duration.ofSeconds(60),
        () -> admin.get("/v1/schedules/knowledge-reindex-incremental").json(),
        view -> {
          assertThat(view.path("recentRuns").size()).isPositive();
          assertThat(view.path("running").size()).isZero();
        });
    JsonNode run =
        admin.get("/v1/schedules/knowledge-reindex-incremental").json().path("recentRuns").get(0);
    String workflowId = run.path("workflowId").asText();
    assertThat(workflowId).startsWith("knowledge-reindex-incremental");
    Map<?, ?> report =
        workflowClient
            .newUntypedWorkflowStub(workflowId)
            .getResult(30, java.util.concurrent.TimeUnit.SECONDS, Map.class);
    assertThat(report.get("mode")).isEqualTo("INCREMENTAL");
  }

  @Test
  void givenBadRequests_theyAreRefusedWithAReasonAndNothingChanges() {
    long actionsBefore = admin.get("/v1/schedules/cost-report").json().path("actions").asLong();
    Instant now = Instant.now();
    String past = now.minus(2, ChronoUnit.DAYS).toString();
    assertProblem(
        admin.post(
            "/v1/schedules/cost-report/backfill",
            Http.json(Map.of("start", past, "end", now.plus(1, ChronoUnit.DAYS).toString()))),
        400,
        "in the future");
    assertProblem(
        admin.post(
            "/v1/schedules/cost-report/backfill",
            Http.json(Map.of("start", "last tuesday", "end", past))),
        400,
        "ISO-8601");
    assertProblem(
        admin.post(
            "/v1/schedules/cost-report/backfill",
            Http.json(Map.of("start", past, "end", now.minus(3, ChronoUnit.DAYS).toString()))),
        400,
        "before end");
    assertProblem(
        admin.post(
            "/v1/schedules/cost-report/backfill",
            Http.json(Map.of("start", now.minus(90, ChronoUnit.DAYS).toString(), "end", past))),
        400,
        "31 days");
    assertProblem(
        admin.post(
            "/v1/schedules/cost-report/backfill",
            Http.json(
                Map.of(
                    "start",
                    past,
                    "end",
                    now.minus(1, ChronoUnit.DAYS).toString(),
                    "overlap",
                    "sometimes"))),
        400,
        "overlap");
    assertProblem(admin.post("/v1/schedules/nightly-party/pause", "{}"), 404, "backup-database");
    assertProblem(admin.get("/v1/schedules/nightly-party"), 404, "no schedule");
    assertProblem(otherAdmin.get("/v1/schedules"), 403, "platform tenant");
    assertProblem(otherAdmin.post("/v1/schedules/backup-database/unpause", "{}"), 403, "platform");
    assertThat(operator.get("/v1/schedules").status()).isEqualTo(403);

    // nothing ran, nothing changed
    JsonNode costReport = admin.get("/v1/schedules/cost-report").json();
    assertThat(costReport.path("actions").asLong()).isEqualTo(actionsBefore);
    assertThat(costReport.path("paused").asBoolean()).isTrue();
  }

  @Test
  void givenRepliesOnTwoPastDays_whenTheCostReportIsBackfilled_eachRunReportsOnItsOwnDay()
      throws Exception {
    java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
    java.time.LocalDate first = today.minusDays(3);
    java.time.LocalDate second = today.minusDays(2);
    String workflowId = "conv-demo-it-cost-" + UUID.randomUUID();
    jdbc.sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel,"
                + " started_at) values (?, 'demo', ?, 'sms', ?)")
        .params(workflowId, workflowId, java.sql.Timestamp.valueOf(first.atTime(9, 0)))
        .update();
    int turn = 0;
    for (java.time.LocalDate day : List.of(first, first, second)) {
      turn++;
      long message =
          jdbc.sql(
                  "insert into conversation_messages (tenant_id, workflow_id, turn, role, text,"
                      + " created_at) values ('demo', ?, ?, 'assistant', 'Sure.', ?) returning id")
              .params(
                  workflowId,
                  turn,
                  java.sql.Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC)))
              .query(Long.class)
              .single();
      jdbc.sql(
              "insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,"
                  + " input_tokens, output_tokens, latency_ms, fallback_level, created_at,"
                  + " cost_usd) values ('demo', ?, ?, ?, 'openai', 'gpt-4o-mini', 2000, 80, 600,"
                  + " 0, ?, 0.000348)")
          .params(
              workflowId,
              turn,
              message,
              java.sql.Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC)))
          .update();
    }

    Http.Response backfilled =
        admin.post(
            "/v1/schedules/cost-report/backfill",
            Http.json(
                Map.of(
                    "start", second.atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                    "end", today.atStartOfDay(ZoneOffset.UTC).toInstant().toString())));
    assertThat(backfilled.status()).as(backfilled.body()).isEqualTo(200);

    Eventually.eventually(
        Duration.ofSeconds(90),
        () ->
            admin
                .get("/v1/costs/reports?from=" + first + "&to=" + second)
                .json()
                .findValuesAsText("date"),
        dates -> assertThat(dates).contains(first.toString(), second.toString()));
    JsonNode reports = admin.get("/v1/costs/reports?from=" + first + "&to=" + second).json();
    JsonNode firstTotal = null;
    for (JsonNode line : reports) {
      if (line.path("date").asText().equals(first.toString())
          && line.path("model").asText().equals("*")) {
        firstTotal = line;
      }
    }
    assertThat(firstTotal).as(reports.toString()).isNotNull();
    assertThat(firstTotal.path("responses").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(firstTotal.path("costUsd").decimalValue())
        .isGreaterThanOrEqualTo(new java.math.BigDecimal("0.000696"));

    // another tenant's admin sees none of it; bad input is refused with the reason
    assertThat(otherAdmin.get("/v1/costs/reports?from=" + first + "&to=" + second).json().size())
        .isZero();
    assertProblem(admin.get("/v1/costs/reports?from=yesterday"), 400, "2026-11-22");
    assertProblem(admin.get("/v1/costs/reports?from=2026-11-20&to=2026-11-01"), 400, "after");
    assertProblem(admin.get("/v1/costs/reports?from=2020-01-01&to=2026-11-01"), 400, "366");
    assertProblem(admin.get("/v1/alerts?since=soon"), 400, "since");
    assertThat(admin.get("/v1/alerts").status()).isEqualTo(200);
  }

  private static void assertProblem(Http.Response response, int status, String reason) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().path("detail").asText()).contains(reason);
  }

  private static JsonNode find(JsonNode all, String id) {
    for (JsonNode node : all) {
      if (id.equals(node.path("id").asText())) {
        return node;
      }
    }
    throw new AssertionError("no schedule " + id + " in " + all);
  }
}
