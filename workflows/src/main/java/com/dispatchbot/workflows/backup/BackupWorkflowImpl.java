package com.dispatchbot.workflows.backup;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.maintenance.ScheduledTime;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

public class BackupWorkflowImpl implements BackupWorkflow {
  private final BackupActivities backups =
      Workflow.newActivityStub(BackupActivities.class, ActivityPresets.maintenance());

  @Override
  public BackupReport backup(BackupRequest request) {
    Instant at = ScheduledTime.of();
    long millis = at.toEpochMilli();
    BackupActivities.Backup database = null;
    List<String> removed = List.of();
    if (request.database()) {
      database = backups.dumpDatabase(millis);
      removed = backups.applyRetention(millis);
    }
    BackupActivities.Backup training =
        request.trainingData() ? backups.exportTrainingData(millis) : null;
    return new BackupReport(at.toString(), database, removed, training);
  }
}
