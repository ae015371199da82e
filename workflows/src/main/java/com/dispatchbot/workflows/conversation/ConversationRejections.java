package com.dispatchbot.workflows.conversation;

import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * Why {@code sendMessage} refused a message before it reached history. The names are the
 * ApplicationFailure types a client sees.
 *
 * <p>Temporal Java SDK 1.38.0 loses the type of a failure thrown by an update validator (only the
 * message survives: temporalio/sdk-java#2875, fixed after 1.38.0), so the message also starts with
 * the name and {@link #of} reads either.
 */
public enum ConversationRejections {
  EMPTY_MESSAGE,
  MESSAGE_TOO_LONG,
  CONVERSATION_CLOSED;

  /** Longest caller message accepted, in characters. */
  public static final int MAX_MESSAGE_CHARS = 4000;

  public ApplicationFailure failure(String detail) {
    return ApplicationFailure.newNonRetryableFailure(name() + ": " + detail, name());
  }

  /** The rejection a failure carries, by its type or, failing that, its message's prefix. */
  public static Optional<ConversationRejections> of(ApplicationFailure failure) {
    for (ConversationRejections r : values()) {
      String message = failure.getOriginalMessage();
      if (r.name().equals(failure.getType())
          || (message != null && message.startsWith(r.name() + ": "))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The human part of a rejection's message. */
  public static String detail(ApplicationFailure failure) {
    String message = failure.getOriginalMessage();
    int colon = message == null ? -1 : message.indexOf(": ");
    return colon < 0 ? message : message.substring(colon + 2);
  }
}
