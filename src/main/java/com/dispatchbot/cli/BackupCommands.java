package com.dispatchbot.cli;

import com.dispatchbot.activities.backup.BackupActivitiesImpl;
import com.dispatchbot.activities.backup.BackupProperties;
import com.dispatchbot.activities.backup.DatabaseBackups;
import com.dispatchbot.activities.backup.PgTarget;
import com.dispatchbot.activities.backup.TrainingDataExport;
import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import com.dispatchbot.workflows.backup.BackupActivities.Backup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Backups from the command line, with the code the BackupWorkflow runs: take one now, restore one,
 * export training data. The database is DATABASE_URL's, as the app reads it.
 */
final class BackupCommands {
  private BackupCommands() {}

  static PgTarget target(String databaseUrl) {
    Map<String, Object> props =
        DatabaseUrlEnvironmentPostProcessor.datasourceProperties(databaseUrl);
    return PgTarget.fromJdbc(
        (String) props.get("spring.datasource.url"),
        (String) props.get("spring.datasource.username"),
        (String) props.get("spring.datasource.password"),
        null);
  }

  static String databaseUrl() {
    return DatabaseUrlEnvironmentPostProcessor.fromEnvironment();
  }

  static JdbcClient jdbc(String databaseUrl) {
    return JdbcClient.create(DatabaseUrlEnvironmentPostProcessor.dataSource(databaseUrl));
  }

  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description =
          "Take a database backup now (pg_dump -Fc into BACKUP_DIR), checksum and verify it, and"
              + " record it as the scheduled backups are.")
  static final class TakeBackup implements Callable<Integer> {
    @Option(names = "--dir", description = "where to write it (default BACKUP_DIR, data/backups)")
    String dir;

    @Override
    public Integer call() {
      try {
        String url = databaseUrl();
        BackupProperties properties =
            new BackupProperties(dir != null ? dir : System.getenv("BACKUP_DIR"), null, null, null);
        BackupActivitiesImpl backups = new BackupActivitiesImpl(jdbc(url), properties, target(url));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Backup backup;
        try (ProgressBar bar = new ProgressBar("pg_dump", -1)) {
          backup = backups.dumpDatabase(now.toEpochMilli());
          bar.stepTo(backup.sizeBytes());
        }
        System.out.println(
            "backup "
                + backups.dir().resolve(backup.file())
                + ": "
                + backup.sizeBytes()
                + " bytes, sha256 "
                + backup.sha256()
                + ", "
                + backup.status()
                + " ("
                + backup.detail().get("tables")
                + " tables)");
        return 0;
      } catch (RuntimeException e) {
        System.err.println("backup failed: " + message(e));
        return 1;
      }
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Restore a backup. Checks its .sha256 and that pg_restore can read it before touching"
              + " anything; restores in one transaction, so a failure changes nothing.")
  static final class Restore implements Callable<Integer> {
    @Option(
        names = "--file",
        required = true,
        description = "the .dump file (its .sha256 beside it)")
    Path file;

    @Option(
        names = "--target-database-url",
        description = "where to restore (default DATABASE_URL)")
    String targetUrl;

    @Option(names = "--force", description = "replace the tables of a database that has them")
    boolean force;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        System.err.println("restore refused: no such file " + file);
        return AccountCommands.BAD_INPUT;
      }
      PgTarget target;
      try {
        target = target(targetUrl != null ? targetUrl : databaseUrl());
      } catch (IllegalArgumentException e) {
        System.err.println("restore refused: --target-database-url: " + e.getMessage());
        return AccountCommands.BAD_INPUT;
      }
      try {
        DatabaseBackups.restore(file, target, force);
        System.out.println("restored " + file.getFileName() + " into " + target.describe());
        return 0;
      } catch (Exception e) {
        System.err.println(
            "restore refused: " + message(e) + "; " + target.describe() + " is unchanged");
        return 1;
      }
    }
  }

  @Command(
      name = "export-training-data",
      mixinStandardHelpOptions = true,
      description =
          "Write closed conversations as JSONL (one per line, PII redacted) for training and"
              + " evaluation.")
  static final class ExportTrainingData implements Callable<Integer> {
    @Option(names = "--output", required = true, description = "the .jsonl file to write")
    Path output;

    @Option(names = "--since", description = "first day (yyyy-MM-dd, UTC); default: everything")
    String since;

    @Option(names = "--tenant", description = "one tenant only")
    String tenant;

    @Override
    public Integer call() {
      Instant from;
      try {
        from =
            since == null
                ? Instant.EPOCH
                : LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        System.err.println("--since '" + since + "' is not a day like 2026-11-01");
        return AccountCommands.BAD_INPUT;
      }
      try {
        int count;
        try (ProgressBar bar = new ProgressBar("conversations", -1)) {
          count =
              new TrainingDataExport(jdbc(databaseUrl()))
                  .export(output, from, Instant.now(), tenant, bar::stepTo);
        }
        System.out.println("exported " + count + " conversations to " + output);
        return 0;
      } catch (Exception e) {
        System.err.println("export failed: " + message(e));
        return 1;
      }
    }
  }

  private static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
