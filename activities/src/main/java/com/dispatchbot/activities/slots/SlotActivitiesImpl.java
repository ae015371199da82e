package com.dispatchbot.activities.slots;

import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.slots.SlotActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Extracts the booking details from a caller message with the offline {@link SlotExtractor}:
 * libphonenumber for phones, our own date/time grammar (measured against Natty, PrettyTime and
 * Hawking: see {@link DateTimeParser}), address and name heuristics, and the tenant's services with
 * synonyms. Offline it is in-process (well under a millisecond for most messages) and deterministic
 * for a given request (the reference time is the workflow's, never a clock), so a retry returns the
 * same slots. When a model is configured (AI_MODE=auto and a key) and the request asks for it (the
 * conversation does while a booking is in progress), {@link LlmSlotExtractor} asks it once and
 * merges its checked answer in; that costs a model call and is no longer deterministic (Temporal
 * records the result, so replays are unaffected); set AI_MODE=rules_based to keep the offline
 * extractor alone. Things said that cannot be used come back as {@link Slots#problems()}, not as
 * failures; only an unknown tenant or zone fails, for good.
 */
@Component("slotActivities")
public class SlotActivitiesImpl implements SlotActivities {
  /** The failure type when the tenant does not exist: retrying cannot make it appear. */
  public static final String UNKNOWN_TENANT = "UnknownTenant";

  /** The failure type when the request's time zone is not an IANA zone. */
  public static final String INVALID_TIMEZONE = "InvalidTimezone";

  private final TenantDirectory tenants;
  private final SlotExtractor extractor = new SlotExtractor();
  private final LlmSlotExtractor llm;

  /** Offline only. */
  public SlotActivitiesImpl(TenantDirectory tenants) {
    this(tenants, LlmProperties.defaults());
  }

  /** Offline, and the configured LLM on top when AI_MODE and the key allow one. */
  @Autowired
  public SlotActivitiesImpl(TenantDirectory tenants, LlmProperties llm) {
    this.tenants = tenants;
    this.llm = new LlmSlotExtractor(llm);
  }

  @Override
  public Slots extractSlots(ExtractRequest request) {
    if (request == null || request.tenantId() == null) {
      throw unknownTenant(null);
    }
    TenantProfile tenant =
        tenants.find(request.tenantId()).orElseThrow(() -> unknownTenant(request.tenantId()));
    if (request.text() == null || request.text().isBlank()) {
      return Slots.none();
    }
    ZoneId zone = zone(request.timezone(), tenant.timezone());
    ZonedDateTime reference = Instant.ofEpochMilli(request.referenceTimeMillis()).atZone(zone);
    Slots offline = extractor.extract(request.text(), reference, tenant.services());
    return request.refineWithModel()
        ? llm.improve(offline, request.text(), reference, tenant.services())
        : offline;
  }

  /** The request's zone, else the tenant's, else UTC. */
  static ZoneId zone(String requested, String tenantZone) {
    String id = requested != null && !requested.isBlank() ? requested : tenantZone;
    if (id == null || id.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          "'" + id + "' is not a time zone; use an IANA name such as America/Denver",
          INVALID_TIMEZONE);
    }
  }

  private static ApplicationFailure unknownTenant(String tenantId) {
    return ApplicationFailure.newNonRetryableFailure(
        "no tenant with id " + tenantId, UNKNOWN_TENANT);
  }
}
