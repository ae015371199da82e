package com.dispatchbot.api.nlu;

import com.dispatchbot.workflows.slots.Address;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import com.dispatchbot.workflows.slots.SlotActivities.TimeWindow;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** Request and response bodies of {@code POST /v1/nlu/parse}. */
final class NluApi {
  private NluApi() {}

  /**
   * @param referenceTime "now" for relative dates; default: the server's clock
   * @param timezone IANA zone of the answer; default: the tenant's
   * @param tenantId optional: the tenant is the API key's; when given it must be the key's
   */
  record ParseRequest(
      @Schema(example = "Can someone come tomorrow afternoon? No hot water.") String text,
      @Schema(example = "2026-03-06T10:00:00-07:00") String referenceTime,
      @Schema(example = "America/Denver") String timezone,
      @Schema(example = "demo") String tenantId) {}

  record ParseResponse(String intent, double confidence, SlotsView slots) {}

  /** The slots as the API shows them; {@code timeWindow} only when a window could be given. */
  record SlotsView(
      String date,
      String time,
      @JsonInclude(JsonInclude.Include.NON_NULL) TimeWindow timeWindow,
      String phone,
      Address address,
      String serviceType,
      String name) {
    static SlotsView of(Slots s) {
      return new SlotsView(
          s.date(), s.time(), s.timeWindow(), s.phone(), s.address(), s.serviceType(), s.name());
    }
  }
}
