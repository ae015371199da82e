package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.ToolFixtures.MONDAY_10AM;
import static com.dispatchbot.activities.tools.ToolFixtures.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.workflows.booking.BookingActivities.AvailabilityRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Slot;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * What a model gets back when it calls a tool wrongly: ok=false with a reason that names the
 * argument and what to send instead, and nothing looked up or written.
 */
class ToolArgumentsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Slot BOB_TUESDAY =
      new Slot("bob", "Bob Ortiz", "2030-03-05T08:00-07:00", "2030-03-05T10:00-07:00", 3.2);

  final ToolFixtures.Calendar calendar = new ToolFixtures.Calendar();
  final CheckAvailabilityTool check = new CheckAvailabilityTool(calendar, ToolFixtures.map());
  final BookAppointmentTool book =
      new BookAppointmentTool(
          calendar,
          ToolFixtures.map(),
          ToolFixtures.offers(new CalendarJson.Offer(BOB_TUESDAY, "leak_repair", false)));

  // --- check_availability ----------------------------------------------------------------------

  @Test
  void givenNoAddress_checkAvailabilityShouldAskForItAndLookNothingUp() {
    assertRefused(check, "{\"service_type\": \"leak_repair\"}")
        .hasMessageContaining("address is required");
    assertThat(calendar.asked).isEmpty();
  }

  @Test
  void givenAServiceTheBusinessDoesNotOffer_itShouldListTheServicesItDoes() {
    assertRefused(check, "{\"service_type\": \"roofing\", \"address\": \"80010\"}")
        .hasMessageContaining("'roofing' is not a service of this business")
        .hasMessageContaining("drain_cleaning (Drain cleaning)")
        .hasMessageContaining("leak_repair (Leak repair)");
  }

  @Test
  void givenTheCallersWordsOrAServiceName_itShouldAskTheCalendarForTheServiceCode() {
    run(check, "{\"service_type\": \"my kitchen sink is clogged\", \"address\": \"80010\"}");
    run(check, "{\"service_type\": \"Leak Repair\", \"address\": \"80010\"}");

    assertThat(calendar.asked)
        .extracting(AvailabilityRequest::serviceType)
        .containsExactly("drain_cleaning", "leak_repair");
  }

  @Test
  void givenADayInThePast_itShouldSayWhatDayItIsThere() {
    assertRefused(
            check,
            "{\"service_type\": \"leak_repair\", \"address\": \"80010\","
                + " \"date\": \"2030-03-01\"}")
        .hasMessageContaining("2030-03-01 is in the past; today is 2030-03-04 (Monday)");
  }

  @Test
  void givenMalformedValues_itShouldNameTheArgumentAndTheForm() {
    assertRefused(
            check,
            "{\"service_type\": \"leak_repair\", \"address\": \"80010\","
                + " \"date\": \"next tuesday\"}")
        .hasMessageContaining("date must be a day written YYYY-MM-DD");
    assertRefused(
            check,
            "{\"service_type\": \"leak_repair\", \"address\": \"80010\","
                + " \"time_of_day\": \"midnight\"}")
        .hasMessageContaining("time_of_day must be one of any, morning, afternoon, evening");
    assertRefused(
            check, "{\"service_type\": \"leak_repair\", \"address\": \"80010\"," + " \"count\": 9}")
        .hasMessageContaining("count must be from 1 to 5, not 9");
    assertRefused(
            check,
            "{\"service_type\": \"leak_repair\", \"address\": \"80010\","
                + " \"emergency\": \"maybe\"}")
        .hasMessageContaining("emergency must be true or false");
  }

  @Test
  void givenADayAndAPartOfIt_theCalendarShouldBeAskedForThatWindowInTheBusinesssZone() {
    JsonNode result =
        run(
            check,
            "{\"service_type\": \"leak_repair\", \"address\": \"1550 Dayton St, Aurora, CO 80010\","
                + " \"date\": \"2030-03-05\", \"time_of_day\": \"afternoon\", \"count\": 2}");

    AvailabilityRequest asked = calendar.asked.get(0);
    assertThat(OffsetDateTime.parse(asked.preferredStart()))
        .isEqualTo(OffsetDateTime.parse("2030-03-05T12:00-07:00"));
    assertThat(OffsetDateTime.parse(asked.preferredEnd()))
        .isEqualTo(OffsetDateTime.parse("2030-03-05T17:00-07:00"));
    assertThat(asked.count()).isEqualTo(2);
    assertThat(asked.zip()).isEqualTo("80010");
    assertThat(result.path("time_zone").asText()).isEqualTo("America/Denver");
  }

  @Test
  void givenAPartOfTheDayThatHasPassedToday_itShouldLookAtTomorrows() {
    Instant nineAtNight = MONDAY_10AM.plus(Duration.ofHours(11));
    run(
        check,
        context(nineAtNight),
        "{\"service_type\": \"leak_repair\", \"address\": \"80010\", \"time_of_day\":"
            + " \"evening\"}");

    assertThat(OffsetDateTime.parse(calendar.asked.get(0).preferredStart()))
        .isEqualTo(OffsetDateTime.parse("2030-03-05T17:00-07:00"));
  }

  @Test
  void givenFreeWindows_eachShouldComeWithASlotIdAndWordsToReadOut() {
    calendar.free = List.of(BOB_TUESDAY);

    JsonNode result = run(check, "{\"service_type\": \"leak_repair\", \"address\": \"80010\"}");

    JsonNode option = result.path("options").get(0);
    assertThat(option.path("slot_id").asText()).isEqualTo("bob@2030-03-05T08:00-07:00");
    assertThat(option.path("when").asText()).isEqualTo("Tue Mar 5, 8:00 AM to 10:00 AM");
    assertThat(option.path("technician").asText()).isEqualTo("Bob Ortiz");
    assertThat(result.path("next_step").asText()).contains("book_appointment");
  }

  @Test
  void givenAnAddressOutsideTheArea_itShouldSaySoAndOfferNothing() {
    calendar.inArea = false;
    calendar.free = List.of(BOB_TUESDAY);

    JsonNode result = run(check, "{\"service_type\": \"leak_repair\", \"address\": \"80010\"}");

    assertThat(result.path("in_service_area").asBoolean()).isFalse();
    assertThat(result.path("reason").asText()).contains("don't serve");
    assertThat(result.has("options")).isFalse();
  }

  @Test
  void givenAnAddressNoMapKnows_itShouldAskForTheStreetCityAndZip() {
    assertRefused(check, "{\"service_type\": \"leak_repair\", \"address\": \"nowhere lane\"}")
        .hasMessageContaining("could not be found on the map");
  }

  // --- book_appointment ------------------------------------------------------------------------

  @Test
  void givenASlotNoToolOffered_bookingShouldSendTheModelBackToCheckAvailability() {
    assertRefused(
            book,
            booking(
                "bob@2030-03-05T06:00-07:00",
                "Pat Doe",
                "303-555-0100",
                "1550 Dayton St," + " Aurora, CO 80010"))
        .hasMessageContaining("was not offered in this conversation; call check_availability");
    assertThat(calendar.booked).isEmpty();
  }

  @Test
  void givenPhonesThatCannotBeCalled_bookingShouldSayWhyWithoutRepeatingTheNumber() {
    String slot = CalendarJson.slotId(BOB_TUESDAY);
    String address = "1550 Dayton St, Aurora, CO 80010";

    assertRefused(book, booking(slot, "Pat Doe", "555-0100", address))
        .hasMessageContaining("phone is not a valid US phone number (the area code is missing)")
        .hasMessageNotContaining("555");
    assertRefused(book, booking(slot, "Pat Doe", "+44 20 7946 0958", address))
        .hasMessageContaining("phone is not a US number");
    assertRefused(book, booking(slot, "Pat Doe", "call me", address))
        .hasMessageContaining("phone is not a phone number");
    assertThat(calendar.booked).isEmpty();
  }

  @Test
  void givenOnlyACity_bookingShouldAskForTheStreetAddress() {
    assertRefused(
            book, booking(CalendarJson.slotId(BOB_TUESDAY), "Pat Doe", "303-555-0100", "Aurora"))
        .hasMessageContaining("must be a street address with the house number");
  }

  @Test
  void givenAnOfferedSlot_bookingShouldWriteItForTheOfferedServiceWithTheKeyOfThisCall() {
    JsonNode result =
        run(
            book,
            booking(
                CalendarJson.slotId(BOB_TUESDAY),
                "Pat Doe",
                "(303) 555-0100",
                "1550 Dayton St, Aurora, CO 80010"));

    assertThat(result.path("booked").asBoolean()).isTrue();
    assertThat(result.path("appointment").path("when").asText())
        .isEqualTo("Tue Mar 5, 8:00 AM to 10:00 AM");
    assertThat(calendar.booked)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.idempotencyKey()).isEqualTo("conv-shop-1:3:call_1");
              assertThat(r.serviceType()).isEqualTo("leak_repair");
              assertThat(r.customerPhone()).isEqualTo("+13035550100");
              assertThat(r.address().street()).isNotNull();
              assertThat(r.slot().technicianId()).isEqualTo("bob");
            });
  }

  @Test
  void givenABookingAddressOutsideTheArea_nothingShouldBeBooked() {
    calendar.inArea = false;

    assertThatThrownBy(
            () ->
                run(
                    book,
                    booking(
                        CalendarJson.slotId(BOB_TUESDAY),
                        "Pat Doe",
                        "303-555-0100",
                        "1550 Dayton St, Aurora, CO 80010")))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.outcome()).isEqualTo(ToolOutcomes.UNAVAILABLE));
    assertThat(calendar.booked).isEmpty();
  }

  // --- business_hours, knowledge_lookup --------------------------------------------------------

  @Test
  void givenASundayMorning_businessHoursShouldSayClosedAndWhenItOpens() {
    Instant sunday = MONDAY_10AM.minus(Duration.ofDays(1));

    JsonNode result = run(new BusinessHoursTool(), context(sunday), "{\"date\": \"2030-03-09\"}");

    assertThat(result.path("open_now").asBoolean()).isFalse();
    assertThat(result.path("opens_next").asText()).isEqualTo("Mon Mar 4, 7:00 AM");
    assertThat(result.path("hours").path("saturday").asText()).isEqualTo("08:00-14:00");
    assertThat(result.path("requested_day").path("hours").asText()).isEqualTo("08:00-14:00");
    assertThat(result.path("emergency").path("callouts").asBoolean()).isTrue();
    assertThat(result.path("emergency").path("line").asText()).isEqualTo("+13035550199");
  }

  @Test
  void givenAMondayMorning_businessHoursShouldSayOpen() {
    JsonNode result = run(new BusinessHoursTool(), context(MONDAY_10AM), "{}");

    assertThat(result.path("open_now").asBoolean()).isTrue();
    assertThat(result.path("today").path("hours").asText()).isEqualTo("07:00-18:00");
  }

  @Test
  void givenOvernightAndAllDayHours_openNowShouldFollowTheClockAcrossMidnight() {
    var hours = java.util.Map.of("mon", "18:00-07:00", "tue", "00:00-24:00");
    OffsetDateTime mondayLate = OffsetDateTime.parse("2030-03-04T23:30:00-07:00");
    OffsetDateTime tuesdayEarly = OffsetDateTime.parse("2030-03-05T03:00:00-07:00");
    OffsetDateTime mondayNoon = OffsetDateTime.parse("2030-03-04T12:00:00-07:00");

    assertThat(BusinessHoursTool.open(hours, mondayLate.toZonedDateTime())).isTrue();
    assertThat(BusinessHoursTool.open(hours, tuesdayEarly.toZonedDateTime())).isTrue();
    assertThat(BusinessHoursTool.open(hours, mondayNoon.toZonedDateTime())).isFalse();
  }

  @Test
  void givenNothingRelevant_knowledgeLookupShouldTellTheModelNotToGuess() {
    KnowledgeLookupTool lookup = new KnowledgeLookupTool(() -> request -> RetrievedContext.none());

    JsonNode result = run(lookup, "{\"question\": \"Do you fix pianos?\"}");

    assertThat(result.path("found").asBoolean()).isFalse();
    assertThat(result.path("next_step").asText()).contains("do not guess");
    assertRefused(lookup, "{\"question\": \"   \"}").hasMessageContaining("question is required");
  }

  @Test
  void givenRelevantPassages_knowledgeLookupShouldAskForThisTenantAndReturnThem() {
    List<String> tenants = new java.util.ArrayList<>();
    KnowledgeLookupTool lookup =
        new KnowledgeLookupTool(
            () ->
                request -> {
                  tenants.add(request.tenantId());
                  return new RetrievedContext(
                      List.of(
                          new ContextChunk(
                              1, "pricing", "c1", "Pricing", "Drain cleaning is $149.", 0.8123)),
                      0.8123,
                      "Drain cleaning is $149.");
                });

    JsonNode result = run(lookup, "{\"question\": \"How much is drain cleaning?\"}");

    assertThat(tenants).containsExactly("shop");
    assertThat(result.path("found").asBoolean()).isTrue();
    assertThat(result.path("passages").get(0).path("text").asText())
        .isEqualTo("Drain cleaning is $149.");
    assertThat(result.path("passages").get(0).path("score").asDouble()).isEqualTo(0.812);
  }

  // --- helpers ---------------------------------------------------------------------------------

  static String booking(String slotId, String name, String phone, String address) {
    try {
      return JSON.writeValueAsString(
          java.util.Map.of(
              "slot_id", slotId, "customer_name", name, "phone", phone, "address", address));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode run(Tool tool, String json) {
    return run(tool, context(MONDAY_10AM), json);
  }

  static JsonNode run(Tool tool, ToolContext context, String json) {
    try {
      return tool.execute(context, JSON.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(Tool tool, String json) {
    return assertThatThrownBy(() -> run(tool, json))
        .isInstanceOfSatisfying(
            ToolFailure.class,
            f -> assertThat(f.outcome()).isEqualTo(ToolOutcomes.INVALID_ARGUMENTS));
  }
}
