package com.dispatchbot.api.conversation;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.RateLimits;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.client.WorkflowUpdateException;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The chat over a WebSocket: {@code /v1/conversations/{id}/ws}, authenticated like the REST API
 * (the handshake carries the API key). The client sends {@code {"text": "...", "messageId":
 * optional}} for a turn, or {@code {"resume": "<messageId>", "lastEventId": "g.s"}} after a
 * reconnect; the server answers with the same events as the SSE endpoint, one JSON frame each:
 * {@code accepted}, {@code token}, {@code restart}, {@code reply}, {@code error}.
 */
@Component
class ConversationSocket extends TextWebSocketHandler {
  private static final Logger log = LoggerFactory.getLogger(ConversationSocket.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_FRAME_CHARS = 64 * 1024;

  private final StreamingTurns streaming;
  private final Conversations conversations;
  private final RateLimits limits;
  private final Map<String, WebSocketSession> sessions = new ConcurrentHashMap<>();

  ConversationSocket(StreamingTurns streaming, Conversations conversations, RateLimits limits) {
    this.streaming = streaming;
    this.conversations = conversations;
    this.limits = limits;
  }

  @Configuration(proxyBeanMethods = false)
  @EnableWebSocket
  static class Registration implements WebSocketConfigurer {
    private final ConversationSocket socket;

    Registration(ConversationSocket socket) {
      this.socket = socket;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(socket, "/v1/conversations/*/ws");
    }
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) {
    sessions.put(
        session.getId(), new ConcurrentWebSocketSessionDecorator(session, 10_000, 512 * 1024));
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    sessions.remove(session.getId());
  }

  @Override
  protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
    WebSocketSession session = sessions.getOrDefault(raw.getId(), raw);
    SocketSink sink = new SocketSink(session);
    try {
      DispatchPrincipal principal = principal(raw.getPrincipal());
      String conversationId = conversationId(raw);
      if (message.getPayloadLength() > MAX_FRAME_CHARS) {
        throw new ApiProblem(
            HttpStatus.CONTENT_TOO_LARGE, "Frame too large", "a frame may hold 64 KiB");
      }
      JsonNode frame = JSON.readTree(message.getPayload());
      String tenant = principal.tenantId();
      if (frame.hasNonNull("resume")) {
        String lastEventId = frame.path("lastEventId").asText(null);
        if (lastEventId != null && StreamRelay.parse(lastEventId) == null) {
          throw ApiProblem.badRequest("lastEventId must be \"<generation>.<seq>\"");
        }
        streaming.resume(tenant, conversationId, frame.path("resume").asText(), lastEventId, sink);
        return;
      }
      JsonNode text = frame.path("text");
      if (!text.isTextual()) {
        throw ApiProblem.badRequest("send {\"text\": \"...\"} or {\"resume\": \"<messageId>\"}");
      }
      Conversations.checkText(text.asText());
      conversations
          .callerPhone(tenant, conversationId)
          .ifPresent(phone -> limits.checkPhone(tenant, phone));
      streaming.start(
          tenant, conversationId, text.asText(), frame.path("messageId").asText(null), sink);
    } catch (ApiProblem problem) {
      sink.failed(problem(problem.status(), problem.title(), problem.getMessage()));
    } catch (WorkflowUpdateException refused) {
      sink.failed(
          problem(HttpStatus.CONFLICT, "Message refused", "the conversation refused the message"));
    } catch (IOException unreadable) {
      sink.failed(problem(HttpStatus.BAD_REQUEST, "Bad request", "the frame is not JSON"));
    } catch (RuntimeException e) {
      log.warn("socket turn failed", e);
      sink.failed(
          problem(
              HttpStatus.SERVICE_UNAVAILABLE,
              "Unavailable",
              "the message could not be taken now; send it again"));
    }
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }

  private static DispatchPrincipal principal(Principal principal) {
    if (principal instanceof Authentication auth
        && auth.getPrincipal() instanceof DispatchPrincipal dispatch) {
      return dispatch;
    }
    throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "no credentials");
  }

  /** {@code /v1/conversations/{id}/ws} → id. */
  private static String conversationId(WebSocketSession session) {
    String[] parts =
        session.getUri() == null ? new String[0] : session.getUri().getPath().split("/");
    for (int i = 0; i + 2 < parts.length; i++) {
      if ("conversations".equals(parts[i]) && "ws".equals(parts[i + 2])) {
        return parts[i + 1];
      }
    }
    throw ApiProblem.notFound("no conversation in the socket's address");
  }

  /** Events as JSON text frames; a closed socket stops sending, the turn goes on. */
  private static final class SocketSink implements StreamSink {
    private final WebSocketSession session;

    SocketSink(WebSocketSession session) {
      this.session = session;
    }

    @Override
    public void opened(String messageId) {
      send(frame("accepted").put("messageId", messageId));
    }

    @Override
    public void token(String id, int generation, int seq, String text) {
      send(
          frame("token")
              .put("id", id)
              .put("generation", generation)
              .put("seq", seq)
              .put("text", text));
    }

    @Override
    public void restart(int generation) {
      send(
          frame("restart")
              .put("generation", generation)
              .put("reason", "the model was asked again; discard the partial reply shown so far"));
    }

    @Override
    public void reply(TurnReply reply) {
      ObjectNode frame = frame("reply");
      frame.set("reply", JSON.valueToTree(reply));
      send(frame);
    }

    @Override
    public void failed(ProblemDetail problem) {
      ObjectNode frame = frame("error");
      frame.put("status", problem.getStatus());
      frame.put("title", problem.getTitle());
      frame.put("detail", problem.getDetail());
      send(frame);
    }

    @Override
    public boolean close() {
      return session.isOpen();
    }

    private static ObjectNode frame(String type) {
      return JSON.createObjectNode().put("type", type);
    }

    private void send(ObjectNode frame) {
      if (!session.isOpen()) {
        return;
      }
      try {
        session.sendMessage(new TextMessage(frame.toString()));
      } catch (IOException | IllegalStateException e) {
        log.debug("socket {} gone: {}", session.getId(), e.toString());
      }
    }
  }
}
