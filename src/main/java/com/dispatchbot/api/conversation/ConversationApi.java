package com.dispatchbot.api.conversation;

import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request and response bodies of the conversation API. */
final class ConversationApi {
  private ConversationApi() {}

  record CallerInfo(@Size(max = 32) String phone, @Size(max = 200) String name) {}

  /**
   * @param tenantId optional: the tenant comes from the API key; when given it must be the key's
   */
  record StartRequest(
      @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a tenant id") String tenantId,
      @Pattern(regexp = "voice|sms|web", message = "must be voice, sms or web") String channel,
      @Valid CallerInfo caller,
      @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}",
              message = "must be 1-128 letters, digits, '.', '_', ':' or '-'")
          String conversationId,
      String message) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Started(String conversationId, String workflowId, boolean created, TurnReply reply) {}

  record MessageRequest(String text) {}

  /** The turn was accepted, and its reply is still being produced. */
  record Pending(String conversationId, String status, String detail) {}

  record EndRequest(@Size(max = 64) String reason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ConversationView(
      String conversationId,
      String workflowId,
      String tenantId,
      String channel,
      String status,
      String outcome,
      int turnCount,
      String startedAt,
      String endedAt,
      ConversationState state,
      List<Transcripts.MessageRow> transcript) {}

  record ChatRequest(
      String message,
      @JsonProperty("conversation_id")
          @Pattern(
              regexp = "[A-Za-z0-9][A-Za-z0-9._:-]{0,127}",
              message = "must be 1-128 letters, digits, '.', '_', ':' or '-'")
          String conversationId) {}

  record ChatResponse(String response, @JsonProperty("conversation_id") String conversationId) {}
}
