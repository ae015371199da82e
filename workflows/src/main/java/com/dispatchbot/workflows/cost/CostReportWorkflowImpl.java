package com.dispatchbot.workflows.cost;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.maintenance.ScheduledTime;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

public class CostReportWorkflowImpl implements CostReportWorkflow {
  private final CostReportActivities activities =
      Workflow.newActivityStub(CostReportActivities.class, ActivityPresets.maintenance());

  @Override
  public CostReportActivities.DayReport report(CostReportRequest request) {
    return activities.reportDay(day(request).toString());
  }

  static LocalDate day(CostReportRequest request) {
    String date = request == null ? null : request.date();
    if (date == null || date.isBlank()) {
      return ScheduledTime.of().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
    }
    try {
      return LocalDate.parse(date.strip());
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "date '" + date + "' is not a day like 2026-11-22", ActivityPresets.MAINTENANCE_REJECTED);
    }
  }
}
