package com.dispatchbot.workflows.geo;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Turns an address into a point on the map: Google, then Nominatim, then the gazetteer. */
@ActivityInterface
public interface GeoActivities {

  /** Failure type when no geocoder could place the address (final: retrying will not help). */
  String ADDRESS_NOT_FOUND = "AddressNotFound";

  /**
   * Failure type when a geocoder that might place the address (better) is down for now: over its
   * rate, 5xx, a timeout. Retryable; after a few attempts the activity answers with the best result
   * at hand (or {@link #ADDRESS_NOT_FOUND}) instead.
   */
  String GEOCODER_UNAVAILABLE = "GeocoderUnavailable";

  record GeocodeRequest(String tenantId, String address) {}

  /**
   * @param provider {@code google}, {@code nominatim} or {@code gazetteer}
   * @param precision {@code rooftop}, {@code street}, {@code zip} or {@code city}
   * @param cached true when it came from the geocode cache
   */
  record GeoPoint(
      double lat,
      double lng,
      String provider,
      String precision,
      boolean cached,
      String formattedAddress,
      String zip,
      String city,
      String state) {}

  @ActivityMethod
  GeoPoint geocode(GeocodeRequest request);
}
