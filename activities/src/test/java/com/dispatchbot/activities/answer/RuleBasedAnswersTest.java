package com.dispatchbot.activities.answer;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.activities.tenant.TenantProfile.Service;
import com.dispatchbot.workflows.intent.Intent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RuleBasedAnswersTest {
  static final TenantProfile ACME = acme();
  static final TenantProfile EMPTY =
      new TenantProfile("empty", null, null, null, "", Map.of(), List.of(), List.of(), null);
  static final TenantProfile NULLS =
      new TenantProfile("nulls", "  ", null, " ", null, null, null, null, " ");

  private final RuleBasedAnswers answers = new RuleBasedAnswers();

  static TenantProfile acme() {
    Map<String, String> hours = new LinkedHashMap<>();
    // Deliberately out of order, like Map.copyOf leaves them.
    hours.put("sun", "closed");
    hours.put("sat", "09:00-13:00");
    for (String day : List.of("fri", "thu", "wed", "tue", "mon")) {
      hours.put(day, "08:00-18:00");
    }
    return new TenantProfile(
        "acme",
        "Acme Plumbing & HVAC",
        "America/Chicago",
        "(555) 010-0100",
        "plumbing and HVAC",
        hours,
        List.of(
            new Service("drain_cleaning", "Drain cleaning", "$149"),
            new Service("water_heater_install", "Water heater install", "from $1,200"),
            new Service("ac_tune_up", "AC tune-up", "$89")),
        List.of("Springfield", "Shelbyville", "62704"),
        "(555) 010-0199");
  }

  @Test
  void givenACallerAskingToUnclogADrain_whenQuoting_itShouldQuoteTheDrainCleaningPriceOnly() {
    String reply = answers.answer(ACME, "quote_pricing", "how much to unclog a drain", false);

    assertThat(reply).contains("$149").contains("rain cleaning");
    assertThat(prices(reply)).containsExactly("$149");
  }

  @Test
  void givenNamedServices_whenQuoting_itShouldQuoteTheMatchingOne() {
    assertThat(prices(answers.answer(ACME, "quote_pricing", "how much is an A/C tuneup?", false)))
        .containsExactly("$89");
    assertThat(
            prices(
                answers.answer(
                    ACME,
                    "quote_pricing",
                    "what do u charge to install a new water heater",
                    false)))
        .containsExactly("$1,200");
  }

  @Test
  void givenNoServiceNamed_whenQuoting_itShouldListUpToThreeServicesWithTheirPrices() {
    String reply = answers.answer(ACME, "quote_pricing", "what are your rates", false);

    assertThat(prices(reply)).containsExactly("$149", "$1,200", "$89");
    assertThat(reply).contains("AC tune-up $89");
  }

  @Test
  void givenARepairQuestion_whenOnlyAnInstallIsPriced_itShouldNotQuoteTheInstallAsTheRepair() {
    String reply = answers.answer(ACME, "quote_pricing", "how much to fix my water heater", false);

    assertThat(reply).doesNotContain("Water heater install is");
  }

  /** The services of src/main/resources/sample-data/demo-tenant.json, copied. */
  @Test
  void givenTheDemoTenantsLongerPriceLines_whenQuoting_itShouldPickTheRightService() {
    TenantProfile demo =
        new TenantProfile(
            "demo",
            "Acme Plumbing & HVAC",
            "America/Denver",
            "+13035550142",
            "plumbing, heating and air conditioning",
            Map.of(),
            List.of(
                new Service("drain_cleaning", "Drain cleaning", "$149 flat rate per drain"),
                new Service("leak_repair", "Leak repair", "from $125 plus parts"),
                new Service(
                    "water_heater",
                    "Water heater repair or replacement",
                    "repair from $189; tank replacement from $1,350 installed"),
                new Service("toilet_repair", "Toilet repair", "from $110"),
                new Service(
                    "furnace_repair",
                    "Furnace repair",
                    "$89 diagnostic, credited toward the repair"),
                new Service("ac_tune_up", "AC tune-up", "$99 per system"),
                new Service("ac_repair", "AC repair", "$89 diagnostic, credited toward the repair"),
                new Service(
                    "emergency_call",
                    "Emergency call-out (nights, weekends)",
                    "$199 call-out fee plus work")),
            List.of("Denver", "Aurora"),
            "+13035550199");

    assertThat(answers.answer(demo, "quote_pricing", "how much to fix a leaking pipe", false))
        .startsWith("Leak repair is from $125 plus parts.");
    assertThat(answers.answer(demo, "quote_pricing", "my AC isnt working, what do u charge", false))
        .startsWith("AC repair is $89 diagnostic");
    assertThat(answers.answer(demo, "quote_pricing", "price to replace a water heater?", false))
        .startsWith("Water heater repair or replacement is repair from $189");
    assertThat(prices(answers.answer(demo, "quote_pricing", "how much for a tune up", false)))
        .containsExactly("$99");
  }

  @Test
  void givenAGasEmergency_whenAnswering_itShouldTellTheCallerToLeaveAndGiveTheEmergencyLine() {
    String reply = answers.answer(ACME, "emergency", "I smell gas in the kitchen", true);

    assertThat(reply.toLowerCase()).contains("leave the building");
    assertThat(reply).contains("light switches").contains("911");
    assertThat(reply).contains("on-call technician").contains("(555) 010-0199");
  }

  @Test
  void givenOtherEmergencies_whenAnswering_itShouldGiveTheStepsForThatDanger() {
    assertThat(answers.answer(ACME, "emergency", "pipe burst, water everywhere", true))
        .contains("main water valve");
    assertThat(answers.answer(ACME, "emergency", "sparks coming from the outlet", true))
        .contains("breaker")
        .contains("Don't touch");
    assertThat(answers.answer(ACME, "emergency", "CO alarm going off", true))
        .contains("outside")
        .contains("911");
    assertThat(answers.answer(ACME, "emergency", "sewage backing up in the tub", true))
        .contains("Stop using water");
    assertThat(answers.answer(ACME, "emergency", "no heat and it's 5 degrees", true))
        .contains("pipes");
  }

  @Test
  void givenTheEmergencyFlagWithAnotherIntent_whenAnswering_itShouldStillPutSafetyFirst() {
    String reply = answers.answer(ACME, "reschedule", "move my visit up, I smell gas", true);

    assertThat(reply).startsWith("Please leave the building");
  }

  @Test
  void givenABookingRequest_whenAnswering_itShouldAskForAddressAndTimeAndGiveTheHours() {
    String reply = answers.answer(ACME, "book_appointment", "can someone come out", false);

    assertThat(reply).contains("address").contains("day and time");
    assertThat(reply).contains("Mon-Fri 8am-6pm, Sat 9am-1pm, Sun closed");
  }

  @Test
  void givenQuestionsAboutHoursAreaAndPhone_whenAnswering_itShouldUseTheProfile() {
    assertThat(answers.answer(ACME, "knowledge_question", "are you open on saturday", false))
        .contains("Sat 9am-1pm");
    assertThat(answers.answer(ACME, "knowledge_question", "do you service Springfield?", false))
        .contains("Yes, we serve Springfield");
    assertThat(answers.answer(ACME, "knowledge_question", "what areas do you cover", false))
        .contains("Springfield, Shelbyville and 62704");
    assertThat(answers.answer(ACME, "knowledge_question", "do you come out to 90210", false))
        .contains("I don't see 90210")
        .contains("team member");
    assertThat(answers.answer(ACME, "knowledge_question", "what's your phone number", false))
        .contains("(555) 010-0100");
    assertThat(answers.answer(ACME, "knowledge_question", "are you licensed", false))
        .contains("team member will follow up");
  }

  @Test
  void givenOtherIntents_whenAnswering_itShouldGiveTheFrontDeskReply() {
    assertThat(answers.answer(ACME, "greeting_smalltalk", "hi", false))
        .contains("Acme Plumbing & HVAC")
        .contains("How can I help");
    assertThat(answers.answer(ACME, "talk_to_human", "agent", false))
        .contains("connecting you with a team member")
        .contains("call you back at this number");
    assertThat(answers.answer(ACME, "reschedule", "move my appt", false)).contains("phone number");
    assertThat(answers.answer(ACME, "cancel", "cancel my appt", false)).contains("phone number");
    assertThat(answers.answer(ACME, "out_of_scope", "order me a pizza", false))
        .contains("plumbing and HVAC")
        .contains("drain cleaning");
  }

  @ParameterizedTest
  @EnumSource(Intent.class)
  void givenAnEmptyProfile_whenAnswering_itShouldStillSaySomethingUseful(Intent intent) {
    for (TenantProfile empty : List.of(EMPTY, NULLS)) {
      for (String text :
          List.of("how much to unclog a drain", "what are your hours and where do you serve", "")) {
        String reply = answers.answer(empty, intent.code(), text, false);
        assertThat(reply).as("%s %s", intent, text).isNotBlank().doesNotContain("null");
        assertThat(prices(reply)).isEmpty();
      }
      String emergency = answers.answer(empty, intent.code(), "gas leak", true);
      assertThat(emergency).contains("leave the building").doesNotContain("null");
    }
  }

  @Test
  void givenNoTenantOrAnUnknownIntent_whenAnswering_itShouldNotFail() {
    assertThat(answers.answer(null, "greeting_smalltalk", null, false)).isNotBlank();
    assertThat(answers.answer(ACME, "no_such_intent", "hi", false)).contains("team member");
    assertThat(answers.answer(ACME, null, "hi", false)).doesNotContain("null");
  }

  @Test
  void givenHourFormats_whenFormatting_itShouldGroupDaysAndKeepWhatItCannotParse() {
    assertThat(RuleBasedAnswers.formatHours(ACME.hours()))
        .isEqualTo("Mon-Fri 8am-6pm, Sat 9am-1pm, Sun closed");
    assertThat(RuleBasedAnswers.formatHours(Map.of("monday", "07:30-17:00", "tue", "by appt")))
        .isEqualTo("Mon 7:30am-5pm, Tue by appt");
    assertThat(RuleBasedAnswers.formatHours(Map.of("sat", "00:00-24:00")))
        .isEqualTo("Sat open 24 hours");
    assertThat(RuleBasedAnswers.formatHours(Map.of())).isNull();
  }

  private static List<String> prices(String reply) {
    Matcher m = Pattern.compile("\\$\\d{1,3}(?:,\\d{3})*").matcher(reply);
    return m.results().map(r -> r.group()).toList();
  }
}
