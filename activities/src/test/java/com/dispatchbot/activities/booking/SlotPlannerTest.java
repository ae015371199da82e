package com.dispatchbot.activities.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.booking.SlotPlanner.Candidate;
import com.dispatchbot.activities.booking.SlotPlanner.Plan;
import com.dispatchbot.activities.booking.SlotPlanner.Query;
import com.dispatchbot.activities.tenant.TenantProfile;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which windows a caller is offered, and in what order, with the calendar given as lists. */
class SlotPlannerTest {
  static final ZoneId DENVER = ZoneId.of("America/Denver");
  static final Map<String, String> SHOP_HOURS =
      Map.of(
          "mon", "08:00-17:00",
          "tue", "08:00-17:00",
          "wed", "08:00-17:00",
          "thu", "08:00-17:00",
          "fri", "08:00-17:00",
          "sat", "08:00-12:00",
          "sun", "closed");
  // homes: downtown Denver, Aurora, Lakewood
  static final Technician ANN = tech("ann", 39.7392, -104.9903, "drain_cleaning", "leak_repair");
  static final Technician BOB = tech("bob", 39.7294, -104.8319, "drain_cleaning", "leak_repair");
  static final Technician CY = tech("cy", 39.7106, -105.0812, "furnace_repair");
  static final double[] NEAR_BOB = {39.7300, -104.8400};
  static final double[] LITTLETON = {39.6133, -105.0166};

  static Technician tech(String id, double lat, double lng, String... skills) {
    return new Technician(id, id, null, List.of(skills), lat, lng, null, Map.of(), true);
  }

  static TenantProfile tenant(String zone, Map<String, String> hours, boolean callouts) {
    return new TenantProfile(
        "acme",
        "Acme",
        zone,
        null,
        "plumbing",
        hours,
        List.of(new TenantProfile.Service("drain_cleaning", "Drain cleaning", "$149")),
        List.of(),
        null,
        null,
        new TenantProfile.Dispatch(
            120,
            Map.of("drain_cleaning", 90),
            60,
            60,
            14,
            10,
            new TenantProfile.Emergency(callouts, "emergency_call", "00:00-24:00")),
        TenantProfile.LowConfidencePolicy.CLARIFY);
  }

  static Instant at(String local) {
    return OffsetDateTime.parse(local).toInstant();
  }

  static Query routine(String service, double[] where, String notBefore) {
    return new Query(service, where[0], where[1], false, at(notBefore), null, null, 3);
  }

  static BusyWindow job(Technician t, String start, String end, double[] where) {
    return new BusyWindow(
        t.id(),
        new Window(at(start), at(end)),
        where == null ? null : where[0],
        where == null ? null : where[1]);
  }

  static String start(Candidate c, ZoneId zone) {
    return c.window().start().atZone(zone).toOffsetDateTime().toString();
  }

  @Test
  void givenTwoPlumbersFreeAllMorning_whenTheJobIsNearOnesHome_itShouldOfferThatOneFirst() {
    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(
                List.of(ANN, BOB),
                List.of(),
                new Query(
                    "leak_repair",
                    NEAR_BOB[0],
                    NEAR_BOB[1],
                    false,
                    at("2030-03-04T07:00-07:00"),
                    null,
                    null,
                    3));

    assertThat(plan.options()).extracting(c -> c.technician().id()).containsOnly("bob");
    assertThat(plan.options())
        .extracting(c -> start(c, DENVER))
        .as("one technician's options never overlap: all three can be held at once")
        .containsExactly(
            "2030-03-04T08:00-07:00", "2030-03-04T10:00-07:00", "2030-03-04T12:00-07:00");
    assertThat(plan.options().get(0).travelKm()).isLessThan(1);
    assertThat(plan.reason()).isNull();
  }

  @Test
  void givenAPlumberFinishingAJobNextDoor_whenRanking_itShouldMeasureFromThatJobNotFromHome() {
    // Ann lives downtown but works in Littleton until 10:00; the new job is in Littleton too
    List<BusyWindow> calendar =
        List.of(job(ANN, "2030-03-04T08:00-07:00", "2030-03-04T10:00-07:00", LITTLETON));

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(
                List.of(ANN, BOB),
                calendar,
                routine("leak_repair", LITTLETON, "2030-03-04T07:00-07:00"));

    Candidate first = plan.options().get(0);
    assertThat(first.technician().id()).isEqualTo("ann");
    assertThat(start(first, DENVER)).isEqualTo("2030-03-04T10:00-07:00");
    assertThat(first.travelKm()).isLessThan(1);
    assertThat(plan.options())
        .as("Ann's booked morning is never offered")
        .noneMatch(
            c ->
                c.technician() == ANN && c.window().start().isBefore(at("2030-03-04T10:00-07:00")));
  }

