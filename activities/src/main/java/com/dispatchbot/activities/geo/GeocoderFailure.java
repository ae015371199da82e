package com.dispatchbot.activities.geo;

/**
 * A geocoder could not answer. Transient failures (over the query rate, 5xx, timeouts) may succeed
 * on a retry; the others (key refused, daily quota gone) will not until an operator acts, so the
 * chain moves on without waiting. Messages never carry the API key.
 */
final class GeocoderFailure extends Exception {
  private final String provider;
  private final boolean transientFailure;

  private GeocoderFailure(String provider, boolean transientFailure, String message, Throwable c) {
    super(provider + ": " + message, c);
    this.provider = provider;
    this.transientFailure = transientFailure;
  }

  static GeocoderFailure transientFailure(String provider, String message, Throwable cause) {
    return new GeocoderFailure(provider, true, message, cause);
  }

  static GeocoderFailure refused(String provider, String message, Throwable cause) {
    return new GeocoderFailure(provider, false, message, cause);
  }

  String provider() {
    return provider;
  }

  boolean isTransient() {
    return transientFailure;
  }
}
