package com.dispatchbot.activities.slots;

import static com.dispatchbot.activities.slots.SlotFixtures.slots;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneSlotsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "call me back at (303) 555-0142",
        "my cell is 303.555.0142",
        "303 555 0142 is my number",
        "reach me on +1 303-555-0142",
        "it's 1-303-555-0142",
      })
  void givenAUsNumberWrittenAnyWay_whenExtracting_itShouldGiveE164(String text) {
    Slots s = slots(text);

    assertThat(s.phone()).isEqualTo("+13035550142");
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void givenAUsNumber_whenExtracting_itShouldNotReadItsDigitsAsATime() {
    Slots s = slots("my sink is clogged, 303-555-0100");

    assertThat(s.time()).isNull();
    assertThat(s.timeWindow()).isNull();
  }

  @Test
  void givenAValidUkNumber_whenExtracting_itShouldReportANonUsPhone() {
    Slots s = slots("my number is +44 20 7946 0958");

    assertThat(s.phone()).isNull();
    assertThat(s.problems())
        .singleElement()
        .asString()
        .startsWith("non_us_phone: +44 20 7946 0958 is a number in GB (+442079460958)");
  }

  @Test
  void givenAnAreaCodeThatCannotExist_whenExtracting_itShouldReportAnInvalidPhone() {
    assertThat(slots("my number is 123-456-7890").problems())
        .containsExactly(
            "invalid_phone: 123-456-7890 is not a valid phone number"
                + " (US area codes never start with 0 or 1)");
  }

  @Test
  void givenSevenDigits_whenExtracting_itShouldSayTheAreaCodeIsMissing() {
    Slots s = slots("call me back at 555-0142");

    assertThat(s.phone()).isNull();
    assertThat(s.name()).isNull();
    assertThat(s.problems()).singleElement().asString().endsWith("(the area code is missing)");
  }

  @Test
  void givenTooFewDigitsAfterMyNumberIs_whenExtracting_itShouldReportAnInvalidPhone() {
    assertThat(slots("my number is 303 55").problems())
        .singleElement()
        .asString()
        .startsWith("invalid_phone: ");
  }
}
