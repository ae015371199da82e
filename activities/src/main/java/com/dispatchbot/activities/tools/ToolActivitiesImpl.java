package com.dispatchbot.activities.tools;

import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.dispatchbot.activities.knowledge.KnowledgeActivitiesImpl;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.tools.ToolActivities;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * {@code runTool}: one tool call of the model, for the call's tenant.
 *
 * <ul>
 *   <li>A call whose row already holds a completed outcome (a retried activity, a replayed
 *       workflow) answers with that outcome and runs nothing; the row counts the attempt.
 *   <li>An unknown tool, arguments that are not a JSON object, or arguments the tool refuses are
 *       answered ok=false with a reason the model can act on; so are business refusals (window
 *       taken, address outside the area) and failures that retrying cannot fix.
 *   <li>Only transient failures (database, geocoder, knowledge store down) fail the activity, as
 *       retryable {@link ToolActivities#TOOL_UNAVAILABLE}, so Temporal retries it.
 * </ul>
 *
 * Each execution is written to {@code tool_executions} (arguments redacted; one row per call id,
 * upserted, counting attempts) and timed as {@code dispatch.tool.latency} by tool and outcome.
 */
@Component("toolActivities")
public class ToolActivitiesImpl implements ToolActivities {
  private static final Logger log = LoggerFactory.getLogger(ToolActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PiiRedactor REDACTOR = new PiiRedactor();
  private static final int MAX_NAME = 64;
  private static final int MAX_ERROR = 2_000;

  /** The tool tag of calls to tools that do not exist (a model's invention is no tag value). */
  static final String UNKNOWN_TAG = "unknown";

  private final ToolRegistry registry;
  private final TenantLookup tenants;
  private final ToolExecutionLog executions;
  private final Supplier<MeterRegistry> meters;
  private final Clock clock;
  private final IntSupplier attempt;

  /** Finds a tenant's profile (TenantDirectory in the app). */
  @FunctionalInterface
  interface TenantLookup {
    Optional<TenantProfile> find(String tenantId);
  }

  @Autowired
  public ToolActivitiesImpl(
      ToolRegistry registry,
      com.dispatchbot.activities.tenant.TenantDirectory tenants,
      ToolExecutionLog executions,
      ObjectProvider<MeterRegistry> meters) {
    this(
        registry,
        tenants::find,
        executions,
        meters::getIfAvailable,
        Clock.systemUTC(),
        ToolActivitiesImpl::currentAttempt);
  }

  ToolActivitiesImpl(
      ToolRegistry registry,
      TenantLookup tenants,
      ToolExecutionLog executions,
      Supplier<MeterRegistry> meters,
      Clock clock,
      IntSupplier attempt) {
    this.registry = registry;
    this.tenants = tenants;
    this.executions = executions;
    this.meters = meters;
    this.clock = clock;
    this.attempt = attempt;
  }

  @Override
  public ToolOutcome runTool(ToolCall call) {
    String callId = call.callId();
    if (blank(call.tenantId()) || blank(call.workflowId()) || blank(callId)) {
      log.warn("a tool call without tenant, workflow or call id: {}", call.name());
      return new ToolOutcome(
          callId, call.name(), false, null, "The tool call was malformed; it was not run.", 0);
    }
    String tool = logName(call.name());
    String arguments = ArgumentRedactor.redact(call.argumentsJson());
    Optional<ToolExecutionLog.Completed> done =
        executions.completed(call.tenantId(), call.workflowId(), call.turn(), callId);
    if (done.isPresent()) {
      ToolExecutionLog.Completed c = done.get();
      if (!c.tool().equals(tool) || !sameJson(c.argumentsJson(), arguments)) {
        // not a retry: the workflow reused a call id within the turn; running it would answer
        // with (or write under the idempotency key of) the other call
        log.warn("call id {} of turn {} reused for another call of {}", callId, call.turn(), tool);
        return new ToolOutcome(
            callId,
            call.name(),
            false,
            null,
            "This call id was already used in this turn for another call; the tool was not run.",
            0);
      }
      executions.countAttempt(
          call.tenantId(), call.workflowId(), call.turn(), callId, attempt.getAsInt());
      return new ToolOutcome(
          callId,
          call.name(),
          ToolOutcomes.OK.equals(c.outcome()),
          c.resultJson(),
          c.error(),
          c.durationMillis());
    }
    long started = System.nanoTime();
    Result result;
    try {
      result = execute(call);
    } catch (RuntimeException transientFailure) {
      long millis = millisSince(started);
      String reason = reason(transientFailure);
      try {
        record(call, tool, arguments, ToolOutcomes.ERROR, null, reason, millis);
      } catch (RuntimeException alsoDown) {
        log.debug("tool execution not logged: {}", alsoDown.getMessage());
      }
      time(call.name(), ToolOutcomes.ERROR, millis);
      throw ApplicationFailure.newFailureWithCause(
          call.name() + " could not run now: " + reason, TOOL_UNAVAILABLE, transientFailure);
    }
    long millis = millisSince(started);
    // what a retry of this call will return: the result and error as stored
    String error = loggable(result.error());
    String stored = record(call, tool, arguments, result.outcome(), result.json(), error, millis);
    time(call.name(), result.outcome(), millis);
    return new ToolOutcome(
        callId, call.name(), ToolOutcomes.OK.equals(result.outcome()), stored, error, millis);
  }

  /** Runs the tool; throws only what Temporal should retry. */
  private Result execute(ToolCall call) {
    Optional<TenantProfile> tenant = tenants.find(call.tenantId());
    if (tenant.isEmpty()) {
      return Result.failed(
          ToolOutcomes.FAILED, "This business is not set up; the tool was not run.");
    }
    Optional<Tool> tool = registry.find(call.name());
    if (tool.isEmpty()) {
      return Result.failed(
          ToolOutcomes.UNKNOWN_TOOL,
          "There is no tool named '"
              + logName(call.name())
              + "'. The tools are: "
              + String.join(", ", registry.names())
              + ".");
    }
    JsonNode arguments;
    try {
      arguments =
          blank(call.argumentsJson())
              ? CalendarJson.NODES.objectNode()
              : JSON.readTree(call.argumentsJson());
    } catch (JsonProcessingException e) {
      return Result.failed(
          ToolOutcomes.INVALID_ARGUMENTS,
          "The arguments are not valid JSON; send one JSON object with the parameters of "
              + call.name()
              + ".");
    }
    if (arguments == null || !arguments.isObject()) {
      return Result.failed(
          ToolOutcomes.INVALID_ARGUMENTS,
          "The arguments must be one JSON object with the parameters of " + call.name() + ".");
    }
    ToolContext context =
        new ToolContext(
            tenant.get(), call.workflowId(), call.turn(), call.callId(), clock.instant());
    try {
      return Result.ok(json(tool.get().execute(context, arguments)));
    } catch (ToolFailure f) {
      return Result.failed(f.outcome(), f.getMessage(), json(f.result()));
    } catch (RuntimeException e) {
      if (isTransient(e)) {
        throw e;
      }
      if (e instanceof ApplicationFailure f) {
        return refused(call, f);
      }
      log.warn("tool {} failed for good", call.name(), e);
      return Result.failed(
          ToolOutcomes.FAILED,
          "The tool failed ("
              + e.getClass().getSimpleName()
              + "); tell the caller you could not"
              + " do it right now and offer to have a person follow up.");
    }
  }

  /** A collaborator's non-retryable failure, as the model should read it. */
  private static Result refused(ToolCall call, ApplicationFailure f) {
    String message = f.getOriginalMessage();
    String type = f.getType() == null ? "" : f.getType();
    return switch (type) {
      case BookingActivities.APPOINTMENT_NOT_FOUND ->
          Result.failed(
              ToolOutcomes.NOT_FOUND,
              message + " Call find_appointments with the caller's phone to get the right one.");
      case BookingActivities.INVALID_REQUEST, GeoActivities.ADDRESS_NOT_FOUND ->
          Result.failed(ToolOutcomes.INVALID_ARGUMENTS, message);
      case KnowledgeActivitiesImpl.INDEX_MISMATCH ->
          Result.failed(
              ToolOutcomes.FAILED,
              "The knowledge base is being rebuilt; answer without it and offer to have a person"
                  + " follow up.");
      default -> {
        log.warn("tool {} refused: {} {}", call.name(), type, message);
        yield Result.failed(
            ToolOutcomes.FAILED,
            call.name()
                + " could not be done ("
                + message
                + "); tell the caller and offer to have"
                + " a person follow up.");
      }
    };
  }

  private String record(
      ToolCall call,
      String tool,
      String arguments,
      String outcome,
      String resultJson,
      String error,
      long millis) {
    return executions.record(
        new ToolExecutionLog.Execution(
            call.tenantId(),
            call.workflowId(),
            call.turn(),
            call.callId(),
            tool,
            arguments,
            outcome,
            resultJson,
            loggable(error),
            millis,
            attempt.getAsInt()));
  }

  private void time(String name, String outcome, long millis) {
    MeterRegistry registry = meters.get();
    if (registry == null) {
      return;
    }
    Timer.builder("dispatch.tool.latency")
        .description("Time of one tool call the model asked for, by tool and outcome")
        .tags("tool", this.registry.find(name).isPresent() ? name : UNKNOWN_TAG, "outcome", outcome)
        .publishPercentileHistogram()
        .register(registry)
        .record(millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Failures that may heal by themselves: the database or a connection to it, a dependency's I/O,
   * and retryable Temporal failures of the activities a tool calls (a geocoder over its rate).
   */
  static boolean isTransient(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ApplicationFailure f) {
        return !f.isNonRetryable();
      }
      if (c instanceof TransientDataAccessException
          || c instanceof RecoverableDataAccessException
          || c instanceof DataAccessResourceFailureException
          || c instanceof SQLTransientException
          || c instanceof SQLRecoverableException
          || c instanceof IOException
          || c instanceof UncheckedIOException
          || c instanceof TimeoutException) {
        return true;
      }
      if (c instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // connection, transaction rollback (serialization, deadlock), resources, shutdown
        if (state.startsWith("08")
            || state.startsWith("40")
            || state.startsWith("53")
            || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  /** The tool's name as logged: as sent, cut to a column's worth. */
  private static String logName(String name) {
    if (name == null || name.isBlank()) {
      return "(none)";
    }
    String n = name.strip();
    return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
  }

  /** The same JSON value, whatever the key order and spacing (Postgres normalizes jsonb). */
  private static boolean sameJson(String a, String b) {
    try {
      return JSON.readTree(a).equals(JSON.readTree(b));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String json(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return truncate(REDACTOR.forModel(message), 300);
  }

  /** An error as it may be logged and replayed: redacted, at most {@value #MAX_ERROR} chars. */
  private static String loggable(String error) {
    return error == null ? null : truncate(REDACTOR.forModel(error), MAX_ERROR);
  }

  private static String truncate(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** This activity's attempt (1 for the first); outside an activity (test-tool) 1. */
  private static int currentAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (RuntimeException notInAnActivity) {
      return 1;
    }
  }

  /**
   * @param outcome one of {@link ToolOutcomes}
   * @param json the result as JSON text, or null
   */
  private record Result(String outcome, String json, String error) {
    static Result ok(String json) {
      return new Result(ToolOutcomes.OK, json, null);
    }

    static Result failed(String outcome, String error) {
      return new Result(outcome, null, error);
    }

    static Result failed(String outcome, String error, String json) {
      return new Result(outcome, json, error);
    }
  }
}
