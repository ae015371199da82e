package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.slots.Address;
import com.dispatchbot.workflows.slots.SlotActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In-memory stand-ins for slot extraction, geocoding, the calendar and tenant settings, for
 * workflow tests. They keep the contracts' promises that the workflow relies on: idempotency keys,
 * taken windows answered with alternatives, holds that block other conversations.
 */
final class DispatchFakes {
  static final ZoneId DENVER = ZoneId.of("America/Denver");

  private DispatchFakes() {}

  static final class Settings implements TenantSettingsActivities {
    volatile LowConfidencePolicy policy = LowConfidencePolicy.CLARIFY;
    volatile EmergencyPolicy emergencyPolicy = EmergencyPolicy.HANDOFF;
    volatile Duration handoffSla = Duration.ofMinutes(2);

    @Override
    public TenantSettings tenantSettings(String tenantId) {
      return new TenantSettings(
          tenantId,
          "Acme Plumbing & HVAC",
          DENVER.getId(),
          policy,
          Duration.ofMinutes(5),
          emergencyPolicy,
          handoffSla);
    }
  }

  /** Understands just enough of the scripted test calls. */
  static final class Slots implements SlotActivities {
    private static final Pattern ADDRESS =
        Pattern.compile("(\\d+ [A-Za-z ]+ (?:St|Ave|Blvd)), ([A-Za-z ]+), (CO) (\\d{5})");
    private static final Pattern PHONE = Pattern.compile("\\+1\\d{10}");

    @Override
    public Slots extractSlots(ExtractRequest request) {
      String text = request.text();
      String lower = text.toLowerCase();
      Address address = null;
      Matcher m = ADDRESS.matcher(text);
      if (m.find()) {
        address =
            new Address(m.group(0), m.group(1), null, m.group(2).strip(), m.group(3), m.group(4));
      }
      String service =
          lower.contains("drain")
              ? "drain_cleaning"
              : lower.contains("ac ") || lower.contains("air condition") ? "ac_repair" : null;
      TimeWindow window = null;
      if (lower.contains("tomorrow morning")) {
        ZonedDateTime day =
            Instant.ofEpochMilli(request.referenceTimeMillis())
                .atZone(ZoneId.of(request.timezone()))
                .truncatedTo(ChronoUnit.DAYS)
                .plusDays(1);
        window =
            new TimeWindow(
                day.withHour(8).toOffsetDateTime().toString(),
                day.withHour(12).toOffsetDateTime().toString(),
                "tomorrow morning");
      }
      Matcher phone = PHONE.matcher(text);
      List<String> problems = new ArrayList<>();
      if (lower.contains("february 30")) {
        problems.add("impossible_date: February 30");
      }
      return new Slots(
          null,
          null,
          window,
          phone.find() ? phone.group() : null,
          address,
          service,
          null,
          List.copyOf(problems));
    }
  }

