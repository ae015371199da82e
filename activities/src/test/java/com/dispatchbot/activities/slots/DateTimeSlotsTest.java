package com.dispatchbot.activities.slots;

import static com.dispatchbot.activities.slots.SlotFixtures.slots;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import com.dispatchbot.workflows.slots.SlotActivities.TimeWindow;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dates and times as callers say them, on Wednesday 2026-03-04 at 10:00 in Denver. */
class DateTimeSlotsTest {

  private static TimeWindow window(String start, String end, String label) {
    return new TimeWindow(start, end, label);
  }

  @Nested
  class PhrasingsFromTheIssue {
    @Test
    void givenTomorrowAfternoon_whenExtracting_itShouldGiveThursdayNoonToFive() {
      Slots s = slots("Can someone come tomorrow afternoon?");

      assertThat(s.date()).isEqualTo("2026-03-05");
      assertThat(s.time()).isNull();
      assertThat(s.timeWindow())
          .isEqualTo(window("2026-03-05T12:00-07:00", "2026-03-05T17:00-07:00", "afternoon"));
      assertThat(s.problems()).isEmpty();
    }

    @Test
    void givenNextTuesdayAt3_whenExtracting_itShouldGive3pmTuesdayOfNextWeekInDaylightTime() {
      Slots s = slots("next Tuesday at 3");

      assertThat(s.date()).isEqualTo("2026-03-10");
      assertThat(s.time()).isEqualTo("15:00");
      // clocks go forward on Sunday 8 March: the window carries MDT's offset
      assertThat(s.timeWindow())
          .isEqualTo(window("2026-03-10T15:00-06:00", "2026-03-10T16:00-06:00", "3pm"));
    }

    @Test
    void givenTheFirst_whenExtracting_itShouldGiveTheNextFirstOfAMonth() {
      assertThat(slots("could you do the 1st?").date()).isEqualTo("2026-04-01");
      assertThat(slots("the first works", "2026-02-27T10:00:00-07:00").date())
          .isEqualTo("2026-03-01");
    }

    @Test
    void givenHalfPast11InTheMorning_whenExtracting_itShouldGive1130AndTheNextSuchWindow() {
      Slots s = slots("half past 11 in the morning");

      assertThat(s.time()).isEqualTo("11:30");
      assertThat(s.date()).as("no day was said: an earlier turn's date wins").isNull();
      assertThat(s.timeWindow())
          .isEqualTo(window("2026-03-04T11:30-07:00", "2026-03-04T12:30-07:00", "11:30am"));
    }

    @Test
    void givenThisEvening_whenExtracting_itShouldGiveTodayFiveToEight() {
      Slots s = slots("this evening please");

      assertThat(s.date()).isEqualTo("2026-03-04");
      assertThat(s.timeWindow())
          .isEqualTo(window("2026-03-04T17:00-07:00", "2026-03-04T20:00-07:00", "evening"));
    }

    @Test
    void givenFridayBetween2And4_whenExtracting_itShouldGiveThatAfternoonRange() {
      Slots s = slots("Friday between 2 and 4");

      assertThat(s.date()).isEqualTo("2026-03-06");
      assertThat(s.time()).isEqualTo("14:00");
      assertThat(s.timeWindow())
          .isEqualTo(window("2026-03-06T14:00-07:00", "2026-03-06T16:00-07:00", "2pm-4pm"));
    }

    @Test
    void givenAsap_whenExtracting_itShouldGiveTheNextFourHoursFromNow() {
      Slots s = slots("I need someone ASAP");

      assertThat(s.date()).isEqualTo("2026-03-04");
      assertThat(s.timeWindow())
          .isEqualTo(window("2026-03-04T10:00-07:00", "2026-03-04T14:00-07:00", "asap"));
    }

    @Test
    void givenToday_whenExtracting_itShouldGiveTheRestOfTheWorkingDay() {
      assertThat(slots("today if possible").timeWindow())
          .isEqualTo(window("2026-03-04T10:00-07:00", "2026-03-04T20:00-07:00", "today"));
    }
  }

