package com.dispatchbot.schedules;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The maintenance schedules (application.yaml {@code dispatch.schedules.*}). Every cron expression
 * is in UTC, five fields (minute hour day-of-month month day-of-week), as Temporal reads them.
 *
 * @param register create or update the schedules at start-up (SCHEDULES_REGISTER)
 * @param initiallyPaused a schedule created now starts paused (SCHEDULES_INITIALLY_PAUSED); one
 *     that exists keeps the state an operator gave it
 * @param platformTenant whose admins may manage schedules: they run for the whole installation
 *     (PLATFORM_TENANT, default DEFAULT_TENANT)
 * @param backup BACKUP_SCHEDULE: database dumps; every 15 minutes meets the runbook's RPO of 15
 *     minutes for conversations
 * @param trainingData TRAINING_EXPORT_SCHEDULE: the nightly training-data JSONL export
 * @param archival ARCHIVAL_SCHEDULE: archive conversations older than 30 days, delete archived ones
 *     older than 90
 * @param reindexIncremental REINDEX_SCHEDULE: re-embed changed knowledge documents
 * @param reindexFull FULL_REINDEX_SCHEDULE: rebuild the knowledge index, verify, swap
 * @param costReport COST_REPORT_SCHEDULE: yesterday's tokens and cost by tenant and model, alerts
 */
@Validated
@ConfigurationProperties("dispatch.schedules")
public record ScheduleProperties(
    boolean register,
    boolean initiallyPaused,
    @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String platformTenant,
    @NotBlank String backup,
    @NotBlank String trainingData,
    @NotBlank String archival,
    @NotBlank String reindexIncremental,
    @NotBlank String reindexFull,
    @NotBlank String costReport) {}
