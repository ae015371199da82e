package com.dispatchbot.api.conversation;

import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import org.springframework.http.ProblemDetail;

/** Where a streamed turn goes: an SSE response or a WebSocket session. */
interface StreamSink {

  /** The turn was accepted; its message id lets the client resume it. */
  void opened(String messageId);

  /** A piece of the reply; {@code id} ("generation.seq") is what Last-Event-ID resumes from. */
  void token(String id, int generation, int seq, String text);

  /** The model was asked again (a retry, the fallback): drop what was shown of the reply. */
  void restart(int generation);

  /** The turn's reply as the workflow recorded it: the authoritative text. */
  void reply(TurnReply reply);

  /** The turn could not be followed to its end (the reply is still stored with the call). */
  void failed(ProblemDetail problem);

  /** No more events; false when the client is gone. */
  boolean close();
}
