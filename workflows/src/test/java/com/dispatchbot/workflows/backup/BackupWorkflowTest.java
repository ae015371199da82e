package com.dispatchbot.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.backup.BackupWorkflow.BackupReport;
import com.dispatchbot.workflows.backup.BackupWorkflow.BackupRequest;
import com.dispatchbot.workflows.maintenance.ScheduledRuns;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a scheduled backup run does, and for which time. */
class BackupWorkflowTest {
  TestWorkflowEnvironment env;
  final List<String> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    env = ScheduledRuns.environment();
    var worker = env.newWorker(TaskQueues.MAINTENANCE);
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new BackupActivities() {
          @Override
          public Backup dumpDatabase(long at) {
            calls.add("dump " + Instant.ofEpochMilli(at));
            return new Backup(
                "database-x", "database", "dispatch-x.dump", 10, "ab", "verified", Map.of());
          }

          @Override
          public List<String> applyRetention(long at) {
            calls.add("retention " + Instant.ofEpochMilli(at));
            return List.of("dispatch-old.dump");
          }

          @Override
          public Backup exportTrainingData(long at) {
            calls.add("export " + Instant.ofEpochMilli(at));
            return new Backup(
                "training_data-x", "training_data", "t.jsonl", 5, "cd", "verified", Map.of());
          }
        });
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  BackupWorkflow scheduledFor(String at) {
    return env.getWorkflowClient()
        .newWorkflowStub(BackupWorkflow.class, ScheduledRuns.scheduledFor(at));
  }

  @Test
  void givenTheQuarterHourRun_itDumpsThenAppliesRetention_forItsScheduledTime() {
    BackupReport report =
        scheduledFor("2026-11-23T14:15:00Z").backup(new BackupRequest(true, false, "schedule"));
    assertThat(calls)
        .containsExactly("dump 2026-11-23T14:15:00Z", "retention 2026-11-23T14:15:00Z");
    assertThat(report.database().status()).isEqualTo("verified");
    assertThat(report.removed()).containsExactly("dispatch-old.dump");
    assertThat(report.trainingData()).isNull();
  }

  @Test
  void givenTheNightlyRun_itOnlyExportsTrainingData() {
    BackupReport report =
        scheduledFor("2026-11-23T03:30:00Z").backup(new BackupRequest(false, true, "schedule"));
    assertThat(calls).containsExactly("export 2026-11-23T03:30:00Z");
    assertThat(report.database()).isNull();
    assertThat(report.trainingData().kind()).isEqualTo("training_data");
  }
}
