package com.dispatchbot.workflows.maintenance;

import com.dispatchbot.workflows.TaskQueues;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.OffsetDateTime;

/**
 * Maintenance runs in the SDK's test environment as a Schedule would start them: with the {@code
 * TemporalScheduledStartTime} search attribute the real server sets.
 */
public final class ScheduledRuns {
  private ScheduledRuns() {}

  /** A test environment that knows the scheduled-time search attribute. */
  public static TestWorkflowEnvironment environment() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    env.registerSearchAttribute(
        ScheduledTime.SCHEDULED_START.getName(), IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
    return env;
  }

  /** Options of a run on the maintenance queue, scheduled for {@code at} (ISO-8601) or not. */
  public static WorkflowOptions scheduledFor(String at) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.MAINTENANCE);
    if (at != null) {
      options.setTypedSearchAttributes(
          SearchAttributes.newBuilder()
              .set(ScheduledTime.SCHEDULED_START, OffsetDateTime.parse(at))
              .build());
    }
    return options.build();
  }
}
