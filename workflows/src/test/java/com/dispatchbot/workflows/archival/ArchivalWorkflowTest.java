package com.dispatchbot.workflows.archival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.archival.ArchivalWorkflow.ArchivalReport;
import com.dispatchbot.workflows.archival.ArchivalWorkflow.ArchivalRequest;
import com.dispatchbot.workflows.maintenance.ScheduledRuns;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archival run: cutoffs from its scheduled time, batches until a short one. */
class ArchivalWorkflowTest {
  TestWorkflowEnvironment env;
  final List<String> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger backlog = new AtomicInteger(1_234);

  @BeforeEach
  void setUp() {
    env = ScheduledRuns.environment();
    var worker = env.newWorker(TaskQueues.MAINTENANCE);
    worker.registerWorkflowImplementationTypes(ArchivalWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ArchivalActivities() {
          @Override
          public Batch archiveBatch(long before, int limit) {
            calls.add("archive " + Instant.ofEpochMilli(before));
            int n = Math.min(limit, backlog.get());
            backlog.addAndGet(-n);
            return new Batch(n, 4 * n, Map.of("demo", n));
          }

          @Override
          public Batch deleteBatch(long before, int limit) {
            calls.add("delete " + Instant.ofEpochMilli(before));
            return new Batch(3, 0, Map.of("demo", 3));
          }
        });
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  ArchivalWorkflow scheduledFor(String at) {
    return env.getWorkflowClient()
        .newWorkflowStub(ArchivalWorkflow.class, ScheduledRuns.scheduledFor(at));
  }

  @Test
  void givenABacklogOf1234_itArchivesInBatchesOf500_thenDeletes_withCutoffsFromTheScheduledTime() {
    ArchivalReport report =
        scheduledFor("2026-11-23T02:30:00Z").archive(new ArchivalRequest(null, null, "schedule"));

    assertThat(calls)
        .containsExactly(
            "archive 2026-10-24T02:30:00Z",
            "archive 2026-10-24T02:30:00Z",
            "archive 2026-10-24T02:30:00Z",
            "delete 2026-08-25T02:30:00Z");
    assertThat(report.archived()).isEqualTo(1_234);
    assertThat(report.messagesMoved()).isEqualTo(4 * 1_234);
    assertThat(report.archivedByTenant()).containsEntry("demo", 1_234);
    assertThat(report.deleted()).isEqualTo(3);
  }

  @Test
  void givenDeleteBeforeArchive_theRunFailsWithTheReason_andTouchesNothing() {
    WorkflowFailedException failed =
        catchThrowableOfType(
            WorkflowFailedException.class,
            () -> scheduledFor("2026-11-23T02:30:00Z").archive(new ArchivalRequest(60, 30, "api")));
    ApplicationFailure cause = (ApplicationFailure) failed.getCause();
    assertThat(cause.getType()).isEqualTo(ActivityPresets.MAINTENANCE_REJECTED);
    assertThat(cause.getOriginalMessage()).contains("deleteAfterDays (30)");
    assertThat(calls).isEmpty();
  }
}
