package com.dispatchbot.schedules;

import com.dispatchbot.workflows.TaskQueues;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the maintenance schedules at start-up, idempotently: the same ids every time, a schedule
 * that exists is updated to the declared spec and action (keeping the paused state and note an
 * operator gave it). On a server without the Schedules API (the SDK's in-process server) each
 * schedule becomes a cron workflow with the schedule's id; a changed cron restarts it. A Temporal
 * server that is not up yet is tried again every 30 seconds.
 */
@Component
public class ScheduleRegistrar implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRegistrar.class);

  /** Whether the server has the Schedules API, as found at registration. */
  public enum Mode {
    UNKNOWN,
    SCHEDULES,
    CRON_FALLBACK
  }

  private final WorkflowClient client;
  private final ScheduleClient schedules;
  private final MaintenanceSchedules declared;
  private final ScheduleProperties properties;
  private volatile Mode mode = Mode.UNKNOWN;
  private ScheduledExecutorService retry;

  public ScheduleRegistrar(
      WorkflowClient client,
      ScheduleClient schedules,
      MaintenanceSchedules declared,
      ScheduleProperties properties) {
    this.client = client;
    this.schedules = schedules;
    this.declared = declared;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!properties.register()) {
      log.info("schedules: registration is off (SCHEDULES_REGISTER=false)");
      return;
    }
    if (!tryRegister()) {
      retry =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "schedule-registrar");
                thread.setDaemon(true);
                return thread;
              });
      retry.scheduleWithFixedDelay(
          () -> {
            if (tryRegister()) {
              retry.shutdown();
            }
          },
          30,
          30,
          TimeUnit.SECONDS);
    }
  }

  public Mode mode() {
    if (mode == Mode.UNKNOWN) {
      mode = probe();
    }
    return mode;
  }

  private boolean tryRegister() {
    try {
      register();
      return true;
    } catch (RuntimeException e) {
      log.warn("schedules: could not register yet (retrying in 30 s): {}", e.toString());
      return false;
    }
  }

  /** Creates or updates every declared schedule; returns the mode used. */
  public Mode register() {
    Mode found = probe();
    mode = found;
    int created = 0;
    int updated = 0;
    for (MaintenanceSchedule schedule : declared.all()) {
      boolean isNew =
          found == Mode.SCHEDULES ? createOrUpdate(schedule) : startOrRestartCron(schedule);
      if (isNew) {
        created++;
      } else {
        updated++;
      }
    }
    log.info(
        "schedules: {} created, {} brought up to date ({})",
        created,
        updated,
        found == Mode.SCHEDULES ? "Temporal Schedules" : "cron workflows: no Schedules API");
    return found;
  }

  private Mode probe() {
    try {
      schedules.listSchedules(1).findFirst();
      return Mode.SCHEDULES;
    } catch (RuntimeException e) {
      if (isUnimplemented(e)) {
        return Mode.CRON_FALLBACK;
      }
      throw e;
    }
  }

  static boolean isUnimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  /** The schedule as declared, with the given state. */
  static Schedule toSchedule(MaintenanceSchedule schedule, ScheduleState state) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(schedule.workflowType())
                .setArguments(schedule.argument())
                .setOptions(runOptions(schedule).build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(schedule.cron()))
                .setTimeZoneName("UTC")
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                // a run still going when the next is due: the next one is skipped, not queued
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(schedule.catchupWindow())
                .setPauseOnFailure(false)
                .build())
        .setState(state)
        .build();
  }

  static WorkflowOptions.Builder runOptions(MaintenanceSchedule schedule) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(schedule.id())
        .setTaskQueue(TaskQueues.MAINTENANCE)
        // No static summary: the 1.38 SDK cannot describe a schedule whose action has one
        // (it parses the empty details payload the server sends back as JSON and fails).
        .setWorkflowExecutionTimeout(schedule.executionTimeout());
  }

  /** True when the schedule was created now. */
  private boolean createOrUpdate(MaintenanceSchedule schedule) {
    ScheduleState initial =
        ScheduleState.newBuilder()
            .setPaused(properties.initiallyPaused())
            .setNote(
                properties.initiallyPaused() ? "created paused (SCHEDULES_INITIALLY_PAUSED)" : "")
            .build();
    try {
      schedules.createSchedule(
          schedule.id(), toSchedule(schedule, initial), ScheduleOptions.newBuilder().build());
      log.info(
          "schedule {} created: {} at '{}' UTC",
          schedule.id(),
          schedule.workflowType(),
          schedule.cron());
      return true;
    } catch (ScheduleAlreadyRunningException exists) {
      ScheduleHandle handle = schedules.getHandle(schedule.id());
      handle.update(
          input ->
              new ScheduleUpdate(
                  toSchedule(schedule, input.getDescription().getSchedule().getState())));
      return false;
    }
  }

  /** True when the cron workflow was started now (first time, or its cron changed). */
  private boolean startOrRestartCron(MaintenanceSchedule schedule) {
    // No execution timeout: on a cron workflow it would bound the whole chain of runs.
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(schedule.id())
            .setTaskQueue(TaskQueues.MAINTENANCE)
            .setStaticSummary(schedule.description())
            .setCronSchedule(schedule.cron())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .build();
    try {
      client.newUntypedWorkflowStub(schedule.workflowType(), options).start(schedule.argument());
      log.info("cron workflow {} started: '{}' UTC", schedule.id(), schedule.cron());
      return true;
    } catch (WorkflowExecutionAlreadyStarted running) {
      String current = currentCron(running.getExecution());
      if (schedule.cron().equals(current)) {
        return false;
      }
      log.info(
          "cron workflow {}: cron changed from '{}' to '{}', restarting",
          schedule.id(),
          current,
          schedule.cron());
      WorkflowStub stub = client.newUntypedWorkflowStub(schedule.id());
      stub.terminate("schedule changed to '" + schedule.cron() + "'");
      client.newUntypedWorkflowStub(schedule.workflowType(), options).start(schedule.argument());
      return true;
    }
  }

  /** The cron a running cron workflow was started with (its first history event says). */
  String currentCron(WorkflowExecution execution) {
    HistoryEvent first =
        client
            .fetchHistory(execution.getWorkflowId(), execution.getRunId())
            .getHistory()
            .getEvents(0);
    return first.getWorkflowExecutionStartedEventAttributes().getCronSchedule();
  }
}
