package com.dispatchbot.api.nlu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.dispatchbot.activities.intent.IntentActivitiesImpl;
import com.dispatchbot.activities.intent.NluProperties;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.slots.SlotActivitiesImpl;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.WebSecurityTestSupport;
import com.dispatchbot.workflows.intent.IntentActivities;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * {@code POST /v1/nlu/parse} over the real intent and slot activity implementations (the beans the
 * workflow's workers run, built by Spring from application.yaml's settings), with the sample tenant
 * in a directory that needs no database, called with a caller key of the tenant (the app's real
 * security rules, keys in memory).
 */
@WebMvcTest(NluController.class)
@Import({IntentActivitiesImpl.class, SlotActivitiesImpl.class, WebSecurityTestSupport.class})
@EnableConfigurationProperties({NluProperties.class, LlmProperties.class})
@TestPropertySource(properties = "dispatch.llm.ai-mode=rules_based") // offline, whatever the env
class NluControllerTest {
  /** Wednesday 4 March 2026, 10:00 in Denver. */
  private static final String WEDNESDAY_10AM = "2026-03-04T10:00:00-07:00";

  @TestConfiguration
  static class SampleTenant {
    @Bean
    TenantDirectory tenantDirectory() {
      TenantProfile demo =
          new TenantProfile(
              "demo",
              "Acme Plumbing & HVAC",
              "America/Denver",
              "+13035550142",
              "plumbing, heating and air conditioning",
              Map.of("mon", "07:00-18:00"),
              List.of(
                  new TenantProfile.Service("drain_cleaning", "Drain cleaning", "$149"),
                  new TenantProfile.Service("water_heater", "Water heater repair", "from $189"),
                  new TenantProfile.Service("furnace_repair", "Furnace repair", "$89")),
              List.of("Denver"),
              null);
      return new TenantDirectory(null) {
        @Override
        public Optional<TenantProfile> find(String id) {
          return "demo".equals(id) ? Optional.of(demo) : Optional.empty();
        }
      };
    }
  }

  @Autowired MockMvc mvc;

  @Autowired
  @Qualifier("intentActivities")
  IntentActivities intents;

  private ResultActions parse(String json) throws Exception {
    return parseAs("demo", json);
  }

