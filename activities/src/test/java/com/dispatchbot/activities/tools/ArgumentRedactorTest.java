package com.dispatchbot.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What the execution log keeps of a model's arguments: the shape, never the caller's data. */
class ArgumentRedactorTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void givenABooking_thePersonalArgumentsShouldBeBlankedAndTheRestKept() throws Exception {
    String logged =
        ArgumentRedactor.redact(
            """
            {"slot_id": "bob@2030-03-05T08:00-07:00", "customer_name": "Pat Doe",
             "phone": "(303) 555-0100", "address": "1550 Dayton St, Aurora, CO 80010",
             "count": 3, "emergency": false, "email": null}
            """);

    JsonNode args = JSON.readTree(logged);
    assertThat(args.path("phone").asText()).isEqualTo("[PHONE]");
    assertThat(args.path("address").asText()).isEqualTo("[ADDRESS]");
    assertThat(args.path("customer_name").asText()).isEqualTo("[NAME]");
    assertThat(args.path("slot_id").asText()).isEqualTo("bob@2030-03-05T08:00-07:00");
    assertThat(args.path("count").asInt()).isEqualTo(3);
    assertThat(args.path("emergency").asBoolean()).isFalse();
    assertThat(args.path("email").isNull()).isTrue();
    assertThat(logged).doesNotContain("555").doesNotContain("Dayton").doesNotContain("Pat");
  }

  @Test
  void givenPersonalDataInsideFreeText_itShouldBeRedactedAsForAModel() throws Exception {
    JsonNode args =
        JSON.readTree(
            ArgumentRedactor.redact(
                """
                {"question": "Can you email pat@example.com or call 303-555-0100?",
                 "notes": ["card 4111 1111 1111 1111"], "reason": "moving"}
                """));

    assertThat(args.path("question").asText()).isEqualTo("Can you email [EMAIL] or call [PHONE]?");
    assertThat(args.path("notes").get(0).asText()).isEqualTo("card [CARD]");
    assertThat(args.path("reason").asText()).isEqualTo("moving");
  }

  @Test
  void givenArgumentsThatAreNotJson_theyShouldBeKeptAsOneRedactedText() throws Exception {
    JsonNode args = JSON.readTree(ArgumentRedactor.redact("phone=303-555-0100 {"));

    assertThat(args.path("_unparsed").asText()).isEqualTo("phone=[PHONE] {");
    assertThat(ArgumentRedactor.redact((String) null)).isEqualTo("{}");
  }
}
