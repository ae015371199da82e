package com.dispatchbot.activities.booking;

/** Distances on the map. */
final class Geo {
  private static final double EARTH_RADIUS_KM = 6371.0088;

  private Geo() {}

  /** Great-circle distance in kilometres (haversine): straight-line, not road distance. */
  static double km(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLng / 2)
                * Math.sin(dLng / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /** A point that was actually placed (0,0 is what an unset location looks like). */
  static boolean known(double lat, double lng) {
    return Double.isFinite(lat)
        && Double.isFinite(lng)
        && !(lat == 0 && lng == 0)
        && Math.abs(lat) <= 90
        && Math.abs(lng) <= 180;
  }
}
