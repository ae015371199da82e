package com.dispatchbot.api.conversation;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.config.DispatchProperties;
import com.dispatchbot.config.TemporalSearchAttributes;
import com.dispatchbot.workflows.DispatchSearchAttributes;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.conversation.ConversationIds;
import com.dispatchbot.workflows.conversation.ConversationRejections;
import com.dispatchbot.workflows.conversation.ConversationWorkflow;
import com.dispatchbot.workflows.conversation.Messages.Caller;
import com.dispatchbot.workflows.conversation.Messages.CallerMessage;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.EndConversation;
import com.dispatchbot.workflows.conversation.Messages.StartConversation;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Starts conversations and carries caller turns to them: the API's Temporal client.
 *
 * <p>Every call checks that the conversation is the tenant's own. The workflow id alone cannot
 * tell: {@code conv-<tenant>-<id>} reads the same for tenant {@code a}, id {@code b-x} and tenant
 * {@code a-b}, id {@code x}; so the owner is read from the {@code conversations} row (or, before
 * that row is written, from the workflow's state), and another tenant's conversation is a 404.
 */
@Component
public class Conversations {
  private final WorkflowClient client;
  private final TenantDirectory tenants;
  private final DispatchProperties properties;
  private final TemporalSearchAttributes searchAttributes;
  private final JdbcClient jdbc;

  /** Owner tenant and caller phone by workflow id, from the conversations table. */
  private final Cache<String, Row> rows =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMinutes(10)).build();

  private record Row(String tenantId, String callerPhone) {}

  Conversations(
      WorkflowClient client,
      TenantDirectory tenants,
      DispatchProperties properties,
      TemporalSearchAttributes searchAttributes,
      JdbcClient jdbc) {
    this.client = client;
    this.tenants = tenants;
    this.properties = properties;
    this.searchAttributes = searchAttributes;
    this.jdbc = jdbc;
  }

  public record Started(String conversationId, String workflowId, boolean created) {}

  /** Starts a conversation, or finds the one already started under the same id. */
  public Started start(String tenantId, String conversationId, String channel, Caller caller) {
    requireTenant(tenantId);
    String id = conversationId == null ? UUID.randomUUID().toString() : conversationId;
    String workflowId = ConversationIds.workflowId(tenantId, id);
    boolean indexed = searchAttributes.available();
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.CONVERSATIONS)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setStaticSummary(channel + " conversation for " + tenantId);
    if (indexed) {
      options.setTypedSearchAttributes(
          SearchAttributes.newBuilder()
              .set(DispatchSearchAttributes.TENANT, tenantId)
              .set(DispatchSearchAttributes.CHANNEL, channel)
              .build());
    }
    ConversationWorkflow workflow =
        client.newWorkflowStub(ConversationWorkflow.class, options.build());
    try {
      WorkflowClient.start(
          workflow::run,
          new StartConversation(
              tenantId, id, channel, caller, properties.conversationSettings(indexed), null));
      return new Started(id, workflowId, true);
    } catch (WorkflowExecutionAlreadyStarted existing) {
      String owner = owner(workflowId);
      if (owner != null && !owner.equals(tenantId)) {
        throw new ApiProblem(
            HttpStatus.CONFLICT,
            "Conversation id taken",
            "the conversation id '" + id + "' cannot be used; choose another one");
      }
      return new Started(id, workflowId, false);
    }
  }

  /**
   * Sends a caller turn and waits for the reply up to REPLY_TIMEOUT. Empty when the reply is still
   * being produced: the turn is durable and its reply will appear in the transcript.
   *
   * @param idempotencyKey a client's retry with the same key gets the same turn, not a second one
   */
  public Optional<TurnReply> send(
      String tenantId, String conversationId, String text, String idempotencyKey) {
    try {
      var handle = startTurn(tenantId, conversationId, text, idempotencyKey, false);
      return Optional.of(
          handle.getResultAsync(properties.replyTimeout().toMillis(), TimeUnit.MILLISECONDS).get());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TimeoutException
          || cause instanceof WorkflowUpdateTimeoutOrCancelledException) {
        return Optional.empty();
      }
      if (cause instanceof WorkflowNotFoundException) {
        throw conversationClosedOrMissing(tenantId, conversationId);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Starts a caller turn and returns once the workflow accepted it (a refusal, e.g. a closed
   * conversation, is an ApiProblem here). The update id is the message id: the client's
   * Idempotency-Key, or a new one.
   *
   * @param streamed the model's tokens are published on {@link #streamId} as they come
   */
  public WorkflowUpdateHandle<TurnReply> startTurn(
      String tenantId, String conversationId, String text, String messageId, boolean streamed) {
    requireTenant(tenantId);
    checkText(text);
    String workflowId = workflowId(tenantId, conversationId);
    requireOwner(tenantId, conversationId, workflowId);
    String updateId =
        messageId == null || messageId.isBlank() ? UUID.randomUUID().toString() : messageId;
    UpdateOptions<TurnReply> update =
        UpdateOptions.newBuilder(TurnReply.class)
            .setUpdateName("sendMessage")
            .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
            .setUpdateId(updateId)
            .build();
    try {
      return client
          .newUntypedWorkflowStub(workflowId)
          .startUpdate(
              update, new CallerMessage(text, streamed ? streamId(workflowId, updateId) : null));
    } catch (WorkflowNotFoundException e) {
      throw conversationClosedOrMissing(tenantId, conversationId);
    }
  }

  /** The turn's update, to wait for its reply again (a streaming client that reconnected). */
  public WorkflowUpdateHandle<TurnReply> turn(
      String tenantId, String conversationId, String messageId) {
    requireTenant(tenantId);
    String workflowId = workflowId(tenantId, conversationId);
    if (!tenantId.equals(owner(workflowId))) {
      throw conversationNotFound(conversationId);
    }
    return client.newUntypedWorkflowStub(workflowId).getUpdateHandle(messageId, TurnReply.class);
  }

  /** Where a turn's tokens are published: unique per conversation and message. */
  public static String streamId(String workflowId, String messageId) {
    return workflowId + "/" + messageId;
  }

  public Duration replyTimeout() {
    return properties.replyTimeout();
  }

  /** Fire-and-forget turn (SMS): the reply is stored with the conversation. */
  public void deliver(String tenantId, String conversationId, String text) {
    requireTenant(tenantId);
    checkText(text);
    String workflowId = workflowId(tenantId, conversationId);
    requireOwner(tenantId, conversationId, workflowId);
    try {
      client
          .newWorkflowStub(ConversationWorkflow.class, workflowId)
          .receiveMessage(new CallerMessage(text));
    } catch (WorkflowNotFoundException e) {
      throw conversationClosedOrMissing(tenantId, conversationId);
    }
  }

  /** The live state, when the workflow is there and the tenant's. */
  public Optional<ConversationState> state(String tenantId, String conversationId) {
    requireTenant(tenantId);
    try {
      ConversationState state =
          client
              .newWorkflowStub(ConversationWorkflow.class, workflowId(tenantId, conversationId))
              .state();
      return tenantId.equals(state.tenantId()) ? Optional.of(state) : Optional.empty();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  public void end(String tenantId, String conversationId, String reason) {
    requireTenant(tenantId);
    String workflowId = workflowId(tenantId, conversationId);
    requireOwner(tenantId, conversationId, workflowId);
    try {
      client
          .newWorkflowStub(ConversationWorkflow.class, workflowId)
          .end(new EndConversation(reason));
    } catch (WorkflowNotFoundException e) {
      throw conversationClosedOrMissing(tenantId, conversationId);
    }
  }

  public String workflowId(String tenantId, String conversationId) {
    if (!ConversationIds.CONVERSATION_ID.matcher(conversationId).matches()) {
      throw conversationNotFound(conversationId);
    }
    return ConversationIds.workflowId(tenantId, conversationId);
  }

  /** The caller's phone of the tenant's conversation, when the conversation has one. */
  public Optional<String> callerPhone(String tenantId, String conversationId) {
    Row row = row(workflowId(tenantId, conversationId));
    return row != null && row.tenantId().equals(tenantId)
        ? Optional.ofNullable(row.callerPhone())
        : Optional.empty();
  }

  /** 404 when the workflow id is another tenant's conversation. */
  private void requireOwner(String tenantId, String conversationId, String workflowId) {
    String owner = owner(workflowId);
    if (owner != null && !owner.equals(tenantId)) {
      throw conversationNotFound(conversationId);
    }
  }

  /** The tenant of a conversation's workflow; null when there is no such conversation. */
  private String owner(String workflowId) {
    Row row = row(workflowId);
    if (row != null) {
      return row.tenantId();
    }
    try {
      // started a moment ago: its row is not written yet, but the workflow knows its tenant
      return client.newWorkflowStub(ConversationWorkflow.class, workflowId).state().tenantId();
    } catch (WorkflowNotFoundException | io.temporal.client.WorkflowQueryException e) {
      return null;
    }
  }

  private Row row(String workflowId) {
    Row cached = rows.getIfPresent(workflowId);
    if (cached != null) {
      return cached;
    }
    Row found =
        jdbc.sql("select tenant_id, caller_phone from conversations where workflow_id = ?")
            .param(workflowId)
            .query((rs, n) -> new Row(rs.getString(1), rs.getString(2)))
            .optional()
            .orElse(null);
    if (found != null) {
      rows.put(workflowId, found);
    }
    return found;
  }

  void requireTenant(String tenantId) {
    if (tenantId == null
        || !ConversationIds.TENANT_ID.matcher(tenantId).matches()
        || !tenants.exists(tenantId)) {
      throw ApiProblem.notFound("unknown tenant '" + tenantId + "'");
    }
  }

  /** The same limits as the workflow's validator, checked before anything is sent. */
  static void checkText(String text) {
    if (text == null || text.isBlank()) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          ConversationRejections.EMPTY_MESSAGE.name(),
          "the message has no text");
    }
    if (text.length() > ConversationRejections.MAX_MESSAGE_CHARS) {
      throw new ApiProblem(
          HttpStatus.CONTENT_TOO_LARGE,
          ConversationRejections.MESSAGE_TOO_LONG.name(),
          "the message has "
              + text.length()
              + " characters; the limit is "
              + ConversationRejections.MAX_MESSAGE_CHARS);
    }
  }

  private ApiProblem conversationClosedOrMissing(String tenantId, String conversationId) {
    return state(tenantId, conversationId).isPresent()
        ? closed()
        : conversationNotFound(conversationId);
  }

  private static ApiProblem closed() {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        ConversationRejections.CONVERSATION_CLOSED.name(),
        "the conversation has ended");
  }

  private static ApiProblem conversationNotFound(String conversationId) {
    return ApiProblem.notFound("no conversation '" + conversationId + "'");
  }
}
