package com.dispatchbot.workflows.backup;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/**
 * The steps of {@link BackupWorkflow}. Each is idempotent: the id of a backup is its kind and
 * scheduled time; a step that finds its verified file already there returns it.
 */
@ActivityInterface
public interface BackupActivities {

  /**
   * @param id {@code <kind>-<yyyyMMdd'T'HHmm'Z'>}
   * @param file the file's name in BACKUP_DIR
   * @param detail what the verification found (tables in the dump) or what was exported
   */
  record Backup(
      String id,
      String kind,
      String file,
      long sizeBytes,
      String sha256,
      String status,
      Map<String, Object> detail) {}

  /** Dumps the database (pg_dump -Fc), checksums and verifies it (pg_restore --list). */
  @ActivityMethod
  Backup dumpDatabase(long scheduledForMillis);

  /** Deletes database dumps older than BACKUP_RETENTION, never the newest verified ones. */
  @ActivityMethod
  List<String> applyRetention(long scheduledForMillis);

  /** Closed conversations since the last export, one JSON line each, PII redacted. */
  @ActivityMethod
  Backup exportTrainingData(long scheduledForMillis);
}
