package com.dispatchbot.api.knowledge;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.Mode;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.Progress;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.ReindexReport;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.ReindexRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Starts ReindexWorkflow (one at a time) and reports on the current or last run. */
@Component
public class Reindexing {
  private final WorkflowClient client;

  Reindexing(WorkflowClient client) {
    this.client = client;
  }

  /**
   * @param phase describe, build, catch-up, verify, swap, done — or failed
   * @param report the finished run's report, null while it runs
   */
  public record Status(
      String workflowId, String runId, String state, Progress progress, ReindexReport report) {}

  /**
   * Starts a reindex. The index serves every tenant, so one run rebuilds all of them; {@code
   * tenantId} only names who asked.
   */
  public Status start(String mode, String tenantId) {
    Mode parsed = parse(mode);
    ReindexWorkflow workflow =
        client.newWorkflowStub(
            ReindexWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReindexWorkflow.WORKFLOW_ID)
                .setTaskQueue(TaskQueues.MAINTENANCE)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setWorkflowExecutionTimeout(Duration.ofHours(6))
                .setStaticSummary("Reindex knowledge: " + parsed.name().toLowerCase(Locale.ROOT))
                .build());
    try {
      WorkflowExecution run =
          WorkflowClient.start(workflow::reindex, new ReindexRequest(parsed, "api:" + tenantId));
      return new Status(
          run.getWorkflowId(),
          run.getRunId(),
          "RUNNING",
          new Progress(parsed, "describe", null, null),
          null);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Reindex running",
          "a reindex is already running; GET /v1/knowledge/reindex shows its progress");
    }
  }

  /**
   * The current or last run as a tenant may see it: the report's per-tenant checks keep only the
   * tenant's own, and other tenants' ids in the reason are left out.
   */
  public Status status(String tenantId) {
    Status status = status();
    ReindexReport report = status.report();
    if (report == null) {
      return status;
    }
    String reason = report.reason();
    java.util.List<com.dispatchbot.workflows.knowledge.ReindexActivities.TenantCheck> own =
        new java.util.ArrayList<>();
    if (report.checks() != null) {
      for (var check : report.checks()) {
        if (tenantId.equals(check.tenantId())) {
          own.add(check);
        } else if (reason != null && check.tenantId() != null) {
          reason = reason.replace(check.tenantId(), "another tenant");
        }
      }
    }
    return new Status(
        status.workflowId(),
        status.runId(),
        status.state(),
        status.progress(),
        new ReindexReport(
            report.mode(),
            report.liveIndex(),
            report.builtIndex(),
            report.swapped(),
            reason,
            report.sync(),
            own,
            report.dropped()));
  }

  private Status status() {
    WorkflowStub stub = client.newUntypedWorkflowStub(ReindexWorkflow.WORKFLOW_ID);
    WorkflowExecution run;
    WorkflowExecutionStatus state;
    try {
      var described =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(ReindexWorkflow.WORKFLOW_ID))
                      .build());
      run = described.getWorkflowExecutionInfo().getExecution();
      state = described.getWorkflowExecutionInfo().getStatus();
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        throw ApiProblem.notFound("no reindex has run yet");
      }
      throw e;
    }
    Progress progress = null;
    try {
      progress = stub.query("progress", Progress.class);
    } catch (WorkflowNotFoundException | io.temporal.client.WorkflowQueryException e) {
      // a run too old to query: the report below says how it ended
    }
    ReindexReport report = null;
    String name = state.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    if (state == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      try {
        report = stub.getResult(5, TimeUnit.SECONDS, ReindexReport.class);
      } catch (java.util.concurrent.TimeoutException e) {
        // completed runs answer at once; leave the report out rather than hang the request
      }
    }
    return new Status(run.getWorkflowId(), run.getRunId(), name, progress, report);
  }

  static Mode parse(String mode) {
    if (mode == null || mode.isBlank()) {
      return Mode.INCREMENTAL;
    }
    try {
      return Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "Unknown mode",
          "mode must be incremental or full, not '" + mode + "'");
    }
  }
}
