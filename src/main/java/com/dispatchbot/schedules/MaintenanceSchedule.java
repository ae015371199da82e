package com.dispatchbot.schedules;

import java.time.Duration;
import java.util.Map;

/**
 * One schedule as the app declares it: which maintenance workflow runs, with what argument, when.
 *
 * @param id the schedule id, and the workflow id of every run (Temporal appends the scheduled time;
 *     the cron fallback uses it as is)
 * @param workflowType the workflow type (the interface's simple name)
 * @param argument the workflow's request record, as JSON fields
 * @param cron five-field cron expression in UTC
 * @param catchupWindow how late a missed run may still start (after an outage of the server)
 * @param executionTimeout the longest one run may take
 */
public record MaintenanceSchedule(
    String id,
    String workflowType,
    Map<String, Object> argument,
    String cron,
    String description,
    Duration catchupWindow,
    Duration executionTimeout) {}
