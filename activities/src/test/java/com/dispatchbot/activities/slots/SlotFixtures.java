package com.dispatchbot.activities.slots;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.slots.SlotActivities.ExtractRequest;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sample tenant (a Denver plumbing and HVAC company) and a way to ask the real activity. */
final class SlotFixtures {
  private SlotFixtures() {}

  static final String ZONE = "America/Denver";

  /** Wednesday 4 March 2026, 10:00 in Denver (MST, four days before clocks go forward). */
  static final String WEDNESDAY_10AM = "2026-03-04T10:00:00-07:00";

  static final TenantProfile DEMO =
      new TenantProfile(
          "demo",
          "Acme Plumbing & HVAC",
          ZONE,
          "+13035550142",
          "plumbing, heating and air conditioning",
          Map.of("mon", "07:00-18:00"),
          List.of(
              new TenantProfile.Service("drain_cleaning", "Drain cleaning", "$149"),
              new TenantProfile.Service("leak_repair", "Leak repair", "from $125"),
              new TenantProfile.Service(
                  "water_heater", "Water heater repair or replacement", "from $189"),
              new TenantProfile.Service("toilet_repair", "Toilet repair", "from $110"),
              new TenantProfile.Service("furnace_repair", "Furnace repair", "$89"),
              new TenantProfile.Service("ac_tune_up", "AC tune-up", "$99"),
              new TenantProfile.Service("ac_repair", "AC repair", "$89"),
              new TenantProfile.Service(
                  "emergency_call", "Emergency call-out (nights, weekends)", "$199")),
          List.of("Denver", "80202"),
          "+13035550199");

  /** A directory that knows the sample tenant only. */
  static TenantDirectory directory() {
    return new TenantDirectory(null) {
      @Override
      public Optional<TenantProfile> find(String id) {
        return "demo".equals(id) ? Optional.of(DEMO) : Optional.empty();
      }
    };
  }

  static final SlotActivitiesImpl ACTIVITIES = new SlotActivitiesImpl(directory());

  /** What the workflow would get for this message at this moment in Denver. */
  static Slots slots(String text, String referenceTime) {
    long millis = OffsetDateTime.parse(referenceTime).toInstant().toEpochMilli();
    return ACTIVITIES.extractSlots(new ExtractRequest("demo", text, millis, ZONE));
  }

  static Slots slots(String text) {
    return slots(text, WEDNESDAY_10AM);
  }
}
