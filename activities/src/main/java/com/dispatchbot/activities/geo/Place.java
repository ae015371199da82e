package com.dispatchbot.activities.geo;

/**
 * A point of the gazetteer: a ZIP code's centroid, or a city's (then {@code zip} is null).
 *
 * @param zip five digits, or null for a city centroid
 * @param city as the postal data spells it (e.g. {@code Saint Louis})
 * @param state two-letter USPS code
 */
public record Place(String zip, String city, String state, double lat, double lng) {

  /** Great-circle distance to another place, in kilometres. */
  public double distanceKm(Place other) {
    return Gazetteer.distanceKm(lat, lng, other.lat, other.lng);
  }

  /** {@code Denver, CO 80202}, or {@code Denver, CO} for a city. */
  public String label() {
    return city + ", " + state + (zip == null ? "" : " " + zip);
  }
}
