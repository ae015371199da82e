package com.dispatchbot.workflows.cost;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One UTC day's tokens and cost by tenant and model, cost per call, fallback and error rates, into
 * {@code cost_reports}; an alert for each runbook threshold crossed. Scheduled daily (schedule
 * {@code cost-report}); a backfilled run reports on the day before its own scheduled time.
 */
@WorkflowInterface
public interface CostReportWorkflow {

  /**
   * @param date the day to report on (yyyy-MM-dd, UTC); null: the day before the scheduled time
   * @param requestedBy who asked: {@code schedule}, {@code api:<tenant>}, {@code cli}
   */
  record CostReportRequest(String date, String requestedBy) {}

  @WorkflowMethod
  CostReportActivities.DayReport report(CostReportRequest request);
}
