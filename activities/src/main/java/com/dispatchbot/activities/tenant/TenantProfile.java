package com.dispatchbot.activities.tenant;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
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
 * @param serviceRadius also served: everything within this distance of a centre, or null
 * @param dispatch how the calendar is cut into windows (never null: defaults when not configured)
 * @param lowConfidencePolicy what the conversation does when it is unsure what the caller wants
 * @param handoff how calls reach the tenant's operators (never null: defaults when not configured)
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
    String emergencyLine,
    ServiceRadius serviceRadius,
    Dispatch dispatch,
    LowConfidencePolicy lowConfidencePolicy,
    Handoff handoff) {

  public TenantProfile {
    dispatch = dispatch == null ? Dispatch.DEFAULTS : dispatch;
    lowConfidencePolicy =
        lowConfidencePolicy == null ? LowConfidencePolicy.CLARIFY : lowConfidencePolicy;
    handoff = handoff == null ? Handoff.DEFAULTS : handoff;
  }

  /** A profile with the default handoff policy. */
  public TenantProfile(
      String id,
      String name,
      String timezone,
      String phone,
      String trade,
      Map<String, String> hours,
      List<Service> services,
      List<String> serviceArea,
      String emergencyLine,
      ServiceRadius serviceRadius,
      Dispatch dispatch,
      LowConfidencePolicy lowConfidencePolicy) {
    this(
        id,
        name,
        timezone,
        phone,
        trade,
        hours,
        services,
        serviceArea,
        emergencyLine,
        serviceRadius,
        dispatch,
        lowConfidencePolicy,
        Handoff.DEFAULTS);
  }

  /** A profile without dispatch settings: no radius, default windows, clarify when unsure. */
  public TenantProfile(
      String id,
      String name,
      String timezone,
      String phone,
      String trade,
      Map<String, String> hours,
      List<Service> services,
      List<String> serviceArea,
      String emergencyLine) {
    this(
        id,
        name,
        timezone,
        phone,
        trade,
        hours,
        services,
        serviceArea,
        emergencyLine,
        null,
        Dispatch.DEFAULTS,
        LowConfidencePolicy.CLARIFY,
        Handoff.DEFAULTS);
  }

  /** The business's time zone; hours and windows are in it (UTC when none is set). */
  public ZoneId zone() {
    return timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone);
  }

  public record Service(String code, String name, String price) {}

  /**
   * @param label how a caller would name the centre, e.g. "downtown Denver"
   */
  public record ServiceRadius(double lat, double lng, double km, String label) {}

  /**
   * How the technicians' calendars are offered.
   *
   * @param slotMinutes length of a job per service code; {@code defaultSlotMinutes} for the rest
   * @param slotStepMinutes windows start on this grid of the local clock (60: on the hour)
   * @param leadTimeMinutes a routine window starts at least this long after the call
   * @param horizonDays how far ahead availability looks
   * @param holdMinutes how long an offered window is held while the caller decides
   */
  public record Dispatch(
      int defaultSlotMinutes,
      Map<String, Integer> slotMinutes,
      int slotStepMinutes,
      int leadTimeMinutes,
      int horizonDays,
      int holdMinutes,
      Emergency emergency) {

    public static final Dispatch DEFAULTS =
        new Dispatch(120, Map.of(), 60, 60, 14, 10, Emergency.NONE);

    public Dispatch {
      defaultSlotMinutes = defaultSlotMinutes > 0 ? defaultSlotMinutes : 120;
      slotMinutes = slotMinutes == null ? Map.of() : Map.copyOf(slotMinutes);
      slotStepMinutes = slotStepMinutes > 0 ? slotStepMinutes : 60;
      leadTimeMinutes = Math.max(0, leadTimeMinutes);
      horizonDays = horizonDays > 0 ? Math.min(horizonDays, 60) : 14;
      holdMinutes = holdMinutes > 0 ? holdMinutes : 10;
      emergency = emergency == null ? Emergency.NONE : emergency;
    }

    /** How long a job of this service takes on the calendar. */
    public Duration slotLength(String serviceCode) {
      Integer minutes = serviceCode == null ? null : slotMinutes.get(serviceCode);
      return Duration.ofMinutes(minutes != null && minutes > 0 ? minutes : defaultSlotMinutes);
    }

    public Duration hold() {
      return Duration.ofMinutes(holdMinutes);
    }
  }

  /**
   * Emergency call-outs.
   *
   * @param callouts true when a technician is sent outside opening hours for an emergency
   * @param service the service code of the call-out (its price is quoted to the caller)
   * @param hours when call-outs are possible, every day (e.g. {@code 00:00-24:00})
   */
  public record Emergency(boolean callouts, String service, String hours) {
    public static final Emergency NONE = new Emergency(false, null, null);
  }

  /** Below the confidence threshold: ask the caller again, or hand the call to a person. */
  public enum LowConfidencePolicy {
    CLARIFY,
    HANDOFF;

    /** {@code clarify} or {@code handoff}, as written in the profile. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the profile's value; anything else (or nothing) means clarify. */
    public static LowConfidencePolicy of(String code) {
      return code != null && code.trim().equalsIgnoreCase("handoff") ? HANDOFF : CLARIFY;
    }
  }

  /**
   * How calls reach the tenant's operators. Profile JSON: {@code "handoff": {"emergency":
   * "handoff"|"bot_only", "slaSeconds": 120, "webhookUrl": "https://..."}}.
   *
   * @param emergencyToPerson an emergency goes to a person after the safety steps (default); false:
   *     the bot books the emergency visit itself
   * @param sla how long an open handoff waits for an operator before the bot promises a callback
   * @param webhookUrl also told about every new handoff (POST, JSON), or null
   */
  public record Handoff(boolean emergencyToPerson, Duration sla, String webhookUrl) {
    public static final Handoff DEFAULTS = new Handoff(true, Duration.ofMinutes(2), null);

    public Handoff {
      sla = sla == null || sla.isNegative() || sla.isZero() ? Duration.ofMinutes(2) : sla;
      webhookUrl = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.strip();
    }
  }
}