  static final class Geo implements GeoActivities {
    @Override
    public GeoPoint geocode(GeocodeRequest request) {
      String line = request.address();
      if (line.contains("Nowhere")) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no geocoder knows " + line, ADDRESS_NOT_FOUND);
      }
      if (line.contains("Boulder")) {
        return new GeoPoint(
            40.015, -105.27, "gazetteer", "zip", false, line, "80302", "Boulder", "CO");
      }
      return new GeoPoint(
          39.7508, -104.9966, "gazetteer", "zip", false, line, "80202", "Denver", "CO");
    }
  }

  /** A two-technician calendar. */
  static final class Calendar implements BookingActivities {
    record Held(String workflowId, Slot slot) {}

    final Map<String, Booking> byKey = new ConcurrentHashMap<>();
    final Map<String, Appointment> appointments = new ConcurrentHashMap<>();
    final Map<String, String> phones = new ConcurrentHashMap<>();
    final List<Held> holds = new CopyOnWriteArrayList<>();
    final List<String> releasedFor = new CopyOnWriteArrayList<>();
    final Set<String> takenByOthers = ConcurrentHashMap.newKeySet();
    final List<BookRequest> bookRequests = new CopyOnWriteArrayList<>();

    @Override
    public Availability findAvailability(AvailabilityRequest request) {
      if ("Boulder".equals(request.city())) {
        return new Availability(
            false, "we only serve the Denver metro area (Denver, Aurora, Lakewood).", List.of());
      }
      ZonedDateTime day =
          Instant.ofEpochMilli(request.notBeforeMillis())
              .atZone(DENVER)
              .truncatedTo(ChronoUnit.DAYS)
              .plusDays(1);
      List<Slot> options = new ArrayList<>();
      options.add(slot("t-alex", "Alex", day.withHour(9)));
      options.add(slot("t-maria", "Maria", day.withHour(13)));
      options.add(slot("t-alex", "Alex", day.withHour(15)));
      options.removeIf(s -> isTaken(s));
      return new Availability(
          true, null, options.subList(0, Math.min(request.count(), options.size())));
    }

    private static Slot slot(String id, String name, ZonedDateTime start) {
      DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
      return new Slot(id, name, iso.format(start), iso.format(start.plusHours(2)), 3.2);
    }

    private boolean isTaken(Slot slot) {
      return takenByOthers.contains(slot.start() + slot.technicianId())
          || appointments.values().stream()
              .anyMatch(
                  a ->
                      a.status().equals("booked")
                          && a.start().equals(slot.start())
                          && a.technicianId().equals(slot.technicianId()));
    }

    @Override
    public Hold holdSlot(HoldRequest request) {
      holds.add(new Held(request.workflowId(), request.slot()));
      return new Hold(request.holdKey(), true, null);
    }

    @Override
    public void releaseHolds(ReleaseRequest request) {
      holds.removeIf(h -> h.workflowId().equals(request.workflowId()));
      releasedFor.add(request.workflowId());
    }

    @Override
    public Booking bookAppointment(BookRequest request) {
      bookRequests.add(request);
      Booking earlier = byKey.get(request.idempotencyKey());
      if (earlier != null) {
        return new Booking(earlier.appointment(), false, List.of());
      }
      if (isTaken(request.slot())) {
        AvailabilityRequest again =
            new AvailabilityRequest(
                request.tenantId(),
                request.serviceType(),
                request.lat(),
                request.lng(),
                null,
                "Denver",
                false,
                Instant.parse("2026-11-23T16:00:00Z").toEpochMilli(),
                null,
                null,
                3);
        return new Booking(null, false, findAvailability(again).options());
      }
      Appointment appointment =
          new Appointment(
              "appt-" + (appointments.size() + 1),
              request.slot().technicianId(),
              request.slot().technicianName(),
              request.serviceType(),
              request.slot().start(),
              request.slot().end(),
              "booked",
              request.address().line(),
              request.emergency());
      appointments.put(appointment.appointmentId(), appointment);
      phones.put(appointment.appointmentId(), request.customerPhone());
      Booking booking = new Booking(appointment, true, List.of());
      byKey.put(request.idempotencyKey(), booking);
      return booking;
    }

    void existing(String id, String phone, Slot slot, String service, String line) {
      appointments.put(
          id,
          new Appointment(
              id,
              slot.technicianId(),
              slot.technicianName(),
              service,
              slot.start(),
              slot.end(),
              "booked",
              line,
              false));
      phones.put(id, phone);
    }

    @Override
    public List<Appointment> findAppointments(LookupRequest request) {
      return appointments.values().stream()
          .filter(a -> a.status().equals("booked"))
          .filter(a -> request.customerPhone().equals(phones.get(a.appointmentId())))
          .toList();
    }

    @Override
    public Booking reschedule(RescheduleRequest request) {
      Appointment old = appointments.get(request.appointmentId());
      Appointment moved =
          new Appointment(
              old.appointmentId(),
              request.slot().technicianId(),
              request.slot().technicianName(),
              old.serviceType(),
              request.slot().start(),
              request.slot().end(),
              "booked",
              old.addressLine(),
              old.emergency());
      appointments.put(old.appointmentId(), moved);
      return new Booking(moved, true, List.of());
    }

    @Override
    public Booking cancel(CancelRequest request) {
      Appointment old = appointments.get(request.appointmentId());
      Appointment cancelled =
          new Appointment(
              old.appointmentId(),
              old.technicianId(),
              old.technicianName(),
              old.serviceType(),
              old.start(),
              old.end(),
              "cancelled",
              old.addressLine(),
              old.emergency());
      appointments.put(old.appointmentId(), cancelled);
      return new Booking(cancelled, true, List.of());
    }
  }
}
