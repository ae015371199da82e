package com.dispatchbot.workflows.archival;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.maintenance.ScheduledTime;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

public class ArchivalWorkflowImpl implements ArchivalWorkflow {
  /** Conversations per transaction: small enough to hold locks briefly. */
  static final int BATCH = 500;

  private final ArchivalActivities archival =
      Workflow.newActivityStub(ArchivalActivities.class, ActivityPresets.maintenance());

  @Override
  public ArchivalReport archive(ArchivalRequest request) {
    int archiveAfter = days(request.archiveAfterDays(), 30, "archiveAfterDays");
    int deleteAfter = days(request.deleteAfterDays(), 90, "deleteAfterDays");
    if (deleteAfter < archiveAfter) {
      throw ApplicationFailure.newNonRetryableFailure(
          "deleteAfterDays ("
              + deleteAfter
              + ") must not be less than archiveAfterDays ("
              + archiveAfter
              + ")",
          ActivityPresets.MAINTENANCE_REJECTED);
    }
    Instant at = ScheduledTime.of();
    Instant archiveBefore = at.minus(Duration.ofDays(archiveAfter));
    Instant deleteBefore = at.minus(Duration.ofDays(deleteAfter));

    int archived = 0;
    int moved = 0;
    Map<String, Integer> archivedByTenant = new TreeMap<>();
    ArchivalActivities.Batch batch;
    do {
      batch = archival.archiveBatch(archiveBefore.toEpochMilli(), BATCH);
      archived += batch.conversations();
      moved += batch.messages();
      batch.byTenant().forEach((tenant, n) -> archivedByTenant.merge(tenant, n, Integer::sum));
    } while (batch.conversations() == BATCH);

    int deleted = 0;
    Map<String, Integer> deletedByTenant = new TreeMap<>();
    do {
      batch = archival.deleteBatch(deleteBefore.toEpochMilli(), BATCH);
      deleted += batch.conversations();
      batch.byTenant().forEach((tenant, n) -> deletedByTenant.merge(tenant, n, Integer::sum));
    } while (batch.conversations() == BATCH);

    return new ArchivalReport(
        archiveBefore.toString(),
        deleteBefore.toString(),
        archived,
        moved,
        deleted,
        archivedByTenant,
        deletedByTenant);
  }

  private static int days(Integer value, int fallback, String name) {
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value > 3650) {
      throw ApplicationFailure.newNonRetryableFailure(
          name + " must be between 1 and 3650 days, not " + value,
          ActivityPresets.MAINTENANCE_REJECTED);
    }
    return value;
  }
}
