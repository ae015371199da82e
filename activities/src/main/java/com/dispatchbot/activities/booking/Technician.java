package com.dispatchbot.activities.booking;

import java.util.List;
import java.util.Map;

/**
 * A technician of one tenant.
 *
 * @param id unique within the tenant, e.g. {@code maria-lopez}
 * @param skills the tenant's service codes this technician does
 * @param weeklyHours working hours per day ({@code mon} ... {@code sun}) in the tenant's zone, in
 *     the format of the tenant's hours; a day left out follows the tenant's hours
 */
public record Technician(
    String id,
    String name,
    String phone,
    List<String> skills,
    double homeLat,
    double homeLng,
    String homeLabel,
    Map<String, String> weeklyHours,
    boolean active) {

  public Technician {
    skills = skills == null ? List.of() : List.copyOf(skills);
    weeklyHours = weeklyHours == null ? Map.of() : Map.copyOf(weeklyHours);
  }

  /** True when this technician can be sent for the service (any service when none is named). */
  boolean does(String serviceType) {
    return serviceType == null || serviceType.isBlank() || skills.contains(serviceType);
  }
}
