package com.dispatchbot.api.conversation;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.conversation.ConversationApi.ChatRequest;
import com.dispatchbot.api.conversation.ConversationApi.ChatResponse;
import com.dispatchbot.config.DispatchProperties;
import com.dispatchbot.security.DispatchPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runbook's one-call chat: {@code curl -X POST :8000/chat -d '{"message":"..."}'}. Without a
 * key (PUBLIC_CHAT=true, the public web chat, rate limited per client IP) it runs on the default
 * tenant; with a key, on the key's tenant. Without a conversation_id it starts a new conversation.
 */
@RestController
class ChatController {
  private final Conversations conversations;
  private final DispatchProperties properties;

  ChatController(Conversations conversations, DispatchProperties properties) {
    this.conversations = conversations;
    this.properties = properties;
  }

  @Operation(summary = "Send a message and get the reply (keyless: on the default tenant)")
  @PostMapping("/chat")
  ChatResponse chat(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @Valid @RequestBody ChatRequest request) {
    Conversations.checkText(request.message());
    String tenant = principal == null ? properties.defaultTenant() : principal.tenantId();
    var started = conversations.start(tenant, request.conversationId(), "web", null);
    var reply =
        conversations
            .send(tenant, started.conversationId(), request.message(), null)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.GATEWAY_TIMEOUT,
                        "Reply pending",
                        "the reply is taking longer than usual; GET /v1/conversations/"
                            + started.conversationId()
                            + " shows it when ready"));
    return new ChatResponse(reply.reply(), started.conversationId());
  }
}
