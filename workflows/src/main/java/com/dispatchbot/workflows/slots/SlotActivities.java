package com.dispatchbot.workflows.slots;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Finds the details a booking needs in what the caller said. */
@ActivityInterface
public interface SlotActivities {

  /**
   * @param referenceTimeMillis "now" for relative dates ("tomorrow afternoon"): the workflow's time
   * @param timezone the tenant's IANA zone; dates and windows are in it
   * @param refineWithModel also ask the configured model (when there is one) and merge its checked
   *     answer in: a model call, so the conversation asks for it only while a booking is in
   *     progress; false: the offline extractor alone
   */
  record ExtractRequest(
      String tenantId,
      String text,
      long referenceTimeMillis,
      String timezone,
      boolean refineWithModel) {

    /** Offline extraction refined by the model when one is configured. */
    public ExtractRequest(String tenantId, String text, long referenceTimeMillis, String timezone) {
      this(tenantId, text, referenceTimeMillis, timezone, true);
    }
  }

  /**
   * A concrete window the caller asked for, as ISO-8601 offset date-times in the tenant's zone.
   *
   * @param label how the caller put it, e.g. {@code afternoon}, {@code 3pm}
   */
  record TimeWindow(String start, String end, String label) {}

  /**
   * What was found; null where nothing was said. {@code problems} lists what was said but cannot be
   * used, each as {@code code: detail} with codes {@code impossible_date}, {@code past_time},
   * {@code non_us_phone}, {@code invalid_phone}, {@code unparseable_address}.
   *
   * @param date YYYY-MM-DD
   * @param time HH:mm (24 h), when a time of day was said
   * @param phone E.164
   * @param serviceType one of the tenant's service codes, when the problem names one
   */
  record Slots(
      String date,
      String time,
      TimeWindow timeWindow,
      String phone,
      Address address,
      String serviceType,
      String name,
      List<String> problems) {
    public static Slots none() {
      return new Slots(null, null, null, null, null, null, null, List.of());
    }
  }

  @ActivityMethod
  Slots extractSlots(ExtractRequest request);
}
