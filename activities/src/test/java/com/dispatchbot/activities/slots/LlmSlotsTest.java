package com.dispatchbot.activities.slots;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.OpenAiWire;
import com.dispatchbot.workflows.slots.Address;
import com.dispatchbot.workflows.slots.SlotActivities.ExtractRequest;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The LLM on top of the offline extractor, against a fake OpenAI chat-completions server. */
class LlmSlotsTest {

  @RegisterExtension
  static WireMockExtension provider =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEY = "sk-test-slots-0a1b2c3d4e5f";
  private static final String COMPLETIONS = "/v1/chat/completions";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WEDNESDAY_10AM =
      OffsetDateTime.parse(SlotFixtures.WEDNESDAY_10AM).toInstant().toEpochMilli();

  private static String answer(
      String date, String time, String street, String city, String service, String name) {
    return """
        {"date": "%s", "time": "%s", "window_start": "", "window_end": "", "phone": "",
         "street": "%s", "unit": "", "city": "%s", "state": "CO", "zip": "80202",
         "service_type": "%s", "name": "%s"}"""
        .formatted(date, time, street, city, service, name);
  }

  private static Slots extract(AiMode mode, String text) {
    return new SlotActivitiesImpl(
            SlotFixtures.directory(), OpenAiWire.properties(provider.baseUrl(), mode, KEY))
        .extractSlots(new ExtractRequest("demo", text, WEDNESDAY_10AM, SlotFixtures.ZONE));
  }

  @Test
  void givenNoBookingUnderWay_whenTheConversationAsksForOfflineSlots_theModelIsNotAsked() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(
                OpenAiWire.completion(
                    answer("", "", "1234 Main Street", "Denver", "none", "Ann Lee"))));

    Slots s =
        new SlotActivitiesImpl(
                SlotFixtures.directory(),
                OpenAiWire.properties(provider.baseUrl(), AiMode.AUTO, KEY))
            .extractSlots(
                new ExtractRequest(
                    "demo",
                    "my address is twelve thirty four main street in denver",
                    WEDNESDAY_10AM,
                    SlotFixtures.ZONE,
                    false));

    assertThat(s.address()).isNull();
    assertThat(provider.getAllServeEvents()).isEmpty();
  }

  @Test
  void givenAnAddressTheOfflineParserCannotRead_whenAModelIsConfigured_itShouldUseTheModels()
      throws Exception {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(
                OpenAiWire.completion(
                    answer("", "", "1234 Main Street", "Denver", "none", "Ann Lee"))));

    Slots s = extract(AiMode.AUTO, "my address is twelve thirty four main street in denver");

    assertThat(s.address())
        .isEqualTo(
            new Address(
                "1234 Main Street, Denver, CO 80202",
                "1234 Main Street",
                null,
                "Denver",
                "CO",
                "80202"));
    assertThat(s.problems()).isEmpty();
    assertThat(s.name()).isEqualTo("Ann Lee");
    LoggedRequest sent = provider.getAllServeEvents().get(0).getRequest();
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(sent.getBodyAsString());
    assertThat(body.path("temperature").asDouble()).isZero();
    JsonNode format = body.path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    List<String> services = new ArrayList<>();
    format
        .path("json_schema")
        .path("schema")
        .path("properties")
        .path("service_type")
        .path("enum")
        .forEach(n -> services.add(n.asText()));
    assertThat(services).contains("drain_cleaning", "water_heater", "none");
    assertThat(body.toString()).contains("2026-03-04T10:00-07:00").contains("Wednesday");
  }

  @Test
  void givenTheModelDisagreesOnTheDate_whenMerging_itShouldKeepTheMeasuredOfflineDate() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(OpenAiWire.completion(answer("2026-03-09", "09:00", "", "", "none", ""))));

    Slots s = extract(AiMode.AUTO, "tomorrow at 3 please");

    assertThat(s.date()).isEqualTo("2026-03-05");
    assertThat(s.time()).isEqualTo("15:00");
  }

  @Test
  void givenADateOnlyTheModelFound_whenMerging_itShouldFillItWithAWindow() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(
                OpenAiWire.completion(
                    answer("2026-03-09", "09:00", "", "", "furnace_repair", ""))));

    Slots s = extract(AiMode.AUTO, "your first opening after the holiday, heater is acting up");

    assertThat(s.date()).isEqualTo("2026-03-09");
    assertThat(s.time()).isEqualTo("09:00");
    assertThat(s.timeWindow().start()).isEqualTo("2026-03-09T09:00-06:00");
    assertThat(s.serviceType()).isEqualTo("furnace_repair");
  }

  @Test
  void givenValuesThatDoNotCheckOut_whenMerging_itShouldIgnoreThem() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(
                OpenAiWire.completion(answer("soon", "3pm", "Main Street", "", "roofing", "x1"))));

    Slots s = extract(AiMode.AUTO, "my drain is clogged");

    assertThat(s.serviceType()).isEqualTo("drain_cleaning");
    assertThat(s.date()).isNull();
    assertThat(s.address()).isNull();
    assertThat(s.name()).isNull();
  }

  @Test
  void givenTheProviderFails_whenExtracting_itShouldAnswerTheOfflineSlots() {
    provider.stubFor(
        post(urlEqualTo(COMPLETIONS))
            .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"x\"}}")));

    Slots s = extract(AiMode.AUTO, "tomorrow afternoon, no hot water");

    assertThat(s).isEqualTo(SlotFixtures.slots("tomorrow afternoon, no hot water"));
  }

  @Test
  void givenRulesBasedMode_whenExtracting_itShouldNeverAskTheModel() {
    Slots s = extract(AiMode.RULES_BASED, "tomorrow afternoon, no hot water");

    assertThat(provider.getAllServeEvents()).isEmpty();
    assertThat(s.serviceType()).isEqualTo("water_heater");
  }
}
