package com.dispatchbot.workflows.cost;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.math.BigDecimal;
import java.util.List;

/** The report's step. Idempotent: its rows are upserts and its alerts are raised once per day. */
@ActivityInterface
public interface CostReportActivities {

  /** One row of the report: a tenant's model, or its total ({@code model = "*"}). */
  record Line(
      String tenantId,
      String model,
      int calls,
      int responses,
      long inputTokens,
      long outputTokens,
      BigDecimal costUsd,
      BigDecimal costPerCall,
      double fallbackRate,
      double errorRate) {}

  /**
   * @param alerts the kinds raised by this run, as {@code tenant:kind}
   */
  record DayReport(String date, List<Line> lines, List<String> alerts) {}

  /** Builds (or rebuilds) the report of a UTC day (yyyy-MM-dd) and raises its alerts. */
  @ActivityMethod
  DayReport reportDay(String date);
}
