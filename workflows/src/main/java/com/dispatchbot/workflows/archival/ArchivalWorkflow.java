package com.dispatchbot.workflows.archival;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;

/**
 * Keeps the hot tables small (schedule {@code archival}, nightly): closed conversations older than
 * 30 days are archived (their transcript kept as one document, their message and AI-response rows
 * removed), archived ones older than 90 days are deleted with everything that refers to them. Ages
 * count from the run's scheduled time, in batches, so a backlog never becomes one transaction.
 */
@WorkflowInterface
public interface ArchivalWorkflow {

  /**
   * @param archiveAfterDays null: 30
   * @param deleteAfterDays null: 90
   */
  record ArchivalRequest(Integer archiveAfterDays, Integer deleteAfterDays, String requestedBy) {}

  /** Counts per tenant. */
  record ArchivalReport(
      String archivedBefore,
      String deletedBefore,
      int archived,
      int messagesMoved,
      int deleted,
      Map<String, Integer> archivedByTenant,
      Map<String, Integer> deletedByTenant) {}

  @WorkflowMethod
  ArchivalReport archive(ArchivalRequest request);
}
