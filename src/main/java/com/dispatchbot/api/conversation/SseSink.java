package com.dispatchbot.api.conversation;

import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A streamed turn as server-sent events: {@code accepted} (the message id), {@code token} (id
 * "generation.seq", data {@code {"text", "generation", "seq"}}), {@code restart}, then {@code
 * reply} (the TurnReply) or {@code error} (a problem), and the end of the response.
 */
final class SseSink implements StreamSink {
  private final SseEmitter emitter;
  private volatile boolean gone;

  SseSink(SseEmitter emitter) {
    this.emitter = emitter;
    emitter.onError(e -> gone = true);
    emitter.onTimeout(() -> gone = true);
  }

  @Override
  public void opened(String messageId) {
    send(SseEmitter.event().name("accepted").data(Map.of("messageId", messageId), JSON));
  }

  @Override
  public void token(String id, int generation, int seq, String text) {
    send(
        SseEmitter.event()
            .id(id)
            .name("token")
            .data(Map.of("text", text, "generation", generation, "seq", seq), JSON));
  }

  @Override
  public void restart(int generation) {
    send(
        SseEmitter.event()
            .name("restart")
            .data(
                Map.of(
                    "generation",
                    generation,
                    "reason",
                    "the model was asked again; discard the partial reply shown so far"),
                JSON));
  }

  @Override
  public void reply(TurnReply reply) {
    send(SseEmitter.event().name("reply").data(reply, JSON));
  }

  @Override
  public void failed(ProblemDetail problem) {
    send(SseEmitter.event().name("error").data(problem, MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Override
  public boolean close() {
    if (gone) {
      return false;
    }
    emitter.complete();
    return true;
  }

  private static final MediaType JSON = MediaType.APPLICATION_JSON;

  private void send(SseEmitter.SseEventBuilder event) {
    if (gone) {
      return;
    }
    try {
      emitter.send(event);
    } catch (IOException | IllegalStateException e) {
      // the client left; the turn goes on and its reply is stored with the conversation
      gone = true;
    }
  }
}
