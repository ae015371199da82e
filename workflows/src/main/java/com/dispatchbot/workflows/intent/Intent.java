package com.dispatchbot.workflows.intent;

/** What a caller wants from one turn. Names are stable: they are stored and searched. */
public enum Intent {
  EMERGENCY,
  BOOK_APPOINTMENT,
  RESCHEDULE,
  CANCEL,
  QUOTE_PRICING,
  KNOWLEDGE_QUESTION,
  TALK_TO_HUMAN,
  CONFIRM,
  DENY,
  GREETING_SMALLTALK,
  OUT_OF_SCOPE;

  /** The wire and storage name, e.g. {@code book_appointment}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
