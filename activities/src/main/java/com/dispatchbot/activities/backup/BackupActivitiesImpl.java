package com.dispatchbot.activities.backup;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.backup.BackupActivities;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Backups into BACKUP_DIR, recorded in {@code backups}. See {@link BackupActivities}. */
@Component("backupActivities")
public class BackupActivitiesImpl implements BackupActivities {
  private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final BackupProperties properties;
  private final PgTarget source;

  @Autowired
  public BackupActivitiesImpl(
      JdbcClient jdbc,
      BackupProperties properties,
      @Value("${spring.datasource.url}") String url,
      @Value("${spring.datasource.username:}") String user,
      @Value("${spring.datasource.password:}") String password) {
    this(jdbc, properties, PgTarget.fromJdbc(url, user, password, properties.schema()));
  }

  public BackupActivitiesImpl(JdbcClient jdbc, BackupProperties properties, PgTarget source) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.source = source;
  }

  public Path dir() {
    return Path.of(properties.dir());
  }

  @Override
  public Backup dumpDatabase(long scheduledForMillis) {
    Instant at = Instant.ofEpochMilli(scheduledForMillis);
    String id = "database-" + DatabaseBackups.stamp(at);
    Path file = dir().resolve(DatabaseBackups.fileName(at));
    Optional<Backup> done = existing(id, file);
    if (done.isPresent()) {
      return done.get();
    }
    try {
      new DatabaseBackups(source).dump(dir(), at, bytes -> heartbeat("dumped " + bytes + " bytes"));
      DatabaseBackups.Verification verification = DatabaseBackups.verify(file);
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("tables", verification.tables().size());
      detail.put("source", source.describe());
      if (!verification.valid()) {
        detail.put("problem", verification.problem());
      }
      Backup backup =
          new Backup(
              id,
              "database",
              file.getFileName().toString(),
              Files.size(file),
              DatabaseBackups.sha256(file),
              verification.valid() ? "verified" : "failed",
              detail);
      record(backup, at);
      if (!verification.valid()) {
        // a dump that does not verify is kept for inspection but fails the run: someone must look
        throw ApplicationFailure.newNonRetryableFailure(
            "backup " + file.getFileName() + " failed verification: " + verification.problem(),
            ActivityPresets.MAINTENANCE_REJECTED);
      }
      log.info(
          "backup {} verified: {} bytes, {} tables",
          file.getFileName(),
          backup.sizeBytes(),
          verification.tables().size());
      return backup;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dumping", e);
    }
  }

  @Override
  public List<String> applyRetention(long scheduledForMillis) {
    Instant cutoff = Instant.ofEpochMilli(scheduledForMillis).minus(properties.retention());
    List<Map<String, Object>> candidates =
        jdbc.sql(
                """
                select id, file_name from backups
                 where kind = 'database' and status <> 'deleted' and scheduled_for < ?
                   and id not in (select id from backups
                                   where kind = 'database' and status = 'verified'
                                   order by scheduled_for desc limit ?)
                 order by scheduled_for
                """)
            .params(Timestamp.from(cutoff), properties.keepAtLeast())
            .query()
            .listOfRows();
    List<String> removed = new ArrayList<>();
    for (Map<String, Object> row : candidates) {
      String name = (String) row.get("file_name");
      Path file = dir().resolve(name);
      try {
        Files.deleteIfExists(file);
        Files.deleteIfExists(DatabaseBackups.checksumFile(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      jdbc.sql("update backups set status = 'deleted', deleted_at = now() where id = ?")
          .param(row.get("id"))
          .update();
      removed.add(name);
    }
    if (!removed.isEmpty()) {
      log.info("retention ({}): removed {}", properties.retention(), removed);
    }
    return removed;
  }

  @Override
  public Backup exportTrainingData(long scheduledForMillis) {
    Instant until = Instant.ofEpochMilli(scheduledForMillis);
    String id = "training_data-" + DatabaseBackups.stamp(until);
    String name = "training/training-" + DatabaseBackups.stamp(until) + ".jsonl";
    Path file = dir().resolve(name);
    Optional<Backup> done = existing(id, file);
    if (done.isPresent()) {
      return done.get();
    }
    // from where the last export stopped: every closed conversation lands in exactly one file
    Instant since =
        jdbc.sql(
                """
                select max(scheduled_for) from backups
                 where kind = 'training_data' and status = 'verified' and scheduled_for < ?
                """)
            .param(Timestamp.from(until))
            .query(Timestamp.class)
            .optional()
            .map(Timestamp::toInstant)
            .orElse(Instant.EPOCH);
    try {
      int count =
          new TrainingDataExport(jdbc)
              .export(
                  file,
                  since,
                  until,
                  null,
                  n -> {
                    if (n % 500 == 0) {
                      heartbeat(n + " conversations");
                    }
                  });
      Files.writeString(
          DatabaseBackups.checksumFile(file),
          DatabaseBackups.sha256(file) + "  " + file.getFileName() + "\n");
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("conversations", count);
      detail.put("since", since.toString());
      detail.put("until", until.toString());
      Backup backup =
          new Backup(
              id,
              "training_data",
              name,
              Files.size(file),
              DatabaseBackups.sha256(file),
              "verified",
              detail);
      record(backup, until);
      return backup;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The backup of this id when its file is there and intact (a retried or repeated run). */
  private Optional<Backup> existing(String id, Path file) {
    return jdbc.sql(
            """
            select id, kind, file_name, size_bytes, sha256, status, detail::text from backups
             where id = ? and status = 'verified'
            """)
        .param(id)
        .query(
            (rs, n) -> {
              try {
                @SuppressWarnings("unchecked")
                Map<String, Object> detail = JSON.readValue(rs.getString(7), Map.class);
                return new Backup(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getLong(4),
                    rs.getString(5),
                    rs.getString(6),
                    detail);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .optional()
        .filter(
            backup -> {
              try {
                return Files.isRegularFile(file)
                    && DatabaseBackups.sha256(file).equals(backup.sha256());
              } catch (IOException e) {
                return false;
              }
            });
  }

  private void record(Backup backup, Instant at) {
    try {
      jdbc.sql(
              """
              insert into backups (id, kind, file_name, size_bytes, sha256, status, detail, scheduled_for)
              values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)
              on conflict (id) do update set
                file_name = excluded.file_name, size_bytes = excluded.size_bytes,
                sha256 = excluded.sha256, status = excluded.status, detail = excluded.detail,
                created_at = now(), deleted_at = null
              """)
          .params(
              backup.id(),
              backup.kind(),
              backup.file(),
              backup.sizeBytes(),
              backup.sha256(),
              backup.status(),
              JSON.writeValueAsString(backup.detail()),
              Timestamp.from(at))
          .update();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void heartbeat(String progress) {
    try {
      Activity.getExecutionContext().heartbeat(progress);
    } catch (IllegalStateException notInAnActivity) {
      // called from a command, not a worker: nothing to heartbeat to
    }
  }
}
