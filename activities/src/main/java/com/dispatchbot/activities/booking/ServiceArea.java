package com.dispatchbot.activities.booking;

import com.dispatchbot.activities.tenant.TenantProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a job is inside a tenant's service area: its ZIP code or its city is in the profile's
 * list, or it lies within the profile's radius of a centre. A tenant that lists nothing serves
 * everywhere.
 */
final class ServiceArea {
  private ServiceArea() {}

  /** Empty when the job is served; otherwise a polite sentence naming the area. */
  static Optional<String> refusal(
      TenantProfile tenant, String zip, String city, double lat, double lng) {
    List<String> zips = new ArrayList<>();
    List<String> cities = new ArrayList<>();
    for (String entry : tenant.serviceArea() == null ? List.<String>of() : tenant.serviceArea()) {
      if (entry == null || entry.isBlank()) {
        continue;
      }
      (entry.trim().matches("\\d{5}") ? zips : cities).add(entry.trim());
    }
    TenantProfile.ServiceRadius radius = tenant.serviceRadius();
    if (zips.isEmpty() && cities.isEmpty() && radius == null) {
      return Optional.empty();
    }
    String zip5 = zip5(zip);
    if (zip5 != null && zips.contains(zip5)) {
      return Optional.empty();
    }
    String cityName = city == null ? null : city.trim();
    if (cityName != null && cities.stream().anyMatch(c -> c.equalsIgnoreCase(cityName))) {
      return Optional.empty();
    }
    if (radius != null
        && Geo.known(lat, lng)
        && Geo.km(radius.lat(), radius.lng(), lat, lng) <= radius.km()) {
      return Optional.empty();
    }
    return Optional.of(reason(tenant, zips, cities, radius, zip5, cityName, lat, lng));
  }

  private static String reason(
      TenantProfile tenant,
      List<String> zips,
      List<String> cities,
      TenantProfile.ServiceRadius radius,
      String zip5,
      String city,
      double lat,
      double lng) {
    String business = tenant.name() == null || tenant.name().isBlank() ? "We" : tenant.name();
    StringBuilder area = new StringBuilder();
    if (!cities.isEmpty()) {
      area.append(list(cities));
    }
    if (!zips.isEmpty()) {
      area.append(area.isEmpty() ? "ZIP codes " : " (ZIP codes ").append(String.join(", ", zips));
      area.append(cities.isEmpty() ? "" : ")");
    }
    if (radius != null) {
      if (!area.isEmpty()) {
        area.append(", and ");
      }
      area.append("anywhere within ")
          .append(Math.round(radius.km()))
          .append(" km of ")
          .append(
              radius.label() == null || radius.label().isBlank()
                  ? "our base"
                  : radius.label().trim());
    }
    String where;
    if (city != null && !city.isBlank()) {
      where = capitalize(city) + (zip5 == null ? "" : " " + zip5);
    } else if (zip5 != null) {
      where = "ZIP code " + zip5;
    } else {
      where = "that address";
    }
    if (city == null && zip5 == null && !Geo.known(lat, lng)) {
      return "Sorry, I couldn't tell whether that address is in our service area. "
          + business
          + " serves "
          + area
          + ".";
    }
    return "Sorry, "
        + where
        + " is outside our service area. "
        + business
        + " serves "
        + area
        + ".";
  }

  static String zip5(String zip) {
    if (zip == null) {
      return null;
    }
    String digits = zip.trim();
    return digits.matches("\\d{5}(-\\d{4})?") ? digits.substring(0, 5) : null;
  }

  private static String list(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  private static String capitalize(String s) {
    String t = s.trim();
    return t.isEmpty() ? t : t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1);
  }
}
