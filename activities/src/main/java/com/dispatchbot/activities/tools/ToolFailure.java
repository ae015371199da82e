package com.dispatchbot.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call that cannot be served as sent: the model gets ok=false with this message (and, when
 * there is one, a result that helps it go on, e.g. the windows still free). Never retried: sending
 * the same arguments again would fail the same way.
 */
public final class ToolFailure extends RuntimeException {
  private final String outcome;
  private final transient JsonNode result;

  private ToolFailure(String outcome, String message, JsonNode result) {
    super(message, null, false, false);
    this.outcome = outcome;
    this.result = result;
  }

  /** A missing, malformed or impossible argument; the message names it and what would work. */
  public static ToolFailure invalidArguments(String message) {
    return new ToolFailure(ToolOutcomes.INVALID_ARGUMENTS, message, null);
  }

  /** What the arguments point at does not exist for this business. */
  public static ToolFailure notFound(String message) {
    return new ToolFailure(ToolOutcomes.NOT_FOUND, message, null);
  }

  /** The business cannot do it (window taken, address outside its area, job already done). */
  public static ToolFailure unavailable(String message, JsonNode result) {
    return new ToolFailure(ToolOutcomes.UNAVAILABLE, message, result);
  }

  /** One of {@link ToolOutcomes}. */
  public String outcome() {
    return outcome;
  }

  /** What the model may still use, or null. */
  public JsonNode result() {
    return result;
  }
}
