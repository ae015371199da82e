package com.dispatchbot.workflows.backup;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Backs up the system of record: a verified {@code pg_dump -Fc} of the database with retention
 * (schedule {@code backup-database}, every 15 minutes), and the training-data export, closed
 * conversations as JSONL with PII redacted (schedule {@code backup-training-data}, nightly). Files
 * are named after the run's scheduled time, so a retried or repeated run of the same slot writes
 * the same file once.
 */
@WorkflowInterface
public interface BackupWorkflow {

  record BackupRequest(boolean database, boolean trainingData, String requestedBy) {}

  /**
   * @param database the dump taken (null when not asked for)
   * @param removed files retention deleted
   * @param trainingData the export (null when not asked for)
   */
  record BackupReport(
      String scheduledFor,
      BackupActivities.Backup database,
      java.util.List<String> removed,
      BackupActivities.Backup trainingData) {}

  @WorkflowMethod
  BackupReport backup(BackupRequest request);
}
