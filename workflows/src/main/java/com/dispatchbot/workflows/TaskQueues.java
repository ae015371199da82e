package com.dispatchbot.workflows;

/**
 * The one place task-queue names live. application.yaml registers workers under the same names (a
 * test checks that they agree).
 */
public final class TaskQueues {
  /** Conversation workflows (and their local activities). */
  public static final String CONVERSATIONS = "dispatch-conversations";

  /** Intent classification and rule-based answers: CPU-bound, in-process. */
  public static final String NLU = "dispatch-nlu";

  /**
   * Calls to LLM providers. This worker's concurrency is MAX_CONCURRENT_REQUESTS and its
   * activities-per-second limit is LLM_RATE_LIMIT: the runbooks' request queue is this queue.
   */
  public static final String LLM = "dispatch-llm";

  /** Geocoding: calls to Google Maps / Nominatim, rate-limited by their terms. */
  public static final String GEO = "dispatch-geo";

  /** Writes to the system of record (Postgres): conversations, calendars, appointments. */
  public static final String STORE = "dispatch-store";

  /** Knowledge retrieval and index maintenance: embeddings and vector-store calls. */
  public static final String KNOWLEDGE = "dispatch-knowledge";

  /** Maintenance workflows (reindex; later backup, archival, cost reports). */
  public static final String MAINTENANCE = "dispatch-maintenance";

  private TaskQueues() {}
}
