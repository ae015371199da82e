package com.dispatchbot.api.conversation;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.conversation.ConversationApi.ConversationView;
import com.dispatchbot.api.conversation.ConversationApi.EndRequest;
import com.dispatchbot.api.conversation.ConversationApi.MessageRequest;
import com.dispatchbot.api.conversation.ConversationApi.Pending;
import com.dispatchbot.api.conversation.ConversationApi.StartRequest;
import com.dispatchbot.api.conversation.ConversationApi.Started;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.RateLimits;
import com.dispatchbot.workflows.conversation.Messages.Caller;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Conversations for gateways and widgets. A conversation id is scoped to the tenant of the caller's
 * API key (or console user): another tenant's conversation is a 404. Starts and caller messages
 * count against the caller phone's rate limit (RATE_LIMIT_PER_PHONE).
 */
@RestController
@RequestMapping("/v1/conversations")
class ConversationController {
  private final Conversations conversations;
  private final Transcripts transcripts;
  private final RateLimits limits;
  private final StreamingTurns streaming;

  ConversationController(
      Conversations conversations,
      Transcripts transcripts,
      RateLimits limits,
      StreamingTurns streaming) {
    this.streaming = streaming;
    this.conversations = conversations;
    this.transcripts = transcripts;
    this.limits = limits;
  }

  @Operation(
      summary =
          "Start a conversation (or find the one with the same id), optionally with a first message",
      description =
          "The tenant is the API key's; a tenantId in the body must be absent or the same (403).")
  @PostMapping
  ResponseEntity<Started> start(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @Valid @RequestBody StartRequest request,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    String tenant = principal.tenantId();
    if (request.tenantId() != null && !request.tenantId().equals(tenant)) {
      throw ApiProblem.forbidden(
          "this key acts for tenant '"
              + tenant
              + "' and cannot start a conversation for '"
              + request.tenantId()
              + "'; leave tenantId out or send the key's own");
    }
    if (request.message() != null) {
      Conversations.checkText(request.message());
    }
    String channel = request.channel() == null ? "web" : request.channel();
    Caller caller =
        request.caller() == null
            ? null
            : new Caller(request.caller().phone(), request.caller().name());
    if (caller != null) {
      limits.checkPhone(tenant, caller.phone());
    }
    var started = conversations.start(tenant, request.conversationId(), channel, caller);
    TurnReply reply = null;
    if (request.message() != null) {
      reply =
          conversations
              .send(tenant, started.conversationId(), request.message(), idempotencyKey)
              .orElse(null);
    }
    return ResponseEntity.status(started.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(
            new Started(started.conversationId(), started.workflowId(), started.created(), reply));
  }

  @Operation(summary = "Send a caller message and get the bot's reply")
  @PostMapping("/{id}/messages")
  ResponseEntity<?> send(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @PathVariable String id,
      @RequestBody MessageRequest request,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    String tenant = principal.tenantId();
    Conversations.checkText(request.text());
    conversations.callerPhone(tenant, id).ifPresent(phone -> limits.checkPhone(tenant, phone));
    Optional<TurnReply> reply = conversations.send(tenant, id, request.text(), idempotencyKey);
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

  @Operation(
      summary = "Send a caller message and stream the reply (Accept: text/event-stream)",
      description =
          "Events: accepted {messageId}; token (id generation.seq) {text, generation, seq};"
              + " restart {generation} when the model was asked again (drop the partial reply);"
              + " reply (the TurnReply, authoritative); error (a problem). Send Idempotency-Key to"
              + " choose the message id; reconnect with GET .../messages/{messageId}/stream and"
              + " Last-Event-ID.")
  @PostMapping(value = "/{id}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @PathVariable String id,
      @RequestBody MessageRequest request,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
    String tenant = principal.tenantId();
    Conversations.checkText(request.text());
    conversations.callerPhone(tenant, id).ifPresent(phone -> limits.checkPhone(tenant, phone));
    SseEmitter emitter = new SseEmitter(conversations.replyTimeout().plusSeconds(30).toMillis());
    streaming.start(tenant, id, request.text(), idempotencyKey, new SseSink(emitter));
    return emitter;
  }

  @Operation(
      summary = "Resume a streamed reply after a reconnect",
      description =
          "Sends what follows Last-Event-ID (a restart first when the model was asked again"
              + " since), then the live tokens and the reply.")
  @GetMapping(
      value = "/{id}/messages/{messageId}/stream",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter resume(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @PathVariable String id,
      @PathVariable String messageId,
      @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
    if (lastEventId != null && StreamRelay.parse(lastEventId) == null) {
      throw ApiProblem.badRequest(
          "Last-Event-ID must be an event id of this stream, \"<generation>.<seq>\"");
    }
    if (!MESSAGE_ID.matcher(messageId).matches()) {
      throw ApiProblem.notFound("no message '" + messageId + "'");
    }
    SseEmitter emitter = new SseEmitter(conversations.replyTimeout().plusSeconds(30).toMillis());
    streaming.resume(principal.tenantId(), id, messageId, lastEventId, new SseSink(emitter));
    return emitter;
  }

  private static final java.util.regex.Pattern MESSAGE_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Operation(summary = "Send a caller message without waiting for the reply (SMS)")
  @PostMapping("/{id}/events")
  ResponseEntity<Pending> deliver(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @PathVariable String id,
      @RequestBody MessageRequest request) {
    String tenant = principal.tenantId();
    Conversations.checkText(request.text());
    conversations.callerPhone(tenant, id).ifPresent(phone -> limits.checkPhone(tenant, phone));
    conversations.deliver(tenant, id, request.text());
    return ResponseEntity.accepted()
        .body(new Pending(id, "accepted", "the reply will be stored with the conversation"));
  }

  @Operation(summary = "The conversation's live state and its transcript")
  @GetMapping("/{id}")
  ConversationView get(
      @AuthenticationPrincipal DispatchPrincipal principal, @PathVariable String id) {
    String tenantId = principal.tenantId();
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
      @AuthenticationPrincipal DispatchPrincipal principal,
      @PathVariable String id,
      @RequestBody(required = false) @Valid EndRequest request) {
    conversations.end(principal.tenantId(), id, request == null ? null : request.reason());
    return ResponseEntity.accepted().build();
  }
}
