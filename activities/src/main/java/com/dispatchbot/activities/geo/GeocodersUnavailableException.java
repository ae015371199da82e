package com.dispatchbot.activities.geo;

import java.util.List;

/**
 * A geocoder that might have placed the address (better) could not be asked: over its rate, 5xx, a
 * timeout. Asking again later may succeed.
 */
public class GeocodersUnavailableException extends RuntimeException {
  private final List<String> providers;

  GeocodersUnavailableException(String message, List<String> providers) {
    super(message);
    this.providers = List.copyOf(providers);
  }

  /** The providers that failed, in chain order. */
  public List<String> providers() {
    return providers;
  }
}