  @Test
  void givenAFurnaceJob_whenPlanning_itShouldOnlyOfferTheHvacTechnician() {
    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(
                List.of(ANN, BOB, CY),
                List.of(),
                routine("furnace_repair", NEAR_BOB, "2030-03-04T07:00-07:00"));

    assertThat(plan.options()).isNotEmpty().extracting(c -> c.technician().id()).containsOnly("cy");
  }

  @Test
  void givenAServiceNobodyDoes_whenPlanning_itShouldSaySoInsteadOfOfferingAnyone() {
    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(
                List.of(ANN, BOB),
                List.of(),
                routine("roof_repair", NEAR_BOB, "2030-03-04T07:00-07:00"));

    assertThat(plan.options()).isEmpty();
    assertThat(plan.reason()).contains("roof repair");
  }

  @Test
  void givenATechnicianWorkingTenToTwo_whenPlanning_itShouldOfferOnlyThoseHoursOfTheShopsDay() {
    Technician partTime =
        new Technician(
            "pat",
            "Pat",
            null,
            List.of("leak_repair"),
            39.7392,
            -104.9903,
            null,
            Map.of("mon", "10:00-14:00"),
            true);

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(
                List.of(partTime),
                List.of(),
                new Query(
                    "leak_repair",
                    39.74,
                    -104.99,
                    false,
                    at("2030-03-04T07:00-07:00"),
                    null,
                    null,
                    5));

    // Monday 10-14 is Pat's; Tuesday is not in Pat's hours, so it follows the shop's (from 8)
    assertThat(plan.options())
        .extracting(c -> start(c, DENVER))
        .containsExactly(
            "2030-03-04T10:00-07:00",
            "2030-03-04T12:00-07:00",
            "2030-03-05T08:00-07:00",
            "2030-03-05T10:00-07:00",
            "2030-03-05T12:00-07:00");
  }

  @Test
  void givenAShopInNewYork_whenPlanning_itShouldOpenAtEightEasternTime() {
    Plan plan =
        new SlotPlanner(tenant("America/New_York", SHOP_HOURS, false))
            .plan(
                List.of(ANN),
                List.of(),
                routine("leak_repair", NEAR_BOB, "2030-03-04T00:00-05:00"));

    assertThat(start(plan.options().get(0), ZoneId.of("America/New_York")))
        .isEqualTo("2030-03-04T08:00-05:00");
  }

  @Test
  void givenASundayShopOnTheDayClocksSpringForward_whenPlanning_itShouldStillOpenAtEightLocal() {
    Map<String, String> sundays = Map.of("sun", "08:00-12:00");

    Plan plan =
        new SlotPlanner(tenant("America/Denver", sundays, false))
            .plan(
                List.of(ANN),
                List.of(),
                routine("leak_repair", NEAR_BOB, "2030-03-09T23:00-07:00"));

    Candidate first = plan.options().get(0);
    assertThat(start(first, DENVER)).isEqualTo("2030-03-10T08:00-06:00");
    assertThat(first.window().length().toHours()).isEqualTo(2);
  }

  @Test
  void givenACallerWhoWantsTuesdayAfternoon_whenPlanning_itShouldOfferOnlyTuesdayAfternoon() {
    Query q =
        new Query(
            "leak_repair",
            NEAR_BOB[0],
            NEAR_BOB[1],
            false,
            at("2030-03-04T07:00-07:00"),
            at("2030-03-05T13:00-07:00"),
            at("2030-03-05T17:00-07:00"),
            3);

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(List.of(ANN, BOB), List.of(), q);

    assertThat(plan.options())
        .hasSize(3)
        .allSatisfy(
            c -> {
              assertThat(c.window().start()).isAfterOrEqualTo(at("2030-03-05T13:00-07:00"));
              assertThat(c.window().end()).isBeforeOrEqualTo(at("2030-03-05T17:00-07:00"));
            });
  }

