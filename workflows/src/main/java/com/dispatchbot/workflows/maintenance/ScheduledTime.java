package com.dispatchbot.workflows.maintenance;

import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The time a maintenance run is for. A run started by a Temporal Schedule (or backfilled) carries
 * it in the {@code TemporalScheduledStartTime} search attribute, so a run that starts late, or a
 * backfill of last Tuesday, still works on the period it was scheduled for. A run started by hand
 * or by the cron fallback has none and uses the workflow's own start time. Never a clock: the same
 * value on replay.
 */
public final class ScheduledTime {
  static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  private ScheduledTime() {}

  /** Call from workflow code only. */
  public static Instant of() {
    OffsetDateTime scheduled = Workflow.getTypedSearchAttributes().get(SCHEDULED_START);
    if (scheduled != null) {
      return scheduled.toInstant();
    }
    return Instant.ofEpochMilli(Workflow.getInfo().getRunStartedTimestampMillis());
  }
}
