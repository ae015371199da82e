package com.dispatchbot.workflows.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.cost.CostReportWorkflow.CostReportRequest;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    env = TestWorkflowEnvironment.newInstance();
    // the real server sets it on scheduled runs; the test server needs to know the name
    env.registerSearchAttribute(
        "TemporalScheduledStartTime",
        io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
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

  CostReportWorkflow workflow(OffsetDateTime scheduledFor) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.MAINTENANCE);
    if (scheduledFor != null) {
      options.setTypedSearchAttributes(
          SearchAttributes.newBuilder()
              .set(SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime"), scheduledFor)
              .build());
    }
    return env.getWorkflowClient().newWorkflowStub(CostReportWorkflow.class, options.build());
  }

  @Test
  void givenARunScheduledFor20November_itReportsOn19November_evenWhenItStartsDaysLater() {
    var report =
        workflow(OffsetDateTime.parse("2026-11-20T00:30:00Z"))
            .report(new CostReportRequest(null, "schedule"));
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
