package com.dispatchbot.activities.geo;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import java.util.Optional;

/** One online geocoder of the chain (Google, Nominatim). */
interface Geocoder extends AutoCloseable {

  /** {@code google} or {@code nominatim}: the provider in results, the cache's scope, logs. */
  String provider();

  /**
   * The best match for a US address, with {@code cached} false; empty when the provider knows no
   * such place (or only something coarser than a city, such as a state).
   *
   * @throws GeocoderFailure when the provider could not answer: {@linkplain
   *     GeocoderFailure#isTransient() transient} (overloaded, 5xx, timeout) or refused (bad key,
   *     quota gone), in which case the chain moves on
   */
  Optional<GeoPoint> geocode(String address) throws GeocoderFailure;

  @Override
  default void close() {}
}
