package com.dispatchbot.schedules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one place schedules are declared. Ids never change (they are how the registrar finds the
 * schedule it made last time); the cron expressions come from configuration.
 */
@Component
public class MaintenanceSchedules {
  public static final String BACKUP = "backup-database";
  public static final String TRAINING_DATA = "backup-training-data";
  public static final String ARCHIVAL = "archival";
  public static final String REINDEX_INCREMENTAL = "knowledge-reindex-incremental";
  public static final String REINDEX_FULL = "knowledge-reindex-full";
  public static final String COST_REPORT = "cost-report";

  private static final String BY = "schedule";

  private final List<MaintenanceSchedule> all;

  public MaintenanceSchedules(ScheduleProperties properties) {
    this.all =
        List.of(
            new MaintenanceSchedule(
                BACKUP,
                "BackupWorkflow",
                Map.of("database", true, "trainingData", false, "requestedBy", BY),
                properties.backup(),
                "pg_dump of the database, verified, with retention",
                Duration.ofMinutes(30),
                Duration.ofHours(2)),
            new MaintenanceSchedule(
                TRAINING_DATA,
                "BackupWorkflow",
                Map.of("database", false, "trainingData", true, "requestedBy", BY),
                properties.trainingData(),
                "training-data export: closed conversations as JSONL, PII redacted",
                Duration.ofHours(12),
                Duration.ofHours(4)),
            new MaintenanceSchedule(
                ARCHIVAL,
                "ArchivalWorkflow",
                Map.of("requestedBy", BY),
                properties.archival(),
                "archive conversations older than 30 days, delete archived ones older than 90",
                Duration.ofHours(12),
                Duration.ofHours(6)),
            new MaintenanceSchedule(
                REINDEX_INCREMENTAL,
                "ReindexWorkflow",
                Map.of("mode", "INCREMENTAL", "requestedBy", BY),
                properties.reindexIncremental(),
                "knowledge index: re-embed changed documents, remove deleted ones",
                Duration.ofHours(12),
                Duration.ofHours(6)),
            new MaintenanceSchedule(
                REINDEX_FULL,
                "ReindexWorkflow",
                Map.of("mode", "FULL", "requestedBy", BY),
                properties.reindexFull(),
                "knowledge index: full rebuild into a new index, verify, swap the alias",
                Duration.ofDays(1),
                Duration.ofHours(6)),
            new MaintenanceSchedule(
                COST_REPORT,
                "CostReportWorkflow",
                Map.of("requestedBy", BY),
                properties.costReport(),
                "yesterday's tokens and cost by tenant and model; alerts past the thresholds",
                Duration.ofDays(1),
                Duration.ofHours(1)));
  }

  public List<MaintenanceSchedule> all() {
    return all;
  }

  public Optional<MaintenanceSchedule> find(String id) {
    return all.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
