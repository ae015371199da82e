package com.dispatchbot.workflows;

import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmTarget;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Every activity's timeouts and retries, in one place, each with the reason for it. */
public final class ActivityPresets {
  private ActivityPresets() {}

  /**
   * In-process classification and rule-based answers. A failure here is a bug or an overloaded
   * worker, so retry briefly; the conversation degrades gracefully when it still fails.
   */
  public static ActivityOptions nlu() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.NLU)
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(2))
                .setMaximumAttempts(4)
                .build())
        .build();
  }

  /**
   * The response cache: a lookup embeds one sentence and reads a few rows. A slow or failing cache
   * is a miss, so two quick tries at most.
   */
  public static ActivityOptions cache() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.NLU)
        .setStartToCloseTimeout(Duration.ofSeconds(5))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setMaximumAttempts(2)
                .build())
        .build();
  }

  /**
   * A tool the model called (availability, booking, hours, knowledge...). Writes are idempotent per
   * (workflow, turn, call id), so retries are safe; a tool that stays down for a minute comes back
   * to the model as an error it can explain to the caller.
   */
  public static ActivityOptions tools(String tool) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.STORE)
        .setSummary("runTool " + tool)
        // the first knowledge lookup on a cold worker loads the embedding model
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofSeconds(60))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(500))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(5))
                .setMaximumAttempts(5)
                .build())
        .build();
  }

  /**
   * The system of record must get every message: retry without limit, so a database restart delays
   * a turn instead of losing it. Inserts are idempotent, so retries are safe.
   */
  public static ActivityOptions store() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.STORE)
        .setStartToCloseTimeout(Duration.ofSeconds(15))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(500))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(30))
                .build())
        .build();
  }

  /**
   * One model of the fallback chain. Retries transient failures (429 after its Retry-After, 5xx,
   * timeouts) with exponential backoff; a request the provider refuses for good moves on to the
   * next target at once.
   */
  public static ActivityOptions llm(LlmRoute route, LlmTarget target) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.LLM)
        .setStartToCloseTimeout(route.callTimeout().plusSeconds(5))
        .setSummary("callLlm " + target.provider() + "/" + target.model())
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(route.initialRetryInterval())
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(60))
                .setMaximumAttempts(route.maxAttempts())
                .setDoNotRetry(LlmFailures.NON_RETRYABLE.toArray(String[]::new))
                .build())
        .build();
  }

  /**
   * Geocoding. Providers fail transiently (quota, 5xx): retry a few times, then the dialogue asks
   * the caller for the address again. An address no geocoder can place is final.
   */
  public static ActivityOptions geo() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.GEO)
        .setStartToCloseTimeout(Duration.ofSeconds(20))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(10))
                .setMaximumAttempts(4)
                .setDoNotRetry(com.dispatchbot.workflows.geo.GeoActivities.ADDRESS_NOT_FOUND)
                .build())
        .build();
  }

  /**
   * Knowledge retrieval inside a conversation turn: an embedding and a search, well under a second.
   * Retry briefly; the turn answers without the knowledge base when it still fails.
   */
  public static ActivityOptions knowledge() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.KNOWLEDGE)
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofSeconds(2))
                .setMaximumAttempts(3)
                .build())
        .build();
  }

  /**
   * Short index operations of a reindex (create, verify, move the alias). The store may be down for
   * a while (an OpenSearch restart): keep retrying for up to an hour rather than fail the rebuild.
   */
  public static ActivityOptions knowledgeAdmin() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.KNOWLEDGE)
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setScheduleToCloseTimeout(Duration.ofHours(1))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .build())
        .build();
  }

  /**
   * Embedding a whole knowledge base can take minutes. The activity heartbeats after every batch,
   * so a dead worker is noticed within the heartbeat timeout and the retry resumes where the
   * checksums say it stopped, instead of starting over.
   */
  public static ActivityOptions knowledgeSync() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.KNOWLEDGE)
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(Duration.ofSeconds(30))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(2))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(1))
                .setMaximumAttempts(20)
                .build())
        .build();
  }

  /**
   * Maintenance steps (dumps, archival, reports): minutes of SQL or pg_dump that heartbeat as they
   * go, so a dead worker is noticed within a minute and the step resumes elsewhere. Retried for a
   * while (the database may be restarting); a {@code MaintenanceRejected} failure (corrupt file,
   * bad range) is final.
   */
  public static ActivityOptions maintenance() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MAINTENANCE)
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(Duration.ofSeconds(60))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(5))
                .setBackoffCoefficient(2.0)
                .setMaximumInterval(Duration.ofMinutes(2))
                .setMaximumAttempts(10)
                .setDoNotRetry(MAINTENANCE_REJECTED)
                .build())
        .build();
  }

  /** Failure type of a maintenance step that cannot succeed on retry. */
  public static final String MAINTENANCE_REJECTED = "MaintenanceRejected";

  /** Reading the worker's own configuration: local, fast, and retried a few times. */
  public static LocalActivityOptions localConfig() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(5))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
        .build();
  }

  /**
   * Handoff rows and posted messages live in the system of record: like {@link #store()}, retried
   * without limit so a database restart delays an operator's message instead of losing it.
   */
  public static ActivityOptions handoff() {
    return ActivityOptions.newBuilder(store()).setSummary("routeToHuman").build();
  }

  /**
   * A tenant's webhook is someone else's server: a few tries over about a minute, then the handoff
   * stays in the console alone (the webhook is a convenience, the console the record).
   */
  public static ActivityOptions webhook() {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.STORE)
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setSummary("notify handoff webhook")
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(3.0)
                .setMaximumInterval(Duration.ofSeconds(30))
                .setMaximumAttempts(5)
                .setDoNotRetry("WebhookRejected")
                .build())
        .build();
  }

  /**
   * Guardrails are pure CPU in the conversation worker's process: a failure is a bug, so two quick
   * tries; the workflow then treats the message as unscreened text that never reaches a model.
   */
  /**
   * Intent and slots as local activities on the conversation worker (the live path): in-process
   * work of a few milliseconds, so a queue round trip would cost more than the work. The intent's
   * LLM second opinion (NLU_LLM_TIMEOUT, 5 s) fits in the timeout; a failure degrades the turn as
   * before.
   */
  public static LocalActivityOptions localNlu() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(100))
                .setBackoffCoefficient(2.0)
                .setMaximumAttempts(3)
                .build())
        .build();
  }

  /** Knowledge retrieval on the live path (embedding + search in the worker's store). */
  public static LocalActivityOptions localKnowledge() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(15))
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2.0)
                .setMaximumAttempts(3)
                .build())
        .build();
  }

  public static LocalActivityOptions guardrails() {
    return LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(2))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
        .build();
  }
}
