package com.dispatchbot.activities.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Appointment;
import com.dispatchbot.workflows.booking.BookingActivities.Availability;
import com.dispatchbot.workflows.booking.BookingActivities.AvailabilityRequest;
import com.dispatchbot.workflows.booking.BookingActivities.BookRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Booking;
import com.dispatchbot.workflows.booking.BookingActivities.CancelRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Hold;
import com.dispatchbot.workflows.booking.BookingActivities.HoldRequest;
import com.dispatchbot.workflows.booking.BookingActivities.LookupRequest;
import com.dispatchbot.workflows.booking.BookingActivities.ReleaseRequest;
import com.dispatchbot.workflows.booking.BookingActivities.RescheduleRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Slot;
import com.dispatchbot.workflows.slots.Address;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The calendar against the real Postgres: what a dispatcher relies on is that a technician is never
 * sent to two places at once, whatever callers, retries and holds do. Each test has its own tenant;
 * the week is Monday 4 March 2030 in Denver (MST, -07:00).
 */
class BookingActivitiesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MON = "2030-03-04";
  // homes: downtown Denver, Aurora, Lakewood
  static final Technician ANN =
      tech("ann", "Ann Lee", 39.7392, -104.9903, "drain_cleaning", "leak_repair");
  static final Technician BOB =
      tech("bob", "Bob Ortiz", 39.7294, -104.8319, "drain_cleaning", "leak_repair");
  static final Technician CY = tech("cy", "Cy Park", 39.7106, -105.0812, "furnace_repair");
  static final double[] AURORA_JOB = {39.7300, -104.8400};
  static final double[] LITTLETON_JOB = {39.6133, -105.0166};
  static final Address AURORA_ADDRESS =
      new Address(
          "1550 Dayton St, Aurora, CO 80010", "1550 Dayton St", null, "Aurora", "CO", "80010");

  static final Map<String, String> SHOP =
      Map.of(
          "mon", "08:00-17:00",
          "tue", "08:00-17:00",
          "wed", "08:00-17:00",
          "thu", "08:00-17:00",
          "fri", "08:00-17:00",
          "sat", "08:00-12:00",
          "sun", "closed");

  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  static TechnicianRoster roster;
  static BookingActivitiesImpl booking;
  static ExecutorService callers;

  @BeforeAll
  static void setUp() {
    db = PostgresTestDatabase.schema("it_booking");
    jdbc = db.jdbc();
    roster = new TechnicianRoster(jdbc);
    booking = new BookingActivitiesImpl(jdbc, db.transactions(), new TenantDirectory(jdbc), roster);
    callers = Executors.newFixedThreadPool(100);
  }

  @AfterAll
  static void tearDown() {
    callers.shutdownNow();
  }

  // --- no double booking -----------------------------------------------------------------------

  @Test
  void givenOneWindow_when100CallersBookItAtOnce_itShouldBookItOnceAndOfferTheOthersOtherWindows()
      throws Exception {
    String tenant = newTenant("America/Denver", ANN, BOB);
    Slot bobAtEight = slot(BOB, MON + "T08:00:00-07:00", MON + "T10:00:00-07:00");
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Booking>> attempts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String workflowId = "conv-" + tenant + "-caller" + i;
      attempts.add(
          callers.submit(
              () -> {
                go.await();
                return booking.bookAppointment(bookRequest(tenant, workflowId, bobAtEight, false));
              }));
    }
    go.countDown();
    List<Booking> outcomes = new ArrayList<>();
    for (Future<Booking> attempt : attempts) {
      outcomes.add(attempt.get(5, TimeUnit.MINUTES));
    }

    List<Booking> booked = outcomes.stream().filter(b -> !b.taken()).toList();
    List<Booking> taken = outcomes.stream().filter(Booking::taken).toList();
    assertThat(booked).hasSize(1);
    assertThat(booked.get(0).created()).isTrue();
    assertThat(booked.get(0).appointment().technicianId()).isEqualTo("bob");
    assertThat(booked.get(0).appointment().start()).isEqualTo(bobAtEight.start());
    assertThat(rows(tenant)).isEqualTo(1);
    assertThat(taken).hasSize(99);
    assertThat(taken)
        .allSatisfy(
            t -> {
              assertThat(t.alternatives()).isNotEmpty();
              assertThat(t.alternatives()).noneMatch(s -> sameWindow(s, bobAtEight));
            });
  }

  @Test
  void givenABookingThatSucceeded_whenTheActivityIsRetried_itShouldReturnTheSameAppointmentOnce() {
    String tenant = newTenant("America/Denver", ANN, BOB);
    BookRequest request =
        bookRequest(tenant, "conv-" + tenant + "-1", slot(BOB, at(9), at(11)), false);

    Booking first = booking.bookAppointment(request);
    Booking retried = booking.bookAppointment(request);

    assertThat(first.created()).isTrue();
    assertThat(retried.created()).isFalse();
    assertThat(retried.appointment()).isEqualTo(first.appointment());
    assertThat(rows(tenant)).isEqualTo(1);
  }

  // --- holds -------------------------------------------------------------------------------------

  @Test
  void givenAWindowHeldForOneCaller_whenAnotherCallerBooksIt_itShouldBeTakenWithOtherWindows() {
    String tenant = newTenant("America/Denver", ANN, BOB);
    Slot window = slot(BOB, at(8), at(10));
    Hold hold = booking.holdSlot(holdRequest(tenant, "conv-" + tenant + "-a", "a:1:0", window));

    Booking other =
        booking.bookAppointment(bookRequest(tenant, "conv-" + tenant + "-b", window, false));
    Hold otherHold =
        booking.holdSlot(holdRequest(tenant, "conv-" + tenant + "-b", "b:1:0", window));

    assertThat(hold.held()).isTrue();
    assertThat(other.taken()).isTrue();
    assertThat(other.alternatives()).isNotEmpty().noneMatch(s -> sameWindow(s, window));
    assertThat(otherHold.held()).isFalse();
    assertThat(otherHold.reason()).isEqualTo(BookingActivitiesImpl.TAKEN);
  }

  @Test
  void givenAWindowHeldForACaller_whenThatCallerBooksIt_itShouldBecomeTheAppointment() {
    String tenant = newTenant("America/Denver", ANN, BOB);
    String workflowId = "conv-" + tenant + "-a";
    Slot chosen = slot(BOB, at(8), at(10));
    Slot notChosen = slot(ANN, at(8), at(10));
    Hold hold = booking.holdSlot(holdRequest(tenant, workflowId, "a:1:0", chosen));
    Hold retriedHold = booking.holdSlot(holdRequest(tenant, workflowId, "a:1:0", chosen));
    booking.holdSlot(holdRequest(tenant, workflowId, "a:1:1", notChosen));

    Booking booked = booking.bookAppointment(bookRequest(tenant, workflowId, chosen, false));

    assertThat(retriedHold.holdId()).isEqualTo(hold.holdId());
    assertThat(booked.created()).isTrue();
    assertThat(booked.appointment().appointmentId()).isEqualTo(hold.holdId());
    assertThat(booked.appointment().status()).isEqualTo("booked");
    assertThat(rows(tenant)).as("the other offer's hold is released").isEqualTo(1);
    assertThat(
            booking
                .bookAppointment(bookRequest(tenant, "conv-" + tenant + "-b", notChosen, false))
                .created())
        .isTrue();
  }

  @Test
  void givenAHoldThatHasExpired_whenAnotherCallerBooksTheWindow_itShouldBook() {
    String tenant = newTenant("America/Denver", ANN, BOB);
    Slot window = slot(BOB, at(8), at(10));
    Hold hold = booking.holdSlot(holdRequest(tenant, "conv-" + tenant + "-a", "a:1:0", window));
    // the caller went quiet past the hold's expiry
    jdbc.sql("update appointments set expires_at = now() - interval '1 minute' where id = ?")
        .param(UUID.fromString(hold.holdId()))
        .update();

    assertThat(availability(tenant, "leak_repair", AURORA_JOB, at(7), 10).options())
        .anyMatch(s -> sameWindow(s, window));
    Booking other =
        booking.bookAppointment(bookRequest(tenant, "conv-" + tenant + "-b", window, false));

    assertThat(other.created()).isTrue();
    assertThat(rows(tenant)).isEqualTo(1);
  }

  @Test
  void givenHeldOffers_whenTheCallHangsUpAndHoldsAreReleased_itShouldFreeTheWindows() {
    String tenant = newTenant("America/Denver", BOB);
    String workflowId = "conv-" + tenant + "-a";
    List<Slot> offered = availability(tenant, "leak_repair", AURORA_JOB, at(7), 3).options();
    for (int i = 0; i < offered.size(); i++) {
      booking.holdSlot(holdRequest(tenant, workflowId, "a:1:" + i, offered.get(i)));
    }
    List<Slot> whileHeld = availability(tenant, "leak_repair", AURORA_JOB, at(7), 3).options();

    booking.releaseHolds(new ReleaseRequest(tenant, workflowId));
    booking.releaseHolds(new ReleaseRequest(tenant, workflowId));

    assertThat(whileHeld).noneMatch(s -> offered.stream().anyMatch(o -> sameWindow(s, o)));
    assertThat(availability(tenant, "leak_repair", AURORA_JOB, at(7), 3).options())
        .containsExactlyElementsOf(offered);
    assertThat(rows(tenant)).isZero();
  }

  // --- availability ------------------------------------------------------------------------------

  @Test
  void givenTwoPlumbers_whenTheJobIsInAurora_itShouldOfferThePlumberWhoLivesThereFirst() {
    String tenant = newTenant("America/Denver", ANN, BOB, CY);

    Availability a = availability(tenant, "leak_repair", AURORA_JOB, at(7), 3);

    assertThat(a.inServiceArea()).isTrue();
    assertThat(a.options()).hasSize(3);
    assertThat(a.options().get(0).technicianId()).isEqualTo("bob");
    assertThat(a.options().get(0).start()).isEqualTo(MON + "T08:00:00-07:00");
    assertThat(a.options().get(0).end()).isEqualTo(MON + "T10:00:00-07:00");
    assertThat(a.options().get(0).travelKm()).isLessThan(1);
  }

  @Test
  void givenAJobBookedInLittleton_whenAnotherLittletonJobAsks_itShouldRouteThatTechnicianOnward() {
    String tenant = newTenant("America/Denver", ANN, BOB);
    BookRequest morning =
        new BookRequest(
            tenant,
            "k1",
            null,
            slot(ANN, at(8), at(10)),
            "leak_repair",
            new Address("5 Main St, Littleton, CO", "5 Main St", null, "Littleton", "CO", "80120"),
            LITTLETON_JOB[0],
            LITTLETON_JOB[1],
            "+13035550101",
            "Lee",
            false);
    assertThat(booking.bookAppointment(morning).created()).isTrue();

    Availability a = availability(tenant, "drain_cleaning", LITTLETON_JOB, at(7), 3);

    assertThat(a.options().get(0).technicianId()).isEqualTo("ann");
    assertThat(a.options().get(0).start()).isEqualTo(MON + "T10:00:00-07:00");
    assertThat(a.options().get(0).travelKm()).isLessThan(1);
  }

  @Test
  void givenAFurnaceRepair_whenAsking_itShouldOnlyOfferTheHvacTechnician() {
    String tenant = newTenant("America/Denver", ANN, BOB, CY);

    Availability a = availability(tenant, "furnace_repair", AURORA_JOB, at(7), 3);

    assertThat(a.options()).hasSize(3).extracting(Slot::technicianId).containsOnly("cy");
  }

  @Test
  void givenAShopInNewYork_whenAskingAtMidnight_itShouldOfferEightOClockEasternTime()
      throws Exception {
    var manhattan =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(profile(SHOP, true));
    manhattan.remove("serviceRadius");
    manhattan.putArray("serviceArea").add("New York");
    String tenant = newTenant("America/New_York", manhattan.toString(), ANN);

    Availability a =
        booking.findAvailability(
            new AvailabilityRequest(
                tenant,
                "leak_repair",
                40.7,
                -74.0,
                "10001",
                "New York",
                false,
                millis("2030-03-04T00:00:00-05:00"),
                null,
                null,
                2));

    assertThat(a.inServiceArea()).isTrue();
    assertThat(a.options())
        .extracting(Slot::start)
        .containsExactly("2030-03-04T08:00:00-05:00", "2030-03-04T10:00:00-05:00");
  }

  @Test
  void givenTheSundayClocksSpringForward_whenASundayShopIsAsked_itShouldOpenAtEightDaylightTime() {
    String tenant =
        newTenant(
            "America/Denver",
            profile(Map.of("sat", "08:00-12:00", "sun", "08:00-12:00"), true),
            ANN);

    Availability a =
        booking.findAvailability(
            new AvailabilityRequest(
                tenant,
                "leak_repair",
                AURORA_JOB[0],
                AURORA_JOB[1],
                null,
                "Aurora",
                false,
                millis("2030-03-09T13:00:00-07:00"),
                null,
                null,
                1));

    assertThat(a.options())
        .extracting(Slot::start, Slot::end)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "2030-03-10T08:00:00-06:00", "2030-03-10T10:00:00-06:00"));
  }

  @Test
  void
      givenAnEmergencyAtNight_whenTheShopDoesCallOuts_itShouldOfferTonightAndBookItAsAnEmergency() {
    String tenant = newTenant("America/Denver", ANN, BOB);

    Availability a =
        booking.findAvailability(
            new AvailabilityRequest(
                tenant,
                "leak_repair",
                AURORA_JOB[0],
                AURORA_JOB[1],
                "80010",
                "Aurora",
                true,
                millis(MON + "T20:07:00-07:00"),
                null,
                null,
                2));
    Booking booked =
        booking.bookAppointment(
            bookRequest(tenant, "conv-" + tenant + "-e", a.options().get(0), true));

    assertThat(a.options())
        .extracting(Slot::technicianId, Slot::start)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bob", MON + "T20:15:00-07:00"),
            org.assertj.core.groups.Tuple.tuple("ann", MON + "T20:15:00-07:00"));
    assertThat(booked.appointment().emergency()).isTrue();
    assertThat(
            jdbc.sql("select priority from appointments where id = ?")
                .param(UUID.fromString(booked.appointment().appointmentId()))
                .query(Integer.class)
                .single())
        .as("emergencies sort first")
        .isZero();
  }

  @Test
  void givenAnAddressInBoulder_whenAsking_itShouldRefusePolitelyAndNameTheArea() {
    String tenant = newTenant("America/Denver", ANN, BOB);

    Availability a =
        booking.findAvailability(
            new AvailabilityRequest(
                tenant,
                "leak_repair",
                40.0150,
                -105.2705,
                "80302",
                "Boulder",
                false,
                millis(at(7)),
                null,
                null,
                3));

    assertThat(a.inServiceArea()).isFalse();
    assertThat(a.options()).isEmpty();
    assertThat(a.reason())
        .contains("Boulder")
        .contains("outside our service area")
        .contains("Denver, Aurora")
        .contains("within 25 km of downtown Denver");
  }

  // --- reschedule and cancel
  // -----------------------------------------------------------------------

  @Test
  void givenABooking_whenRescheduled_itShouldMoveItAndFreeTheOldWindow() {
    String tenant = newTenant("America/Denver", ANN, BOB);
    Slot eight = slot(BOB, at(8), at(10));
    Slot one = slot(BOB, at(13), at(15));
    Appointment original =
        booking
            .bookAppointment(bookRequest(tenant, "conv-" + tenant + "-a", eight, false))
            .appointment();
    RescheduleRequest move =
        new RescheduleRequest(tenant, "conv-" + tenant + "-r:2", original.appointmentId(), one);

    Booking moved = booking.reschedule(move);
    Booking retried = booking.reschedule(move);
    Booking someoneElse =
        booking.bookAppointment(bookRequest(tenant, "conv-" + tenant + "-b", eight, false));

    assertThat(moved.created()).isTrue();
    assertThat(moved.appointment().appointmentId()).isEqualTo(original.appointmentId());
    assertThat(moved.appointment().start()).isEqualTo(one.start());
    assertThat(retried.created()).isFalse();
    assertThat(retried.appointment().start()).isEqualTo(one.start());
    assertThat(someoneElse.created()).as("the old window is free again").isTrue();
  }

  @Test
  void givenAWindowTheReschedulingCallerHeld_whenRescheduledIntoIt_itShouldMoveThere() {
    String tenant = newTenant("America/Denver", BOB);
    Appointment original =
        booking
            .bookAppointment(
                bookRequest(tenant, "conv-" + tenant + "-a", slot(BOB, at(8), at(10)), false))
            .appointment();
    String caller = "conv-" + tenant + "-later";
    Slot three = slot(BOB, at(15), at(17));
    assertThat(booking.holdSlot(holdRequest(tenant, caller, "later:1:0", three)).held()).isTrue();

    Booking moved =
        booking.reschedule(
            new RescheduleRequest(tenant, caller + ":2", original.appointmentId(), three, caller));

    assertThat(moved.created()).isTrue();
    assertThat(moved.appointment().start()).isEqualTo(three.start());
    assertThat(rows(tenant)).isEqualTo(1);
  }

  @Test
  void
      givenAnotherBookingInTheWay_whenRescheduling_itShouldKeepTheAppointmentAndOfferOtherWindows() {
    String tenant = newTenant("America/Denver", BOB);
    Slot eight = slot(BOB, at(8), at(10));
    Slot noon = slot(BOB, at(12), at(14));
    Appointment mine =
        booking
            .bookAppointment(bookRequest(tenant, "conv-" + tenant + "-a", eight, false))
            .appointment();
    booking.bookAppointment(bookRequest(tenant, "conv-" + tenant + "-b", noon, false));

    Booking moved =
        booking.reschedule(new RescheduleRequest(tenant, "r1", mine.appointmentId(), noon));

    assertThat(moved.taken()).isTrue();
    assertThat(moved.alternatives())
        .isNotEmpty()
        .noneMatch(s -> sameWindow(s, noon) || sameWindow(s, eight));
    assertThat(booking.findAppointments(new LookupRequest(tenant, "+13035550100")))
        .extracting(Appointment::start)
        .contains(eight.start());
  }

  @Test
  void givenABooking_whenCancelled_itShouldFreeTheWindowAndAnswerRetriesTheSame() {
    String tenant = newTenant("America/Denver", BOB);
    Slot eight = slot(BOB, at(8), at(10));
    Appointment mine =
        booking
            .bookAppointment(bookRequest(tenant, "conv-" + tenant + "-a", eight, false))
            .appointment();
    CancelRequest cancel =
        new CancelRequest(tenant, "conv-" + tenant + "-c:4", mine.appointmentId(), "caller asked");

    Booking cancelled = booking.cancel(cancel);
    Booking retried = booking.cancel(cancel);

    assertThat(cancelled.created()).isTrue();
    assertThat(cancelled.appointment().status()).isEqualTo("cancelled");
    assertThat(retried.created()).isFalse();
    assertThat(booking.findAppointments(new LookupRequest(tenant, "+13035550100"))).isEmpty();
    assertThat(
            booking
                .bookAppointment(bookRequest(tenant, "conv-" + tenant + "-b", eight, false))
                .created())
        .isTrue();
  }

  @Test
  void givenAnotherBusinessesAppointment_whenCancellingOrMovingIt_itShouldNotBeFound() {
    String a = newTenant("America/Denver", BOB);
    String b = newTenant("America/Denver", BOB);
    Appointment theirs =
        booking
            .bookAppointment(bookRequest(a, "conv-" + a + "-a", slot(BOB, at(8), at(10)), false))
            .appointment();

    assertThatThrownBy(
            () -> booking.cancel(new CancelRequest(b, "x1", theirs.appointmentId(), "prank")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(BookingActivities.APPOINTMENT_NOT_FOUND);
              assertThat(f.isNonRetryable()).isTrue();
            });
    assertThatThrownBy(
            () ->
                booking.reschedule(
                    new RescheduleRequest(
                        b, "x2", theirs.appointmentId(), slot(BOB, at(13), at(15)))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(BookingActivities.APPOINTMENT_NOT_FOUND));
    assertThatThrownBy(() -> booking.cancel(new CancelRequest(a, "x3", "not-an-id", null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(BookingActivities.APPOINTMENT_NOT_FOUND));
    assertThat(booking.findAppointments(new LookupRequest(a, "+13035550100")))
        .extracting(Appointment::status)
        .containsExactly("booked");
  }

  // --- tenants
  // -------------------------------------------------------------------------------------

  @Test
  void givenTwoBusinesses_whenTheyBookAndLookUp_itShouldNeverSeeEachOthersPeopleOrAppointments() {
    String a = newTenant("America/Denver", ANN, BOB);
    String b =
        newTenant("America/Denver", tech("zed", "Zed Ray", 39.7392, -104.9903, "leak_repair"));
    booking.bookAppointment(bookRequest(a, "conv-" + a + "-1", slot(BOB, at(8), at(10)), false));

    Availability seenByB = availability(b, "leak_repair", AURORA_JOB, at(7), 5);
    Booking bTriesAsTech =
        booking.bookAppointment(
            bookRequest(b, "conv-" + b + "-1", slot(BOB, at(10), at(12)), false));

    assertThat(seenByB.options()).isNotEmpty().extracting(Slot::technicianId).containsOnly("zed");
    assertThat(bTriesAsTech.taken()).isTrue();
    assertThat(bTriesAsTech.alternatives()).extracting(Slot::technicianId).containsOnly("zed");
    assertThat(booking.findAppointments(new LookupRequest(b, "(303) 555-0100"))).isEmpty();
    assertThat(booking.findAppointments(new LookupRequest(a, "(303) 555-0100")))
        .singleElement()
        .satisfies(ap -> assertThat(ap.technicianName()).isEqualTo("Bob Ortiz"));
  }

  @Test
  void givenAnUnknownTenant_whenAsking_itShouldFailForGoodWithAReason() {
    assertThatThrownBy(() -> availability("no-such-shop", "leak_repair", AURORA_JOB, at(7), 3))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(BookingActivities.INVALID_REQUEST);
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("no-such-shop");
            });
  }

  // --- sample data -------------------------------------------------------------------------------

  @Test
  void givenTheShippedDemoTechnicians_whenLoadedTwice_itShouldKeepOneRowEachAndCoverEveryService()
      throws Exception {
    Path sampleData = Path.of("..", "src", "main", "resources", "sample-data");
    JsonNode demo = JSON.readTree(Files.readString(sampleData.resolve("demo-tenant.json")));
    JsonNode team = JSON.readTree(Files.readString(sampleData.resolve("demo-technicians.json")));
    String tenant = insertTenant(demo.path("timezone").asText(), demo.path("profile").toString());
    List<Technician> technicians = TechnicianRoster.fromJson(team.path("technicians"));

    int first = roster.upsert(tenant, technicians);
    int second = roster.upsert(tenant, technicians);

    assertThat(first).isBetween(3, 4);
    assertThat(second).isZero();
    assertThat(roster.active(tenant)).hasSize(first);
    TenantProfile profile = new TenantDirectory(jdbc).find(tenant).orElseThrow();
    for (TenantProfile.Service service : profile.services()) {
      assertThat(technicians).as(service.code()).anyMatch(t -> t.does(service.code()));
    }
    for (Technician t : technicians) {
      assertThat(ServiceArea.refusal(profile, null, null, t.homeLat(), t.homeLng()))
          .as(t.name() + " lives in the area")
          .isEmpty();
    }
    Availability drain =
        booking.findAvailability(
            new AvailabilityRequest(
                tenant,
                "drain_cleaning",
                39.7508,
                -104.9966,
                "80202",
                "Denver",
                false,
                millis(at(7)),
                null,
                null,
                3));
    assertThat(drain.options()).hasSize(3);
  }

  // --- helpers -----------------------------------------------------------------------------------

  static Technician tech(String id, String name, double lat, double lng, String... skills) {
    return new Technician(id, name, null, List.of(skills), lat, lng, null, Map.of(), true);
  }

  /** A Denver plumbing and HVAC shop: Mon–Fri 8–5, Sat 8–12, call-outs around the clock. */
  static String profile(Map<String, String> hours, boolean callouts) {
    try {
      return JSON.writeValueAsString(
          Map.of(
              "hours", hours,
              "services",
                  List.of(
                      Map.of("code", "leak_repair", "name", "Leak repair", "price", "from $125"),
                      Map.of("code", "furnace_repair", "name", "Furnace repair", "price", "$89")),
              "serviceArea", List.of("Denver", "Aurora", "Lakewood", "Littleton", "80226"),
              "serviceRadius",
                  Map.of("lat", 39.7392, "lng", -104.9903, "km", 25, "label", "downtown Denver"),
              "dispatch",
                  Map.of(
                      "slotMinutes", Map.of("default", 120),
                      "slotStepMinutes", 60,
                      "leadTimeMinutes", 60,
                      "horizonDays", 14,
                      "holdMinutes", 10,
                      "emergency",
                          Map.of(
                              "callouts",
                              callouts,
                              "service",
                              "emergency_call",
                              "hours",
                              "00:00-24:00"))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String newTenant(String zone, Technician... team) {
    return newTenant(zone, profile(SHOP, true), team);
  }

  static String newTenant(String zone, String profileJson, Technician... team) {
    String tenant = insertTenant(zone, profileJson);
    roster.upsert(tenant, List.of(team));
    return tenant;
  }

  static String insertTenant(String zone, String profileJson) {
    String tenant = "bk-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql("insert into tenants (id, name, timezone, profile) values (?, ?, ?, cast(? as jsonb))")
        .params(tenant, "Acme Plumbing & HVAC", zone, profileJson)
        .update();
    return tenant;
  }

  static String at(int hourOnMonday) {
    return String.format("%sT%02d:00:00-07:00", MON, hourOnMonday);
  }

  static long millis(String iso) {
    return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
  }

  static Slot slot(Technician t, String start, String end) {
    return new Slot(t.id(), t.name(), start, end, 0);
  }

  static boolean sameWindow(Slot a, Slot b) {
    return a.technicianId().equals(b.technicianId())
        && OffsetDateTime.parse(a.start()).isEqual(OffsetDateTime.parse(b.start()))
        && OffsetDateTime.parse(a.end()).isEqual(OffsetDateTime.parse(b.end()));
  }

  static Availability availability(
      String tenant, String service, double[] where, String notBefore, int count) {
    return booking.findAvailability(
        new AvailabilityRequest(
            tenant,
            service,
            where[0],
            where[1],
            null,
            "Aurora",
            false,
            millis(notBefore),
            null,
            null,
            count));
  }

  static BookRequest bookRequest(String tenant, String workflowId, Slot slot, boolean emergency) {
    return new BookRequest(
        tenant,
        workflowId + ":3",
        workflowId,
        slot,
        "leak_repair",
        AURORA_ADDRESS,
        AURORA_JOB[0],
        AURORA_JOB[1],
        "(303) 555-0100",
        "Pat Doe",
        emergency);
  }

  static HoldRequest holdRequest(String tenant, String workflowId, String key, Slot slot) {
    return new HoldRequest(tenant, workflowId, key, slot, System.currentTimeMillis() + 10 * 60_000);
  }

  /** Rows of the tenant's calendar that block a technician (appointments and live holds). */
  static long rows(String tenant) {
    return jdbc.sql(
            "select count(*) from appointments where tenant_id = ? and status in ('held', 'booked')")
        .param(tenant)
        .query(Long.class)
        .single();
  }
}
