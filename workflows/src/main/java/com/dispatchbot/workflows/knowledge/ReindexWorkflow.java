package com.dispatchbot.workflows.knowledge;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Brings the knowledge index in line with the documents in Postgres.
 *
 * <p>{@code incremental}: re-embeds changed documents and removes deleted ones in the live index.
 * {@code full}: builds a fresh index from every document while searches keep using the live one,
 * verifies it (every document present; recall@k on each tenant's golden questions not below the
 * live index's), then moves the alias in one step; a failed check leaves the live index in place
 * and the report says why.
 */
@WorkflowInterface
public interface ReindexWorkflow {

  /** One reindex at a time: every run uses this id (a second start while one runs is refused). */
  String WORKFLOW_ID = "knowledge-reindex";

  enum Mode {
    INCREMENTAL,
    FULL
  }

  record ReindexRequest(Mode mode, String requestedBy) {}

  /**
   * @param swapped true when a full rebuild went live
   * @param reason why the new index was not swapped in (null when it was, or for incremental)
   */
  record ReindexReport(
      Mode mode,
      String liveIndex,
      String builtIndex,
      boolean swapped,
      String reason,
      ReindexActivities.SyncReport sync,
      List<ReindexActivities.TenantCheck> checks,
      List<String> dropped) {}

  /** Where the run is: {@code phase} is one of describe, build, catch-up, verify, swap, done. */
  record Progress(Mode mode, String phase, String index, String detail) {}

  @WorkflowMethod
  ReindexReport reindex(ReindexRequest request);

  @QueryMethod
  Progress progress();
}
