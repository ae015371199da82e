package com.dispatchbot.activities.tools;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Denver plumbing shop, a calendar that records what it is asked, and a map of one ZIP. */
final class ToolFixtures {
  static final Map<String, String> HOURS =
      Map.of(
          "mon", "07:00-18:00",
          "tue", "07:00-18:00",
          "wed", "07:00-18:00",
          "thu", "07:00-18:00",
          "fri", "07:00-18:00",
          "sat", "08:00-14:00",
          "sun", "closed");

  static final TenantProfile SHOP =
      new TenantProfile(
          "shop",
          "Acme Plumbing & HVAC",
          "America/Denver",
          "+13035550142",
          "plumbing",
          HOURS,
          List.of(
              new TenantProfile.Service("drain_cleaning", "Drain cleaning", "$149"),
              new TenantProfile.Service("leak_repair", "Leak repair", "from $125"),
              new TenantProfile.Service("water_heater", "Water heater repair", "from $189")),
          List.of("Denver", "Aurora", "80010"),
          "+13035550199",
          null,
          new TenantProfile.Dispatch(
              120,
              Map.of(),
              60,
              60,
              14,
              10,
              new TenantProfile.Emergency(true, "emergency_call", "00:00-24:00")),
          TenantProfile.LowConfidencePolicy.CLARIFY);

  /** Monday 4 March 2030, 10:00 in Denver. */
  static final Instant MONDAY_10AM = OffsetDateTime.parse("2030-03-04T10:00:00-07:00").toInstant();

  private ToolFixtures() {}

  static ToolContext context(Instant now) {
    return new ToolContext(SHOP, "conv-shop-1", 3, "call_1", now);
  }

  /** Places every address at the Aurora ZIP 80010, except those that say "nowhere". */
  static GeoActivities map() {
    return request -> {
      if (request.address().contains("nowhere")) {
        throw ApplicationFailure.newNonRetryableFailure(
            "nothing can place it", GeoActivities.ADDRESS_NOT_FOUND);
      }
      return new GeoPoint(39.73, -104.84, "gazetteer", "zip", false, null, "80010", "Aurora", "CO");
    };
  }

  static RetrievedContext nothingRelevant() {
    return RetrievedContext.none();
  }

  /** Answers availability with the given windows and remembers the requests. */
  static final class Calendar implements BookingActivities {
    final List<AvailabilityRequest> asked = new ArrayList<>();
    final List<BookRequest> booked = new ArrayList<>();
    List<Slot> free = List.of();
    boolean inArea = true;

    @Override
    public Availability findAvailability(AvailabilityRequest request) {
      asked.add(request);
      return inArea
          ? new Availability(true, null, free)
          : new Availability(false, "we don't serve that area.", List.of());
    }

    @Override
    public Hold holdSlot(HoldRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void releaseHolds(ReleaseRequest request) {}

    @Override
    public Booking bookAppointment(BookRequest request) {
      booked.add(request);
      Slot s = request.slot();
      return new Booking(
          new Appointment(
              "6f1c1a0e-0000-4000-8000-000000000001",
              s.technicianId(),
              s.technicianName(),
              request.serviceType(),
              s.start(),
              s.end(),
              "booked",
              request.address().line(),
              request.emergency()),
          true,
          List.of());
    }

    @Override
    public List<Appointment> findAppointments(LookupRequest request) {
      return List.of();
    }

    @Override
    public Booking reschedule(RescheduleRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Booking cancel(CancelRequest request) {
      throw new UnsupportedOperationException();
    }
  }

  /** The offers of one conversation, without a database. */
  static ToolExecutionLog offers(CalendarJson.Offer... offers) {
    return new ToolExecutionLog(null) {
      @Override
      public Optional<CalendarJson.Offer> offered(
          String tenantId, String workflowId, String slotId) {
        for (CalendarJson.Offer o : offers) {
          if (CalendarJson.slotId(o.slot()).equals(slotId)) {
            return Optional.of(o);
          }
        }
        return Optional.empty();
      }
    };
  }
}