  @Test
  void givenTheCallersWindowIsFullyBooked_whenPlanning_itShouldOfferTheNextWindowsAndSayWhy() {
    List<BusyWindow> booked =
        List.of(job(ANN, "2030-03-05T13:00-07:00", "2030-03-05T17:00-07:00", null));
    Query q =
        new Query(
            "leak_repair",
            NEAR_BOB[0],
            NEAR_BOB[1],
            false,
            at("2030-03-04T07:00-07:00"),
            at("2030-03-05T13:00-07:00"),
            at("2030-03-05T17:00-07:00"),
            3);

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false)).plan(List.of(ANN), booked, q);

    assertThat(plan.options()).isNotEmpty();
    assertThat(plan.reason()).startsWith("Nobody is free between").contains("nearest free windows");
  }

  @Test
  void
      givenAnEmergencyAfterHours_whenTheShopDoesCallOuts_itShouldSendSomeoneWithinFifteenMinutes() {
    Query q =
        new Query(
            "leak_repair",
            NEAR_BOB[0],
            NEAR_BOB[1],
            true,
            at("2030-03-04T20:07-07:00"),
            null,
            null,
            3);

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, true))
            .plan(List.of(ANN, BOB), List.of(), q);

    assertThat(plan.options()).extracting(c -> c.technician().id()).containsExactly("bob", "ann");
    assertThat(plan.options())
        .extracting(c -> start(c, DENVER))
        .containsOnly("2030-03-04T20:15-07:00");
    assertThat(plan.reason()).isNull();
  }

  @Test
  void
      givenAnEmergencyAfterHours_whenTheShopDoesNoCallOuts_itShouldOfferTomorrowsFirstWindowAndSaySo() {
    Query q =
        new Query(
            "leak_repair",
            NEAR_BOB[0],
            NEAR_BOB[1],
            true,
            at("2030-03-04T20:07-07:00"),
            null,
            null,
            3);

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, false))
            .plan(List.of(ANN, BOB), List.of(), q);

    assertThat(start(plan.options().get(0), DENVER)).isEqualTo("2030-03-05T08:00-07:00");
    assertThat(plan.reason()).startsWith("Nobody can come out today");
  }

  @Test
  void givenAnEmergencyWhileTheNearestIsBusy_whenPlanning_itShouldPutTheSoonestFirst() {
    List<BusyWindow> busy =
        List.of(job(BOB, "2030-03-04T08:00-07:00", "2030-03-04T12:00-07:00", null));
    Query q =
        new Query(
            "leak_repair",
            NEAR_BOB[0],
            NEAR_BOB[1],
            true,
            at("2030-03-04T08:20-07:00"),
            null,
            null,
            3);

    Plan plan =
        new SlotPlanner(tenant("America/Denver", SHOP_HOURS, true))
            .plan(List.of(ANN, BOB), busy, q);

    assertThat(plan.options())
        .extracting(c -> c.technician().id() + " " + start(c, DENVER))
        .containsExactly("ann 2030-03-04T08:30-07:00", "bob 2030-03-04T12:00-07:00");
  }

  @Test
  void givenSeveralTechniciansPerWindow_whenRanked_itShouldOfferEachWindowOnceNearestFirst() {
    Window eight = new Window(at("2030-03-04T08:00-07:00"), at("2030-03-04T10:00-07:00"));
    Window ten = new Window(at("2030-03-04T10:00-07:00"), at("2030-03-04T12:00-07:00"));
    Window eleven = new Window(at("2030-03-04T11:00-07:00"), at("2030-03-04T13:00-07:00"));
    Window two = new Window(at("2030-03-04T14:00-07:00"), at("2030-03-04T16:00-07:00"));
    List<Candidate> pool =
        List.of(
            new Candidate(ANN, two, 3.1),
            new Candidate(BOB, eight, 3.3),
            new Candidate(ANN, eight, 9.0),
            new Candidate(CY, ten, 0.4),
            new Candidate(CY, eleven, 0.4));

    // 3.1 and 3.3 km are the same trip to a dispatcher: the sooner window goes first; Cy's 11:00
    // overlaps Cy's 10:00 and is left out; 08:00 goes to Bob, the nearer of the two
    assertThat(SlotPlanner.rankRoutine(pool, 3))
        .extracting(c -> c.technician().id() + "@" + start(c, DENVER).substring(11, 16))
        .containsExactly("cy@10:00", "bob@08:00", "ann@14:00");
  }
}
