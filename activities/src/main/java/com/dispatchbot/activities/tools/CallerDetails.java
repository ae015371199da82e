package com.dispatchbot.activities.tools;

import com.dispatchbot.activities.slots.SlotExtractor;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.geo.GeoActivities.GeocodeRequest;
import com.dispatchbot.workflows.slots.Address;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import io.temporal.failure.ApplicationFailure;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Phones, addresses and service types in a tool's arguments, read by the same slot extractor that
 * reads what callers say (libphonenumber for phones, the US address parser, the tenant's service
 * matcher), so a tool accepts what a conversation accepts.
 */
final class CallerDetails {
  private static final SlotExtractor EXTRACTOR = new SlotExtractor();

  private CallerDetails() {}

  /** The phone in E.164; a non-US or impossible number is refused with the reason. */
  static String phone(ToolContext context, String name, String raw) {
    Slots slots = EXTRACTOR.extract(raw, context.localNow(), List.of());
    if (slots.phone() != null) {
      return slots.phone();
    }
    for (String problem : slots.problems()) {
      if (problem.startsWith("non_us_phone")) {
        throw ToolFailure.invalidArguments(
            name + " is not a US number; only US numbers can be used. Ask the caller for one.");
      }
      if (problem.startsWith("invalid_phone")) {
        throw ToolFailure.invalidArguments(
            name + " is not a valid US phone number" + hint(problem) + ". Ask the caller again.");
      }
    }
    throw ToolFailure.invalidArguments(
        name + " is not a phone number; send the caller's 10-digit US number, e.g. 303-555-0123");
  }

  /**
   * The address as the parser reads it; with {@code street} false a ZIP code or a city alone is
   * accepted (as one line).
   */
  static Address address(ToolContext context, String name, String raw, boolean street) {
    Address address = EXTRACTOR.extract(raw, context.localNow(), List.of()).address();
    if (address != null && (!street || address.street() != null)) {
      return address;
    }
    if (street) {
      throw ToolFailure.invalidArguments(
          name
              + " must be a street address with the house number, city and ZIP (e.g. 1550"
              + " Dayton St, Aurora, CO 80010); ask the caller for it");
    }
    return new Address(raw.strip(), null, null, null, null, null);
  }

  /**
   * Where the address is, from the geocode activity's chain (cache, Google, Nominatim, gazetteer).
   * An address nothing can place is the model's to fix; a geocoder that is down is retried.
   */
  static GeoPoint locate(GeoActivities geo, ToolContext context, String name, String line) {
    try {
      return geo.geocode(new GeocodeRequest(context.tenantId(), line));
    } catch (ApplicationFailure f) {
      if (GeoActivities.ADDRESS_NOT_FOUND.equals(f.getType())) {
        throw ToolFailure.invalidArguments(
            name
                + " could not be found on the map; ask the caller for the street address with"
                + " the city and ZIP");
      }
      throw f;
    }
  }

  /**
   * The tenant's service code for what the model sent: a code, a service's name, or words the
   * service matcher knows ("clogged sink"). A tenant that lists no services takes any code.
   */
  static String serviceType(ToolContext context, String name, String said) {
    List<TenantProfile.Service> services = context.tenant().services();
    String code = said.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    if (services == null || services.isEmpty()) {
      return code;
    }
    for (TenantProfile.Service s : services) {
      if (s.code().equalsIgnoreCase(code) || s.name().equalsIgnoreCase(said.strip())) {
        return s.code();
      }
    }
    ZonedDateTime now = context.localNow();
    String matched = EXTRACTOR.extract(said, now, services).serviceType();
    if (matched != null) {
      return matched;
    }
    StringBuilder known = new StringBuilder();
    for (TenantProfile.Service s : services) {
      known.append(known.isEmpty() ? "" : ", ").append(s.code()).append(" (").append(s.name());
      known.append(')');
    }
    throw ToolFailure.invalidArguments(
        name
            + " '"
            + said.strip()
            + "' is not a service of this business; use one of: "
            + known
            + ". If none fits, tell the caller and offer a person to call back.");
  }

  /** " (the area code is missing)" from a problem's detail, or "". */
  private static String hint(String problem) {
    int open = problem.lastIndexOf(" (");
    return open >= 0 && problem.endsWith(")") ? problem.substring(open) : "";
  }
}
