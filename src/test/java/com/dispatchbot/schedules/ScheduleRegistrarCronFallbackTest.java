package com.dispatchbot.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.api.ApiProblem;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the SDK's in-process server (no Schedules API) each schedule becomes a cron workflow with the
 * schedule's id: registered once, left alone when nothing changed, restarted when its cron did.
 */
class ScheduleRegistrarCronFallbackTest {
  TestWorkflowEnvironment env;
  WorkflowClient client;
  ScheduleClient schedules;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    client = env.getWorkflowClient();
    schedules = ScheduleClient.newInstance(env.getWorkflowServiceStubs());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  static ScheduleProperties properties(String backupCron) {
    return new ScheduleProperties(
        true,
        false,
        "demo",
        backupCron,
        "30 3 * * *",
        "30 2 * * *",
        "0 4 * * *",
        "0 5 * * 0",
        "30 0 * * *");
  }

  ScheduleRegistrar registrar(ScheduleProperties properties) {
    return new ScheduleRegistrar(
        client, schedules, new MaintenanceSchedules(properties), properties);
  }

  @Test
  void givenNoSchedulesApi_whenRegistered_eachScheduleRunsAsACronWorkflowWithItsId() {
    assertThat(registrar(properties("*/15 * * * *")).register())
        .isEqualTo(ScheduleRegistrar.Mode.CRON_FALLBACK);

    for (String id :
        new String[] {
          "backup-database",
          "backup-training-data",
          "archival",
          "knowledge-reindex-incremental",
          "knowledge-reindex-full",
          "cost-report"
        }) {
      assertThat(status(id))
          .as(id)
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    }
    assertThat(cron("backup-database")).isEqualTo("*/15 * * * *");
    assertThat(cron("knowledge-reindex-full")).isEqualTo("0 5 * * 0");
  }

  @Test
  void givenTheSameSpec_whenRegisteredAgain_nothingRestarts_andAChangedCronRestartsThatOneOnly() {
    registrar(properties("*/15 * * * *")).register();
    String backupRun = runId("backup-database");
    String archivalRun = runId("archival");

    registrar(properties("*/15 * * * *")).register();
    assertThat(runId("backup-database")).isEqualTo(backupRun);

    registrar(properties("*/5 * * * *")).register();
    assertThat(runId("backup-database")).isNotEqualTo(backupRun);
    assertThat(cron("backup-database")).isEqualTo("*/5 * * * *");
    assertThat(runId("archival")).isEqualTo(archivalRun);
  }

  @Test
  void givenCronFallback_pauseAndBackfillSayWhyTheyCannotWork_andTriggerStartsAOneOffRun() {
    ScheduleRegistrar registrar = registrar(properties("*/15 * * * *"));
    registrar.register();
    Schedules api =
        new Schedules(
            schedules, client, new MaintenanceSchedules(properties("*/15 * * * *")), registrar);

    assertThat(api.get("archival").mode()).isEqualTo("cron");
    assertThat(api.get("archival").running()).containsExactly("archival");
    assertThatThrownBy(() -> api.pause("archival", null))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("no Schedules API");
    assertThatThrownBy(
            () -> api.backfill("cost-report", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", null))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("no Schedules API");
    assertThatThrownBy(
            () -> api.backfill("cost-report", "2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", null))
        .isInstanceOf(ApiProblem.class)
        .hasMessageContaining("before end");

    api.trigger("cost-report");
    long manual =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .listOpenWorkflowExecutions(
                io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .build())
            .getExecutionsList()
            .stream()
            .filter(e -> e.getExecution().getWorkflowId().startsWith("cost-report-manual-"))
            .count();
    assertThat(manual).isEqualTo(1);
  }

  private WorkflowExecutionStatus status(String id) {
    return describe(id).getWorkflowExecutionInfo().getStatus();
  }

  private String runId(String id) {
    return describe(id).getWorkflowExecutionInfo().getExecution().getRunId();
  }

  private String cron(String id) {
    return registrar(properties("*/15 * * * *"))
        .currentCron(WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(runId(id)).build());
  }

  private io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse describe(String id) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
                .build());
  }
}
