package com.dispatchbot.api.conversation;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.conversation.ConversationApi.ChatRequest;
import com.dispatchbot.api.conversation.ConversationApi.ChatResponse;
import com.dispatchbot.config.DispatchProperties;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The runbook's one-call chat: {@code curl -X POST :8000/chat -d '{"message":"..."}'}. Runs on the
 * default tenant; without a conversation_id it starts a new conversation.
 */
@RestController
class ChatController {
  private final Conversations conversations;
  private final DispatchProperties properties;

  ChatController(Conversations conversations, DispatchProperties properties) {
    this.conversations = conversations;
    this.properties = properties;
  }

  @Operation(summary = "Send a message on the default tenant and get the reply")
  @PostMapping("/chat")
  ChatResponse chat(@Valid @RequestBody ChatRequest request) {
    Conversations.checkText(request.message());
    String tenant = properties.defaultTenant();
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
