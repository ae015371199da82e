package com.dispatchbot.activities.geo;

/**
 * No geocoder could place the address, and asking again will not change that. The message is the
 * reason, in words a caller can act on ("add a ZIP code").
 */
public class AddressNotFoundException extends RuntimeException {
  public AddressNotFoundException(String reason) {
    super(reason);
  }
}
