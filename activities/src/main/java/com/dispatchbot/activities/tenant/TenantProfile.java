package com.dispatchbot.activities.tenant;

import java.util.List;
import java.util.Map;

/**
 * What the bot knows about a business without asking its knowledge base: the facts a front desk
 * repeats all day. Stored as the {@code tenants.profile} JSON column.
 *
 * @param hours opening hours per day ({@code mon} ... {@code sun}), e.g. {@code 08:00-18:00}, or
 *     {@code closed}
 * @param services what the business does, with a price line a caller can be quoted
 * @param serviceArea cities and ZIP codes served
 * @param emergencyLine a number that is answered around the clock, if any
 */
public record TenantProfile(
    String id,
    String name,
    String timezone,
    String phone,
    String trade,
    Map<String, String> hours,
    List<Service> services,
    List<String> serviceArea,
    String emergencyLine) {

  public record Service(String code, String name, String price) {}
}
