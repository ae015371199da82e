package com.dispatchbot.schedules;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.schedules.ScheduleRegistrar.Mode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What an operator does with the maintenance schedules: look, pause, unpause, run now, backfill a
 * past period. Only declared schedules (MaintenanceSchedules) are known here; anything else on the
 * server is none of this API's business.
 */
@Component
public class Schedules {
  /** The longest backfill one request may ask for. */
  static final Duration MAX_BACKFILL = Duration.ofDays(31);

  private final ScheduleClient scheduleClient;
  private final WorkflowClient client;
  private final MaintenanceSchedules declared;
  private final ScheduleRegistrar registrar;
  private final Clock clock;

  @Autowired
  public Schedules(
      ScheduleClient scheduleClient,
      WorkflowClient client,
      MaintenanceSchedules declared,
      ScheduleRegistrar registrar) {
    this(scheduleClient, client, declared, registrar, Clock.systemUTC());
  }

  Schedules(
      ScheduleClient scheduleClient,
      WorkflowClient client,
      MaintenanceSchedules declared,
      ScheduleRegistrar registrar,
      Clock clock) {
    this.scheduleClient = scheduleClient;
    this.client = client;
    this.declared = declared;
    this.registrar = registrar;
    this.clock = clock;
  }

  /** One run a schedule started. */
  public record Run(Instant scheduledAt, Instant startedAt, String workflowId, String runId) {}

  /**
   * @param mode {@code schedule} (Temporal Schedules) or {@code cron} (cron workflow fallback)
   * @param paused null in cron mode (a cron workflow cannot be paused)
   * @param running workflow ids of runs still going
   */
  public record ScheduleView(
      String id,
      String workflowType,
      String cron,
      String timezone,
      String description,
      String mode,
      Boolean paused,
      String note,
      List<Instant> nextRuns,
      List<Run> recentRuns,
      List<String> running,
      Long actions,
      Long skippedOverlap,
      Long missedCatchupWindow) {}

  public List<ScheduleView> list() {
    return declared.all().stream().map(this::view).toList();
  }

  public ScheduleView get(String id) {
    return view(known(id));
  }

  public ScheduleView pause(String id, String note) {
    return change(id, handle -> handle.pause(note(note, "paused")));
  }

  public ScheduleView unpause(String id, String note) {
    return change(id, handle -> handle.unpause(note(note, "unpaused")));
  }

