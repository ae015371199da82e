package com.dispatchbot.activities.knowledge;

/**
 * A document the knowledge base will not take, with the reason a caller can act on. Nothing was
 * written when this is thrown.
 */
public class DocumentRejectedException extends RuntimeException {

  /** Why, so the API can pick its status: 400, 404, 413, 415 or 409. */
  public enum Reason {
    INVALID,
    UNKNOWN_TENANT,
    NOT_FOUND,
    TOO_LARGE,
    UNSUPPORTED_TYPE,
    /** The live index was built by another embedding model: a full reindex is needed. */
    INDEX_MISMATCH
  }

  private final Reason reason;

  public DocumentRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
