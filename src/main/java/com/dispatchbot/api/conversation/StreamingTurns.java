package com.dispatchbot.api.conversation;

import com.dispatchbot.api.conversation.TokenStreamHub.Chunk;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.client.WorkflowUpdateHandle;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Streamed caller turns (SSE and WebSocket). The turn is the same durable Update as a plain one;
 * the workflow only tells the model call where to publish its tokens. This node follows the
 * stream's chunks (live, then from the table for whatever it missed), puts them in order for the
 * client, and ends with the reply the workflow recorded, which is authoritative: a scripted or
 * rule-based answer has no tokens, and a model answer is followed by what the dialogue adds.
 */
@Component
class StreamingTurns {
  private static final Logger log = LoggerFactory.getLogger(StreamingTurns.class);

  private final Conversations conversations;
  private final TokenStreamHub hub;
  private final ObjectProvider<MeterRegistry> meters;

  StreamingTurns(
      Conversations conversations, TokenStreamHub hub, ObjectProvider<MeterRegistry> meters) {
    this.conversations = conversations;
    this.hub = hub;
    this.meters = meters;
  }

  /** Starts the turn (refusals are thrown here, before anything streams) and follows it. */
  void start(
      String tenantId, String conversationId, String text, String messageId, StreamSink sink) {
    long started = System.nanoTime();
    WorkflowUpdateHandle<TurnReply> turn =
        conversations.startTurn(tenantId, conversationId, text, messageId, true);
    follow(tenantId, turn, null, sink, started);
  }

  /** Follows a turn again after a reconnect, from the client's Last-Event-ID. */
  void resume(
      String tenantId,
      String conversationId,
      String messageId,
      String lastEventId,
      StreamSink sink) {
    follow(tenantId, conversations.turn(tenantId, conversationId, messageId), lastEventId, sink, 0);
  }

  private void follow(
      String tenantId,
      WorkflowUpdateHandle<TurnReply> turn,
      String lastEventId,
      StreamSink sink,
      long startedNanos) {
    String streamId = Conversations.streamId(turn.getExecution().getWorkflowId(), turn.getId());
    StreamRelay relay = new StreamRelay(sink, lastEventId);
    AtomicBoolean first = new AtomicBoolean(startedNanos == 0);
    Consumer<Chunk> live =
        chunk -> {
          if (first.compareAndSet(false, true)) {
            recordTtft(System.nanoTime() - startedNanos);
          }
          relay.accept(chunk);
        };
    sink.opened(turn.getId());
    Runnable unsubscribe = hub.subscribe(streamId, live);
    try {
      hub.stored(tenantId, streamId).forEach(relay::accept);
    } catch (RuntimeException e) {
      log.warn("could not read the stream's backlog: {}", e.toString());
    }
    turn.getResultAsync(conversations.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (reply, error) -> {
              try {
                // the last chunks' notifications may still be on their way: the table has them
                hub.stored(tenantId, streamId).forEach(relay::accept);
                if (error == null) {
                  sink.reply(reply);
                } else {
                  sink.failed(problem(error, turn));
                }
              } catch (RuntimeException e) {
                log.warn("streamed turn {} could not be finished: {}", turn.getId(), e.toString());
              } finally {
                unsubscribe.run();
                sink.close();
              }
            });
  }

  private static ProblemDetail problem(Throwable error, WorkflowUpdateHandle<TurnReply> turn) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    ProblemDetail problem;
    if (cause instanceof TimeoutException
        || cause instanceof io.temporal.client.WorkflowUpdateTimeoutOrCancelledException) {
      problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.ACCEPTED,
              "the message is recorded and the reply is still being produced; it will be in the"
                  + " conversation's transcript");
      problem.setTitle("Still processing");
    } else if (notFound(cause)) {
      problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.NOT_FOUND, "no message '" + turn.getId() + "' in this conversation");
      problem.setTitle("Not found");
    } else {
      log.warn("streamed turn {} failed", turn.getId(), cause);
      problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.BAD_GATEWAY, "the turn could not be completed; please send it again");
      problem.setTitle("Turn failed");
    }
    problem.setType(URI.create("about:blank"));
    problem.setProperty("messageId", turn.getId());
    return problem;
  }

  private static boolean notFound(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof io.grpc.StatusRuntimeException status
          && status.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }

  private void recordTtft(long nanos) {
    MeterRegistry registry = meters.getIfAvailable();
    if (registry != null) {
      Timer.builder("dispatch.stream.ttft")
          .description("From a streamed message's arrival to its first token sent to the client")
          .publishPercentileHistogram()
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
