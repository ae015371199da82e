package com.dispatchbot.activities.slots;

import static com.dispatchbot.activities.slots.SlotFixtures.ACTIVITIES;
import static com.dispatchbot.activities.slots.SlotFixtures.slots;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.workflows.slots.SlotActivities.ExtractRequest;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import io.temporal.failure.ApplicationFailure;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotActivitiesImplTest {
  private static final long WEDNESDAY_10AM =
      OffsetDateTime.parse(SlotFixtures.WEDNESDAY_10AM).toInstant().toEpochMilli();

  @Test
  void givenAnUnknownTenant_whenExtracting_itShouldFailForGoodAsUnknownTenant() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                ACTIVITIES.extractSlots(
                    new ExtractRequest("nobody", "tomorrow", WEDNESDAY_10AM, "America/Denver")));

    assertThat(failure.getType()).isEqualTo("UnknownTenant");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("nobody");
  }

  @Test
  void givenAZoneThatDoesNotExist_whenExtracting_itShouldFailForGoodWithTheReason() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                ACTIVITIES.extractSlots(
                    new ExtractRequest("demo", "tomorrow", WEDNESDAY_10AM, "Mars/Olympus")));

    assertThat(failure.getType()).isEqualTo("InvalidTimezone");
    assertThat(failure.isNonRetryable()).isTrue();
  }

  @Test
  void givenNoZone_whenExtracting_itShouldUseTheTenantsZone() {
    Slots s =
        ACTIVITIES.extractSlots(
            new ExtractRequest("demo", "tomorrow morning", WEDNESDAY_10AM, null));

    assertThat(s.timeWindow().start()).isEqualTo("2026-03-05T08:00-07:00");
  }

  @Test
  void givenAnotherZone_whenExtracting_itShouldGiveTheWindowInThatZone() {
    // 10:00 in Denver is 12:00 in New York: "today" then runs from noon
    Slots s =
        ACTIVITIES.extractSlots(
            new ExtractRequest("demo", "today", WEDNESDAY_10AM, "America/New_York"));

    assertThat(s.timeWindow().start()).isEqualTo("2026-03-04T12:00-05:00");
  }

  @Test
  void givenBlankText_whenExtracting_itShouldFindNothing() {
    assertThat(slots("   ")).isEqualTo(Slots.none());
    assertThat(
            ACTIVITIES.extractSlots(
                new ExtractRequest("demo", null, WEDNESDAY_10AM, "America/Denver")))
        .isEqualTo(Slots.none());
  }

  @Test
  void givenTheSameMessageTwice_whenExtracting_itShouldGiveTheSameSlots() {
    String text =
        "Hi, this is Ann Lee at 42 W 5th Ave, Denver CO 80204. The furnace won't turn on,"
            + " can someone come Monday morning? 720-555-0199";

    Slots first = slots(text);

    assertThat(slots(text)).isEqualTo(first);
    assertThat(first.name()).isEqualTo("Ann Lee");
    assertThat(first.phone()).isEqualTo("+17205550199");
    assertThat(first.serviceType()).isEqualTo("furnace_repair");
    assertThat(first.address().line()).isEqualTo("42 W 5th Ave, Denver, CO 80204");
    assertThat(first.date()).isEqualTo("2026-03-09");
    assertThat(first.timeWindow().label()).isEqualTo("morning");
  }

  @Test
  void givenAnyText_whenExtracting_itShouldNeverThrow() {
    Random random = new Random(42);
    String alphabet = "0123456789 :/-.,#apmAPMthe stndrdof Jan Feb 30 31 29 +()at noon'\"";
    for (int i = 0; i < 3_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(60); n > 0; n--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      Slots s = slots(text.toString());
      assertThat(s.problems()).isNotNull();
    }
  }

  @Test
  void givenAMessageOf4000Characters_whenExtracting_itShouldAnswerQuickly() {
    String text = "my drain is clogged, can you come tomorrow at 3? ".repeat(80);

    long start = System.nanoTime();
    Slots s = slots(text);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(s.date()).isEqualTo("2026-03-05");
    assertThat(millis).isLessThan(2_000);
  }
}
