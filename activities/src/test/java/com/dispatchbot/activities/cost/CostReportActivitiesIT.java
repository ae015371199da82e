package com.dispatchbot.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.cost.CostReportActivities.DayReport;
import com.dispatchbot.workflows.cost.CostReportActivities.Line;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The daily cost report over realistic rows of two tenants, run twice, with its alerts. */
class CostReportActivitiesIT {
  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  static final String DAY = "2026-11-19";
  static final Instant NOON = Instant.parse("2026-11-19T12:00:00Z");

  CostReportActivitiesImpl reports;
  String plumber;
  String hvac;

  @BeforeAll
  static void database() {
    db = PostgresTestDatabase.schema("it_cost_reports");
    jdbc = db.jdbc();
  }

  @BeforeEach
  void setUp() {
    jdbc.sql("delete from cost_reports").update();
    jdbc.sql("delete from alerts").update();
    jdbc.sql("delete from ai_responses").update();
    String run = UUID.randomUUID().toString().substring(0, 6);
    plumber = "plumber-" + run;
    hvac = "hvac-" + run;
    tenant(plumber, "{}");
    tenant(hvac, "{\"tokenQuota\": 50000}");
    reports =
        new CostReportActivitiesImpl(
            jdbc,
            db.transactions(),
            new Alerts(jdbc),
            AlertThresholds.defaults(),
            CostProperties.defaults());
  }

  @Test
  void givenADayOfCalls_theReportHasEachTenantsModelsAndTotals_andNotTheNextDays() {
    // plumber: 10 calls, 3 replies each by gpt-4o-mini, 1 by the fallback, 1 nothing could answer
    for (int call = 0; call < 10; call++) {
      String conversation = conversation(plumber);
      reply(plumber, conversation, 1, "openai", "gpt-4o-mini", 0, "0.0004", NOON);
      reply(plumber, conversation, 2, "openai", "gpt-4o-mini", 0, "0.0004", NOON);
      reply(plumber, conversation, 3, "openai", "gpt-4o-mini", 0, "0.0004", NOON);
    }
    String unlucky = conversation(plumber);
    reply(plumber, unlucky, 1, "openai", "gpt-3.5-turbo", 1, "0.0010", NOON);
    reply(plumber, unlucky, 2, "none", "none", 3, "0", NOON);
    // the next day does not count
    reply(
        plumber,
        conversation(plumber),
        1,
        "openai",
        "gpt-4o-mini",
        0,
        "9.99",
        NOON.plusSeconds(86_400));

    DayReport report = reports.reportDay(DAY);

    Line total = line(report, plumber, "*");
    assertThat(total.calls()).isEqualTo(11);
    assertThat(total.responses()).isEqualTo(32);
    assertThat(total.costUsd()).isEqualByComparingTo("0.0130");
    assertThat(total.costPerCall()).isEqualByComparingTo(new BigDecimal("0.001182"));
    assertThat(total.fallbackRate()).isEqualTo(1.0 / 32);
    assertThat(total.errorRate()).isEqualTo(1.0 / 32);
    assertThat(line(report, plumber, "gpt-4o-mini").responses()).isEqualTo(30);
    assertThat(line(report, plumber, "gpt-3.5-turbo").costUsd()).isEqualByComparingTo("0.0010");
    assertThat(report.alerts()).isEmpty();
    assertThat(
            jdbc.sql(
                    "select count(*) from cost_reports where tenant_id = ? and report_date = ?::date")
                .params(plumber, DAY)
                .query(Integer.class)
                .single())
        .isEqualTo(4);
  }

  @Test
  void givenThresholdsCrossed_eachAlertIsRaisedOnce_evenWhenTheReportRunsAgain() {
    // hvac: expensive calls (gpt-4o), many fallbacks and errors, 60k tokens of a 50k quota
    for (int call = 0; call < 4; call++) {
      String conversation = conversation(hvac);
      for (int turn = 1; turn <= 6; turn++) {
        int level = turn <= 2 ? 1 : 0;
        String provider = turn == 6 ? "none" : "openai";
        reply(hvac, conversation, turn, provider, "gpt-4o", level, "0.12", NOON);
      }
    }
    DayReport first = reports.reportDay(DAY);
    DayReport second = reports.reportDay(DAY);

    assertThat(first.alerts())
        .containsExactlyInAnyOrder(
            hvac + ":cost_per_call",
            hvac + ":token_quota",
            hvac + ":fallback_rate",
            hvac + ":error_rate");
    assertThat(second.alerts()).containsExactlyInAnyOrderElementsOf(first.alerts());
    var alerts =
        jdbc.sql(
                "select kind, severity, value, threshold, message from alerts where tenant_id = ?"
                    + " order by kind")
            .param(hvac)
            .query(
                (rs, n) ->
                    List.of(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getString(5)))
            .list();
    assertThat(alerts).hasSize(4);
    assertThat(alerts.get(0)).containsSubsequence("cost_per_call", "warning", 0.72, 0.5);
    assertThat((String) alerts.get(0).get(4)).contains("0.72 USD over 4 calls");
    assertThat(alerts.get(1)).containsSubsequence("error_rate", "critical");
    assertThat(alerts.get(3)).containsSubsequence("token_quota", "critical");
    assertThat(line(second, hvac, "*").responses()).isEqualTo(24);
    assertThat(
            jdbc.sql("select count(*) from alerts where tenant_id = ?")
                .param(plumber)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void givenADayWithoutReplies_theReportIsEmpty_andABadDateIsRefusedForGood() {
    assertThat(reports.reportDay("2026-01-01").lines()).isEmpty();
    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> reports.reportDay("yesterday"));
    assertThat(failure.getType()).isEqualTo(ActivityPresets.MAINTENANCE_REJECTED);
    assertThat(failure.isNonRetryable()).isTrue();
  }

  static Line line(DayReport report, String tenant, String model) {
    return report.lines().stream()
        .filter(l -> l.tenantId().equals(tenant) && l.model().equals(model))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + tenant + "/" + model + " in " + report));
  }

  static void tenant(String id, String profile) {
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, ?, 'America/Denver',"
                + " ?::jsonb)")
        .params(id, "Tenant " + id, profile)
        .update();
  }

  static String conversation(String tenant) {
    String workflowId = "conv-" + tenant + "-" + UUID.randomUUID();
    jdbc.sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel,"
                + " started_at) values (?, ?, ?, 'phone', ?)")
        .params(workflowId, tenant, workflowId, Timestamp.from(NOON))
        .update();
    return workflowId;
  }

  static void reply(
      String tenant,
      String workflowId,
      int turn,
      String provider,
      String model,
      int level,
      String usd,
      Instant at) {
    long message =
        jdbc.sql(
                "insert into conversation_messages (tenant_id, workflow_id, turn, role, text,"
                    + " created_at) values (?, ?, ?, 'assistant', 'We can be there at 9.', ?)"
                    + " returning id")
            .params(tenant, workflowId, turn, Timestamp.from(at))
            .query(Long.class)
            .single();
    jdbc.sql(
            "insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,"
                + " input_tokens, output_tokens, latency_ms, fallback_level, created_at, cost_usd)"
                + " values (?, ?, ?, ?, ?, ?, 2400, 100, 800, ?, ?, ?)")
        .params(
            tenant,
            workflowId,
            turn,
            message,
            provider,
            model,
            level,
            Timestamp.from(at),
            new BigDecimal(usd))
        .update();
  }
}