  @ParameterizedTest(name = "{0} → {1} {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Thursday morning               | 2026-03-05 | ",
        "this Friday at 9am             | 2026-03-06 | 09:00",
        "Monday next week at 10:30      | 2026-03-09 | 10:30",
        "the day after tomorrow at noon | 2026-03-06 | 12:00",
        "March 12th at 4:15 pm          | 2026-03-12 | 16:15",
        "the 14th of March              | 2026-03-14 | ",
        "3/20 at 8                      | 2026-03-20 | 08:00",
        "in two weeks                   | 2026-03-18 | ",
        "quarter to five tomorrow       | 2026-03-05 | 16:45",
        "tomorrow at eleven thirty      | 2026-03-05 | 11:30",
        "3 o'clock in the afternoon on the 10th | 2026-03-10 | 15:00",
        "next Wednesday                 | 2026-03-11 | ",
        "Wednesday                      | 2026-03-04 | ",
      })
  void givenOtherCommonPhrasings_whenExtracting_itShouldResolveTheDayAndTime(
      String text, String date, String time) {
    Slots s = slots(text);

    assertThat(s.date()).isEqualTo(date);
    assertThat(s.time()).isEqualTo(time);
    assertThat(s.problems()).isEmpty();
  }

  @Nested
  class BadDates {
    @Test
    void givenFebruary30_whenExtracting_itShouldReportAnImpossibleDateAndNoDate() {
      Slots s = slots("can you come February 30?");

      assertThat(s.date()).isNull();
      assertThat(s.problems()).containsExactly("impossible_date: February has no day 30");
    }

    @Test
    void givenApril31st_whenExtracting_itShouldReportAnImpossibleDate() {
      assertThat(slots("April 31st at 2pm").problems())
          .singleElement()
          .asString()
          .startsWith("impossible_date: April has no day 31");
    }

    @Test
    void givenFebruary29InACommonYear_whenExtracting_itShouldSayTheYearIsNotALeapYear() {
      assertThat(slots("February 29, 2027").problems())
          .containsExactly(
              "impossible_date: February 29, 2027 does not exist (2027 is not a leap year)");
      assertThat(slots("February 29th", "2027-06-01T09:00:00-06:00").date())
          .as("the next February 29 is in 2028")
          .isEqualTo("2028-02-29");
    }

    @Test
    void givenAnHourThatHasPassedToday_whenExtracting_itShouldReportAPastTimeAndKeepTheParts() {
      Slots s = slots("today at 9am");

      assertThat(s.date()).isEqualTo("2026-03-04");
      assertThat(s.time()).isEqualTo("09:00");
      assertThat(s.problems())
          .singleElement()
          .asString()
          .startsWith("past_time: today 9am has already passed (it is 10am on 2026-03-04");
    }

    @Test
    void givenARecentDay_whenExtracting_itShouldReportAPastTimeNotNextYear() {
      Slots s = slots("March 2nd");

      assertThat(s.date()).isEqualTo("2026-03-02");
      assertThat(s.problems()).singleElement().asString().startsWith("past_time: ");
    }

    @Test
    void givenThisMorningInTheAfternoon_whenExtracting_itShouldReportAPastTime() {
      assertThat(slots("this morning", "2026-03-04T14:00:00-07:00").problems())
          .singleElement()
          .asString()
          .startsWith("past_time: today morning has already passed");
    }

    @Test
    void givenAMonthLongAgo_whenExtracting_itShouldMeanNextYear() {
      assertThat(slots("January 15").date()).isEqualTo("2027-01-15");
    }

    @Test
    void givenWhenTheTroubleStarted_whenExtracting_itShouldNotTakeItAsTheAppointment() {
      Slots s = slots("no hot water since yesterday, it's been bad since last Tuesday");

      assertThat(s.date()).isNull();
      assertThat(s.problems()).isEmpty();
    }

    @Test
    void givenADayTheCallerCannotDo_whenExtracting_itShouldTakeTheOtherDay() {
      assertThat(slots("not Thursday, I can do Friday morning").date()).isEqualTo("2026-03-06");
      assertThat(slots("I can't do tomorrow").date()).isNull();
    }
  }

  @Nested
  class TimesWithoutADay {
    @Test
    void givenAnHourThatHasPassedToday_whenExtracting_itShouldPutTheWindowTomorrow() {
      Slots s = slots("can you come at 3?", "2026-03-04T16:00:00-07:00");

      assertThat(s.date()).isNull();
      assertThat(s.time()).isEqualTo("15:00");
      assertThat(s.timeWindow().start()).isEqualTo("2026-03-05T15:00-07:00");
      assertThat(s.problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "at 7          | 07:00",
          "at 8:30       | 08:30",
          "at 12         | 12:00",
          "at 2          | 14:00",
          "around 6      | 18:00",
          "7 in the evening | 19:00",
          "4:30 pm       | 16:30",
          "16:45         | 16:45",
          "noon          | 12:00",
        })
    void givenAnHourWithoutAmPm_whenExtracting_itShouldReadItAsDispatchHours(
        String text, String time) {
      assertThat(slots(text).time()).isEqualTo(time);
    }

    @Test
    void givenAroundAnHour_whenExtracting_itShouldGiveAnHourCentredOnIt() {
      assertThat(slots("around 3 tomorrow").timeWindow())
          .isEqualTo(window("2026-03-05T14:30-07:00", "2026-03-05T15:30-07:00", "around 3pm"));
    }

    @Test
    void givenAfterAndBefore_whenExtracting_itShouldGiveOpenEndedWindows() {
      assertThat(slots("tomorrow after 3").timeWindow())
          .isEqualTo(window("2026-03-05T15:00-07:00", "2026-03-05T20:00-07:00", "after 3pm"));
      Slots before = slots("tomorrow before 10am");
      assertThat(before.time()).isNull();
      assertThat(before.timeWindow())
          .isEqualTo(window("2026-03-05T08:00-07:00", "2026-03-05T10:00-07:00", "before 10am"));
    }
  }

  @Nested
  class DaylightSavingTime {
    private static final String SATURDAY_BEFORE_SPRING_FORWARD = "2026-03-07T10:00:00-07:00";
    private static final String SATURDAY_BEFORE_FALL_BACK = "2026-10-31T10:00:00-06:00";

    @Test
    void givenTomorrowMorningOnTheDayClocksGoForward_whenExtracting_itShouldUseDaylightTime() {
      assertThat(slots("tomorrow morning", SATURDAY_BEFORE_SPRING_FORWARD).timeWindow())
          .isEqualTo(window("2026-03-08T08:00-06:00", "2026-03-08T12:00-06:00", "morning"));
    }

    @Test
    void givenATimeInTheSkippedHour_whenExtracting_itShouldMoveItPastTheGap() {
      Slots s = slots("tomorrow at 2:30 am", SATURDAY_BEFORE_SPRING_FORWARD);

      assertThat(s.time()).isEqualTo("02:30");
      assertThat(s.timeWindow().start()).isEqualTo("2026-03-08T03:30-06:00");
    }

    @Test
    void givenTomorrowEveningOnTheDayClocksGoBack_whenExtracting_itShouldUseStandardTime() {
      assertThat(slots("tomorrow evening", SATURDAY_BEFORE_FALL_BACK).timeWindow())
          .isEqualTo(window("2026-11-01T17:00-07:00", "2026-11-01T20:00-07:00", "evening"));
    }

    @Test
    void givenATimeInTheRepeatedHour_whenExtracting_itShouldTakeTheEarlierOffset() {
      assertThat(slots("tomorrow at 1:30 am", SATURDAY_BEFORE_FALL_BACK).timeWindow().start())
          .isEqualTo("2026-11-01T01:30-06:00");
    }
  }

  @Test
  void givenNoDateOrTime_whenExtracting_itShouldLeaveThemNull() {
    Slots s = slots("my kitchen sink is clogged, 2 drains actually");

    assertThat(s.date()).isNull();
    assertThat(s.time()).isNull();
    assertThat(s.timeWindow()).isNull();
  }
}
