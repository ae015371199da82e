package com.dispatchbot.workflows.tools;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The tools a model may call in a turn (check availability, book, reschedule, cancel, find
 * appointments, business hours, knowledge lookup). Each call the model asks for is one {@code
 * runTool} activity, so it is retried, timed and visible in the history on its own.
 *
 * <p>What the model got wrong comes back as {@code ok=false} with an {@code error} it can act on;
 * the activity fails (and Temporal retries it) only when something it needs is down for now (the
 * database, a geocoder, the knowledge store), with type {@link #TOOL_UNAVAILABLE}. A retried or
 * replayed call with the same (workflow id, turn, call id) returns the first completed outcome
 * without running the tool again.
 */
@ActivityInterface
public interface ToolActivities {

  /** Failure type (retryable) when a dependency of the tool is down for now. */
  String TOOL_UNAVAILABLE = "ToolUnavailable";

  /**
   * @param callId the model's id for this call (unique within the turn)
   * @param argumentsJson as the model sent it
   */
  record ToolCall(
      String tenantId,
      String workflowId,
      int turn,
      String callId,
      String name,
      String argumentsJson) {}

  /**
   * ok=false: the model gets {@code error} back and may correct itself (unknown tool, bad
   * arguments, no slot...). {@code resultJson} may still carry what helps it (e.g. other windows
   * when the chosen one was taken).
   */
  record ToolOutcome(
      String callId,
      String name,
      boolean ok,
      String resultJson,
      String error,
      long durationMillis) {}

  @ActivityMethod
  ToolOutcome runTool(ToolCall call);
}
