package com.dispatchbot.activities.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time arithmetic under availability: hours in a local zone, free time, DST days. */
class WindowArithmeticTest {
  static final ZoneId DENVER = ZoneId.of("America/Denver");

  static Window w(String start, String end) {
    return new Window(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void givenADayWithTwoJobs_whenSubtractingThem_itShouldLeaveTheGapsBetween() {
    List<Window> day = List.of(w("2030-03-04T15:00:00Z", "2030-03-05T00:00:00Z"));
    List<Window> jobs =
        List.of(
            w("2030-03-04T17:00:00Z", "2030-03-04T19:00:00Z"),
            w("2030-03-04T18:00:00Z", "2030-03-04T20:00:00Z"),
            w("2030-03-04T22:00:00Z", "2030-03-05T01:00:00Z"));

    assertThat(Window.minus(day, jobs))
        .containsExactly(
            w("2030-03-04T15:00:00Z", "2030-03-04T17:00:00Z"),
            w("2030-03-04T20:00:00Z", "2030-03-04T22:00:00Z"));
  }

  @Test
  void givenTenantAndTechnicianHours_whenIntersected_itShouldKeepOnlyTheOverlap() {
    List<Window> tenant = List.of(w("2030-03-04T14:00:00Z", "2030-03-05T01:00:00Z"));
    List<Window> technician =
        List.of(
            w("2030-03-04T12:00:00Z", "2030-03-04T16:00:00Z"),
            w("2030-03-04T20:00:00Z", "2030-03-05T03:00:00Z"));

    assertThat(Window.intersect(tenant, technician))
        .containsExactly(
            w("2030-03-04T14:00:00Z", "2030-03-04T16:00:00Z"),
            w("2030-03-04T20:00:00Z", "2030-03-05T01:00:00Z"));
  }

  @Test
  void givenOpeningHours_whenReadForAWeekday_itShouldBeLocalTimeInTheTenantsZone() {
    WeeklyHours hours = WeeklyHours.parse(Map.of("mon", "07:00-18:00", "sun", "closed"));

    assertThat(hours.on(LocalDate.of(2030, 3, 4), DENVER))
        .containsExactly(w("2030-03-04T14:00:00Z", "2030-03-05T01:00:00Z"));
    assertThat(hours.on(LocalDate.of(2030, 3, 3), DENVER)).isEmpty();
    assertThat(hours.on(LocalDate.of(2030, 3, 5), DENVER)).as("a day not mentioned").isEmpty();
  }

  @Test
  void givenTheDaysTheClocksChange_whenReadingHours_itShouldKeepLocalHoursAndRealLengths() {
    WeeklyHours allDay = WeeklyHours.everyDay("00:00-24:00");
    WeeklyHours shop = WeeklyHours.everyDay("07:00-18:00");
    LocalDate springForward = LocalDate.of(2030, 3, 10);
    LocalDate fallBack = LocalDate.of(2030, 11, 3);

    assertThat(allDay.on(springForward, DENVER).get(0).length()).isEqualTo(Duration.ofHours(23));
    assertThat(allDay.on(fallBack, DENVER).get(0).length()).isEqualTo(Duration.ofHours(25));
    assertThat(shop.on(springForward, DENVER))
        .as("07:00 MDT to 18:00 MDT")
        .containsExactly(w("2030-03-10T13:00:00Z", "2030-03-11T00:00:00Z"));
    assertThat(shop.on(springForward.minusDays(1), DENVER))
        .as("07:00 MST to 18:00 MST, the day before")
        .containsExactly(w("2030-03-09T14:00:00Z", "2030-03-10T01:00:00Z"));
  }

  @Test
  void givenNightCallOutHours_whenTheyRunPastMidnight_itShouldEndTheNextMorning() {
    WeeklyHours nights = WeeklyHours.everyDay("18:00-07:00");

    assertThat(nights.on(LocalDate.of(2030, 3, 4), DENVER))
        .containsExactly(w("2030-03-05T01:00:00Z", "2030-03-05T14:00:00Z"));
  }

  @Test
  void givenSplitShiftsAndTypos_whenParsed_itShouldReadShiftsAndTreatTyposAsClosed() {
    WeeklyHours hours =
        WeeklyHours.parse(
            Map.of("Monday", "07:00-12:00, 13:00-17:00", "tue", "early-ish", "wed", "24h"));

    assertThat(hours.on(LocalDate.of(2030, 3, 4), DENVER)).hasSize(2);
    assertThat(hours.on(LocalDate.of(2030, 3, 5), DENVER)).isEmpty();
    assertThat(hours.on(LocalDate.of(2030, 3, 6), DENVER).get(0).length())
        .isEqualTo(Duration.ofHours(24));
  }

  @Test
  void givenATechnicianWhoSaysNothingAboutSaturday_whenMerged_itShouldFollowTheTenantsHours() {
    WeeklyHours tenant = WeeklyHours.parse(Map.of("sat", "08:00-14:00", "mon", "07:00-18:00"));
    WeeklyHours technician = WeeklyHours.parse(Map.of("mon", "closed")).orElse(tenant);

    assertThat(technician.on(LocalDate.of(2030, 3, 9), DENVER)).hasSize(1);
    assertThat(technician.on(LocalDate.of(2030, 3, 4), DENVER)).isEmpty();
  }

  @Test
  void givenTwoCities_whenMeasured_itShouldGiveTheStraightLineDistance() {
    // Denver City Hall to central Aurora: about 14 km as the crow flies
    assertThat(Geo.km(39.7392, -104.9903, 39.7294, -104.8319)).isBetween(13.0, 14.5);
    assertThat(Geo.known(0, 0)).isFalse();
  }
}
