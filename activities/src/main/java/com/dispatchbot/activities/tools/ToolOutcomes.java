package com.dispatchbot.activities.tools;

/**
 * The {@code outcome} of a tool execution, as logged in {@code tool_executions} and tagged on the
 * {@code dispatch.tool.latency} timer. Only {@link #OK} counts as a success.
 */
public final class ToolOutcomes {
  /** Done; the result is the model's. */
  public static final String OK = "ok";

  /** The arguments were missing, malformed or impossible; the error says which. */
  public static final String INVALID_ARGUMENTS = "invalid_arguments";

  /** The model asked for a tool that does not exist. */
  public static final String UNKNOWN_TOOL = "unknown_tool";

  /** An appointment (or what else the arguments named) is not this business's. */
  public static final String NOT_FOUND = "not_found";

  /** The business cannot do it: the window was taken, the address is outside its area. */
  public static final String UNAVAILABLE = "unavailable";

  /** The tool failed for good (a bug, an index that must be rebuilt); the model is told so. */
  public static final String FAILED = "failed";

  /**
   * Something the tool needs was down (database, geocoder, knowledge store): the activity failed
   * and Temporal retries it; the row says so until an attempt completes.
   */
  public static final String ERROR = "error";

  private ToolOutcomes() {}
}
