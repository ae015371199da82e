package com.dispatchbot.api.conversation;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.conversation.ConversationApi.ConversationView;
import com.dispatchbot.api.conversation.ConversationApi.EndRequest;
import com.dispatchbot.api.conversation.ConversationApi.MessageRequest;
import com.dispatchbot.api.conversation.ConversationApi.Pending;
import com.dispatchbot.api.conversation.ConversationApi.StartRequest;
import com.dispatchbot.api.conversation.ConversationApi.Started;
import com.dispatchbot.config.DispatchProperties;
import com.dispatchbot.workflows.conversation.Messages.Caller;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Conversations for gateways and widgets. A conversation id is scoped to its tenant: calls that
 * name a conversation say whose it is with the {@code X-Tenant-Id} header (default: the default
 * tenant). Per-tenant API keys will carry the tenant instead.
 */
@RestController
@RequestMapping("/v1/conversations")
class ConversationController {
  static final String TENANT_HEADER = DispatchProperties.TENANT_HEADER;

  private final Conversations conversations;
  private final Transcripts transcripts;
  private final DispatchProperties properties;

  ConversationController(
      Conversations conversations, Transcripts transcripts, DispatchProperties properties) {
    this.conversations = conversations;
    this.transcripts = transcripts;
    this.properties = properties;
  }

  @Operation(
      summary =
          "Start a conversation (or find the one with the same id), optionally with a first message")
  @PostMapping
  ResponseEntity<Started> start(
      @Valid @RequestBody StartRequest request,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    if (request.message() != null) {
      Conversations.checkText(request.message());
    }
    String channel = request.channel() == null ? "web" : request.channel();
    Caller caller =
        request.caller() == null
            ? null
            : new Caller(request.caller().phone(), request.caller().name());
    var started =
        conversations.start(request.tenantId(), request.conversationId(), channel, caller);
    TurnReply reply = null;
    if (request.message() != null) {
      reply =
          conversations
              .send(request.tenantId(), started.conversationId(), request.message(), idempotencyKey)
              .orElse(null);
    }
    return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(
            new Started(started.conversationId(), started.workflowId(), started.created(), reply));
  }

  @Operation(summary = "Send a caller message and get the bot's reply")
  @PostMapping("/{id}/messages")
  ResponseEntity<?> send(
      @PathVariable String id,
      @RequestBody MessageRequest request,
      @Parameter(description = "tenant of the conversation")
          @RequestHeader(value = TENANT_HEADER, required = false)
          String tenant,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    Optional<TurnReply> reply =
        conversations.send(tenant(tenant), id, request.text(), idempotencyKey);
    if (reply.isPresent()) {
      return ResponseEntity.ok(reply.get());
    }
    return ResponseEntity.accepted()
        .body(
            new Pending(
                id,
                "processing",
                "the message is recorded and the reply is still being produced; "
                    + "GET /v1/conversations/"
                    + id
                    + " shows it when ready"));
  }

  @Operation(summary = "Send a caller message without waiting for the reply (SMS)")
  @PostMapping("/{id}/events")
  ResponseEntity<Pending> deliver(
      @PathVariable String id,
      @RequestBody MessageRequest request,
      @RequestHeader(value = TENANT_HEADER, required = false) String tenant) {
    conversations.deliver(tenant(tenant), id, request.text());
    return ResponseEntity.accepted()
        .body(new Pending(id, "accepted", "the reply will be stored with the conversation"));
  }

  @Operation(summary = "The conversation's live state and its transcript")
  @GetMapping("/{id}")
  ConversationView get(
      @PathVariable String id,
      @RequestHeader(value = TENANT_HEADER, required = false) String tenant) {
    String tenantId = tenant(tenant);
    Optional<ConversationState> state = conversations.state(tenantId, id);
    String workflowId = conversations.workflowId(tenantId, id);
    var row = transcripts.conversation(tenantId, workflowId);
    if (state.isEmpty() && row.isEmpty()) {
      throw ApiProblem.notFound("no conversation '" + id + "'");
    }
    List<Transcripts.MessageRow> messages = transcripts.messages(tenantId, workflowId);
    return new ConversationView(
        id,
        workflowId,
        tenantId,
        row.map(Transcripts.ConversationRow::channel).orElseGet(() -> state.get().channel()),
        state
            .map(s -> s.status().name().toLowerCase(java.util.Locale.ROOT))
            .orElseGet(() -> row.get().status()),
        row.map(Transcripts.ConversationRow::outcome).orElse(null),
        state.map(ConversationState::turnCount).orElseGet(() -> row.get().turnCount()),
        row.map(r -> r.startedAt().toString()).orElse(null),
        row.map(r -> r.endedAt() == null ? null : r.endedAt().toString()).orElse(null),
        state.orElse(null),
        messages);
  }

  @Operation(summary = "End the conversation (the caller hung up)")
  @PostMapping("/{id}/end")
  ResponseEntity<Void> end(
      @PathVariable String id,
      @RequestBody(required = false) @Valid EndRequest request,
      @RequestHeader(value = TENANT_HEADER, required = false) String tenant) {
    conversations.end(tenant(tenant), id, request == null ? null : request.reason());
    return ResponseEntity.accepted().build();
  }

  private String tenant(String header) {
    return properties.tenantOrDefault(header);
  }
}
