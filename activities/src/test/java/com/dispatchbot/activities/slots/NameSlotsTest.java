package com.dispatchbot.activities.slots;

import static com.dispatchbot.activities.slots.SlotFixtures.slots;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameSlotsTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "my name is john smith and my drain is clogged | John Smith",
        "Hi, this is Maria calling about my furnace    | Maria",
        "it's Dave calling, the AC is out              | Dave",
        "Hello, this is Ann Lee. Can you come today?   | Ann Lee",
        "the name is O'Brien                           | O'Brien",
        "Priya here, the toilet is running             | Priya",
        "I'm Carlos and the heater is broken           | Carlos",
      })
  void givenAnIntroduction_whenExtracting_itShouldGiveTheName(String text, String name) {
    assertThat(slots(text).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this is urgent, water everywhere",
        "it's leaking again",
        "I'm not sure what is wrong",
        "this is the second time this week",
        "I'm calling about a clogged drain",
      })
  void givenNoIntroduction_whenExtracting_itShouldGiveNoName(String text) {
    assertThat(slots(text).name()).isNull();
  }
}