  /**
   * Runs the schedule's workflow now. A run of it still going is not interrupted: the new one
   * starts when that one ends (buffer one).
   */
  public ScheduleView trigger(String id) {
    MaintenanceSchedule schedule = known(id);
    if (registrar.mode() == Mode.CRON_FALLBACK) {
      // No schedule to trigger: start one run of the same workflow beside the cron workflow.
      client
          .newUntypedWorkflowStub(
              schedule.workflowType(),
              ScheduleRegistrar.runOptions(schedule)
                  .setWorkflowId(schedule.id() + "-manual-" + clock.millis())
                  .build())
          .start(schedule.argument());
      return view(schedule);
    }
    return change(
        id, handle -> handle.trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE));
  }

  /**
   * Runs the schedule for every time it would have fired in [start, end), each run seeing its own
   * scheduled time (TemporalScheduledStartTime). The range must lie in the past and span at most
   * {@link #MAX_BACKFILL}.
   *
   * @param overlap allow_all (default: backfilled runs may run side by side), buffer_all or skip
   */
  public ScheduleView backfill(String id, String start, String end, String overlap) {
    MaintenanceSchedule schedule = known(id);
    Instant from = instant("start", start);
    Instant to = instant("end", end);
    ScheduleOverlapPolicy policy = overlap(overlap);
    if (!from.isBefore(to)) {
      throw bad("start must be before end (got " + from + " .. " + to + ")");
    }
    if (to.isAfter(clock.instant())) {
      throw bad(
          "a backfill covers the past: end "
              + to
              + " is in the future (now "
              + clock.instant()
              + "); use trigger to run now");
    }
    if (Duration.between(from, to).compareTo(MAX_BACKFILL) > 0) {
      throw bad("a backfill may span at most " + MAX_BACKFILL.toDays() + " days per request");
    }
    requireSchedules(schedule, "backfill");
    return change(id, handle -> handle.backfill(List.of(new ScheduleBackfill(from, to, policy))));
  }

  private ScheduleView change(String id, Consumer<ScheduleHandle> action) {
    MaintenanceSchedule schedule = known(id);
    requireSchedules(schedule, "this");
    try {
      action.accept(scheduleClient.getHandle(schedule.id()));
    } catch (RuntimeException e) {
      throw translate(schedule, e);
    }
    return view(schedule);
  }

  private void requireSchedules(MaintenanceSchedule schedule, String what) {
    if (registrar.mode() != Mode.SCHEDULES) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "No Schedules API",
          "this Temporal server has no Schedules API (the SDK's in-process server), so "
              + schedule.id()
              + " runs as a cron workflow and "
              + what
              + " action needs a Temporal server (temporal server start-dev or a cluster)");
    }
  }

  private MaintenanceSchedule known(String id) {
    return declared
        .find(id)
        .orElseThrow(
            () ->
                ApiProblem.notFound(
                    "no schedule '"
                        + id
                        + "'; the schedules are "
                        + declared.all().stream().map(MaintenanceSchedule::id).toList()));
  }

  private ScheduleView view(MaintenanceSchedule schedule) {
    if (registrar.mode() == Mode.CRON_FALLBACK) {
      return cronView(schedule);
    }
    ScheduleDescription description;
    try {
      description = scheduleClient.getHandle(schedule.id()).describe();
    } catch (RuntimeException e) {
      throw translate(schedule, e);
    }
    var info = description.getInfo();
    var state = description.getSchedule().getState();
    return new ScheduleView(
        schedule.id(),
        schedule.workflowType(),
        schedule.cron(),
        "UTC",
        schedule.description(),
        "schedule",
        state.isPaused(),
        state.getNote(),
        info.getNextActionTimes().stream().limit(5).toList(),
        info.getRecentActions().stream().map(Schedules::run).toList(),
        info.getRunningActions().stream()
            .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
            .toList(),
        info.getNumActions(),
        info.getNumActionsSkippedOverlap(),
        info.getNumActionsMissedCatchupWindow());
  }

  private ScheduleView cronView(MaintenanceSchedule schedule) {
    List<String> running = List.of();
    try {
      var described =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                              .setWorkflowId(schedule.id()))
                      .build());
      if (described.getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        running = List.of(schedule.id());
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
    return new ScheduleView(
        schedule.id(),
        schedule.workflowType(),
        schedule.cron(),
        "UTC",
        schedule.description(),
        "cron",
        null,
        running.isEmpty()
            ? "not registered (SCHEDULES_REGISTER=false?)"
            : "cron workflow: this Temporal server has no Schedules API",
        List.of(),
        List.of(),
        running,
        null,
        null,
        null);
  }

  private static Run run(ScheduleActionResult result) {
    var action = (ScheduleActionExecutionStartWorkflow) result.getAction();
    return new Run(
        result.getScheduledAt(),
        result.getStartedAt(),
        action.getWorkflowId(),
        action.getFirstExecutionRunId());
  }

  private static RuntimeException translate(MaintenanceSchedule schedule, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return ApiProblem.notFound(
            "schedule '"
                + schedule.id()
                + "' is not registered on the Temporal server yet (the app registers it at"
                + " start-up unless SCHEDULES_REGISTER=false)");
      }
    }
    return e;
  }

  private static String note(String note, String fallback) {
    if (note == null || note.isBlank()) {
      return fallback + " through the API";
    }
    String stripped = note.strip();
    if (stripped.length() > 500) {
      throw bad("note is longer than 500 characters");
    }
    return stripped;
  }

  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      throw bad(field + " is required, an ISO-8601 instant such as 2026-11-20T00:00:00Z");
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw bad(
          field
              + " '"
              + value
              + "' is not an ISO-8601 instant; write it like 2026-11-20T00:00:00Z");
    }
  }

  private static ScheduleOverlapPolicy overlap(String value) {
    if (value == null || value.isBlank()) {
      return ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "allow_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
      case "buffer_all" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL;
      case "skip" -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
      default -> throw bad("overlap must be allow_all, buffer_all or skip, not '" + value + "'");
    };
  }

  private static ApiProblem bad(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad schedule request", detail);
  }
}
