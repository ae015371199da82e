package com.dispatchbot.api.geo;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.dispatchbot.activities.geo.Gazetteer;
import com.dispatchbot.activities.geo.GeoProperties;
import com.dispatchbot.activities.geo.Geocoding;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.WebSecurityTestSupport;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * {@code GET /v1/geocode} over the real offline gazetteer (no online geocoder, no cache), called
 * with a caller key (the app's real security rules, keys in memory).
 */
@WebMvcTest(GeocodeController.class)
@Import(WebSecurityTestSupport.class)
class GeocodeControllerTest {

  @TestConfiguration
  static class Offline {
    @Bean(destroyMethod = "close")
    Geocoding geocoding() {
      GeoProperties offline =
          new GeoProperties(null, GeoProperties.FallbackGeocoder.NONE, null, false, null, null);
      return Geocoding.fromProperties(offline, Gazetteer.shared(), null);
    }
  }

  @Autowired MockMvc mvc;

  private ResultActions perform(MockHttpServletRequestBuilder request) throws Exception {
    String key = WebSecurityTestSupport.key("demo", Role.CALLER_API);
    return mvc.perform(request.header("Authorization", WebSecurityTestSupport.bearer(key)));
  }

  @Test
  void givenAnAddressWithAZip_whenGeocoded_itShouldAnswerTheZipCentroid() throws Exception {
    perform(get("/v1/geocode").param("address", "1745 T Street Southeast, Washington, DC 20020"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.lat").value(Matchers.closeTo(38.87, 0.05)))
        .andExpect(jsonPath("$.lng").value(Matchers.closeTo(-76.98, 0.05)))
        .andExpect(jsonPath("$.provider").value("gazetteer"))
        .andExpect(jsonPath("$.precision").value("zip"))
        .andExpect(jsonPath("$.cached").value(false))
        .andExpect(jsonPath("$.formattedAddress").value("Washington, DC 20020"))
        .andExpect(jsonPath("$.zip").value("20020"))
        .andExpect(jsonPath("$.city").value("Washington"))
        .andExpect(jsonPath("$.state").value("DC"));
  }

  @Test
  void givenACityAndState_whenGeocoded_itShouldAnswerTheCityCentroid() throws Exception {
    perform(get("/v1/geocode").param("address", "St. Louis, Missouri"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.precision").value("city"))
        .andExpect(jsonPath("$.city").value("Saint Louis"))
        .andExpect(jsonPath("$.state").value("MO"))
        .andExpect(jsonPath("$.zip").doesNotExist());
  }

  @Test
  void givenNoAddress_whenGeocoded_itShouldAnswer400WithAnExample() throws Exception {
    for (MockHttpServletRequestBuilder request :
        List.<MockHttpServletRequestBuilder>of(
            get("/v1/geocode"),
            get("/v1/geocode").param("address", ""),
            get("/v1/geocode").param("address", "   "))) {
      perform(request)
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.status").value(400))
          .andExpect(jsonPath("$.detail").value(Matchers.containsString("/v1/geocode?address=")));
    }
  }

  @Test
  void givenAnAddressOver300Characters_whenGeocoded_itShouldAnswer400() throws Exception {
    perform(get("/v1/geocode").param("address", "1 Main Street ".repeat(25)))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.title").value("Address too long"))
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("at most 300")));
  }

  @Test
  void givenAnAddressNothingCanPlace_whenGeocoded_itShouldAnswer404SayingWhatToAdd()
      throws Exception {
    perform(get("/v1/geocode").param("address", "42 Elm Street, Springfield"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.title").value("Address not found"))
        .andExpect(
            jsonPath("$.detail")
                .value(
                    Matchers.allOf(
                        Matchers.containsString("Springfield"),
                        Matchers.containsString("add the state or a ZIP code"))));
  }

  @Test
  void givenAnUnknownZipCode_whenGeocoded_itShouldAnswer404NamingIt() throws Exception {
    perform(get("/v1/geocode").param("address", "1 Main St 99999"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value(Matchers.containsString("99999")));
  }
}
