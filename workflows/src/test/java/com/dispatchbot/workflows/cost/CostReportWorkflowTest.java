package com.dispatchbot.workflows.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.cost.CostReportWorkflow.CostReportRequest;
import com.dispatchbot.workflows.maintenance.ScheduledRuns;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which day a run reports on: the day before its scheduled time, or the day it was asked for. */
class CostReportWorkflowTest {
  TestWorkflowEnvironment env;
  final List<String> days = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env = ScheduledRuns.environment();
    var worker = env.newWorker(TaskQueues.MAINTENANCE);
    worker.registerWorkflowImplementationTypes(CostReportWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        (CostReportActivities)
            date -> {
              days.add(date);
              return new CostReportActivities.DayReport(date, List.of(), List.of());
            });
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  CostReportWorkflow workflow(String scheduledFor) {
    return env.getWorkflowClient()
        .newWorkflowStub(CostReportWorkflow.class, ScheduledRuns.scheduledFor(scheduledFor));
  }

  @Test
  void givenARunScheduledFor20November_itReportsOn19November_evenWhenItStartsDaysLater() {
    var report = workflow("2026-11-20T00:30:00Z").report(new CostReportRequest(null, "schedule"));
    assertThat(report.date()).isEqualTo("2026-11-19");
    assertThat(days).containsExactly("2026-11-19");
  }

  @Test
  void givenARunWithoutAScheduledTime_itReportsOnTheDayBeforeItStarted() {
    String expected =
        Instant.ofEpochMilli(env.currentTimeMillis())
            .atZone(ZoneOffset.UTC)
            .toLocalDate()
            .minusDays(1)
            .toString();
    assertThat(workflow(null).report(new CostReportRequest(null, "cli")).date())
        .isEqualTo(expected);
  }

  @Test
  void givenADay_itReportsOnThatDay_andABadDateFailsTheRunWithTheReason() {
    assertThat(workflow(null).report(new CostReportRequest("2026-10-31", "api:demo")).date())
        .isEqualTo("2026-10-31");
    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> workflow(null).report(new CostReportRequest("last tuesday", "api:demo")));
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertThat(cause.getType()).isEqualTo(ActivityPresets.MAINTENANCE_REJECTED);
    assertThat(cause.getOriginalMessage()).contains("last tuesday");
    assertThat(days).containsExactly("2026-10-31");
  }
}