  private ResultActions parseAs(String tenant, String json) throws Exception {
    return mvc.perform(
        post("/v1/nlu/parse")
            .header(
                "Authorization",
                WebSecurityTestSupport.bearer(WebSecurityTestSupport.key(tenant, Role.CALLER_API)))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  private static String body(String text, String referenceTime, String timezone, String tenant) {
    StringBuilder b = new StringBuilder("{");
    b.append("\"text\":").append(text == null ? "null" : "\"" + text + "\"");
    if (referenceTime != null) {
      b.append(",\"referenceTime\":\"").append(referenceTime).append('"');
    }
    if (timezone != null) {
      b.append(",\"timezone\":\"").append(timezone).append('"');
    }
    if (tenant != null) {
      b.append(",\"tenantId\":\"").append(tenant).append('"');
    }
    return b.append('}').toString();
  }

  @Test
  void givenACallersMessage_whenParsed_itShouldAnswerTheIntentAndEverySlot() throws Exception {
    String text =
        "Hi, this is Ann Lee, my kitchen drain is clogged. Can someone come tomorrow afternoon"
            + " to 1234 Main St Apt 5, Denver, CO 80202? Call me at 303-555-0142.";
    var expected = intents.classifyIntent(new ClassifyRequest("demo", text));

    parse(body(text, WEDNESDAY_10AM, "America/Denver", "demo"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.intent").value(expected.intent().code()))
        .andExpect(jsonPath("$.confidence").value(Matchers.closeTo(expected.confidence(), 1e-9)))
        .andExpect(jsonPath("$.slots.date").value("2026-03-05"))
        .andExpect(jsonPath("$.slots.time").value(Matchers.nullValue()))
        .andExpect(jsonPath("$.slots.timeWindow.start").value("2026-03-05T12:00-07:00"))
        .andExpect(jsonPath("$.slots.timeWindow.end").value("2026-03-05T17:00-07:00"))
        .andExpect(jsonPath("$.slots.timeWindow.label").value("afternoon"))
        .andExpect(jsonPath("$.slots.phone").value("+13035550142"))
        .andExpect(jsonPath("$.slots.address.line").value("1234 Main St Apt 5, Denver, CO 80202"))
        .andExpect(jsonPath("$.slots.address.unit").value("Apt 5"))
        .andExpect(jsonPath("$.slots.address.zip").value("80202"))
        .andExpect(jsonPath("$.slots.serviceType").value("drain_cleaning"))
        .andExpect(jsonPath("$.slots.name").value("Ann Lee"));
  }

  @Test
  void givenADateOnly_whenParsed_itShouldLeaveOutTheWindowAndKeepTheOtherKeys() throws Exception {
    parse(body("could you do the 1st?", WEDNESDAY_10AM, "America/Denver", "demo"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.slots.date").value("2026-04-01"))
        .andExpect(jsonPath("$.slots.timeWindow").doesNotExist())
        .andExpect(jsonPath("$.slots.phone").value(Matchers.nullValue()))
        .andExpect(jsonPath("$.slots", Matchers.hasKey("address")));
  }

  @Test
  void givenNoTenantNorZone_whenParsed_itShouldUseTheKeysTenantAndItsZone() throws Exception {
    parse(body("tomorrow at 9am", WEDNESDAY_10AM, null, null))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.slots.timeWindow.start").value("2026-03-05T09:00-07:00"));
  }

  @Test
  void givenALocalReferenceTime_whenParsed_itShouldReadItInTheZone() throws Exception {
    parse(body("in the evening", "2026-03-04T18:30:00", "America/New_York", "demo"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.slots.timeWindow.start").value("2026-03-04T18:30-05:00"))
        .andExpect(jsonPath("$.slots.timeWindow.end").value("2026-03-04T20:00-05:00"));
  }

  @Test
  void givenNoText_whenParsed_itShouldAnswer400WithTheReason() throws Exception {
    for (String json :
        List.of(
            body(null, WEDNESDAY_10AM, null, null),
            body("   ", WEDNESDAY_10AM, null, null),
            "{}")) {
      parse(json)
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.detail").value("text is required"));
    }
  }

  @Test
  void givenAReferenceTimeThatIsNotIso8601_whenParsed_itShouldAnswer400WithAnExample()
      throws Exception {
    parse(body("tomorrow", "next tuesday 3pm", null, null))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("referenceTime")))
        .andExpect(
            jsonPath("$.detail").value(Matchers.containsString("2026-03-06T10:00:00-07:00")));
  }

  @Test
  void givenAnUnknownTimezone_whenParsed_itShouldAnswer400() throws Exception {
    parse(body("tomorrow", WEDNESDAY_10AM, "Mars/Olympus", null))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("Mars/Olympus")));
  }

  @Test
  void givenAKeyOfAnUnknownTenant_whenParsed_itShouldAnswer404() throws Exception {
    parseAs("nobody", body("tomorrow", WEDNESDAY_10AM, null, "nobody"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value("no tenant 'nobody'"));
  }

  @Test
  void givenAnotherTenantInTheBody_whenParsed_itShouldAnswer403() throws Exception {
    parse(body("tomorrow", WEDNESDAY_10AM, null, "nobody"))
        .andExpect(status().isForbidden())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("acts for tenant 'demo'")));
  }

  @Test
  void givenNoKey_whenParsed_itShouldAnswer401WithAProblemAndNoRedirect() throws Exception {
    mvc.perform(
            post("/v1/nlu/parse")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body("tomorrow", null, null, null)))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                .string("WWW-Authenticate", Matchers.startsWith("Bearer")));
  }

  @Test
  void givenMalformedJson_whenParsed_itShouldAnswer400NotAServerError() throws Exception {
    parse("{\"text\": ").andExpect(status().isBadRequest());
  }

  @Test
  void givenAnImpossibleDate_whenParsed_itShouldAnswer422WithTheCodeAndTheReadableParts()
      throws Exception {
    parse(body("February 30 please, my number is 303-555-0142", WEDNESDAY_10AM, null, null))
        .andExpect(status().isUnprocessableContent())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Unusable details"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("February has no day 30")))
        .andExpect(jsonPath("$.problems").value(Matchers.contains("impossible_date")))
        .andExpect(jsonPath("$.slots.phone").value("+13035550142"))
        .andExpect(jsonPath("$.slots.date").value(Matchers.nullValue()))
        .andExpect(jsonPath("$.intent").isString());
  }

  @Test
  void givenEachKindOfUnusableDetail_whenParsed_itShouldAnswer422WithItsCode() throws Exception {
    Map<String, String> cases =
        Map.of(
            "today at 9am", "past_time",
            "my number is +44 20 7946 0958", "non_us_phone",
            "my number is 123-456-7890", "invalid_phone",
            "my address is the blue house behind the school", "unparseable_address");
    for (var c : cases.entrySet()) {
      String detail =
          parse(body(c.getKey(), WEDNESDAY_10AM, null, null))
              .andExpect(status().isUnprocessableContent())
              .andExpect(jsonPath("$.problems").value(Matchers.contains(c.getValue())))
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(detail).as(c.getKey()).contains("Some details cannot be used: ");
    }
  }

  @Test
  void givenAPastTime_whenParsed_itShouldStillShowWhatWasRead() throws Exception {
    parse(body("today at 9am", WEDNESDAY_10AM, null, null))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.slots.date").value("2026-03-04"))
        .andExpect(jsonPath("$.slots.time").value("09:00"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("has already passed")));
  }

  @Test
  void givenAMessageOver4000Characters_whenParsed_itShouldAnswer413() throws Exception {
    parse(body("a".repeat(4_001), WEDNESDAY_10AM, null, null))
        .andExpect(status().isContentTooLarge());
  }
}
