package com.dispatchbot.api.geo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /v1/geocode} in the running app: real HTTP, the migrated Postgres cache, and a local
 * fake Nominatim as the configured fallback geocoder (no Google key).
 */
@AppIntegrationTest
class GeocodeApiIT {

  @RegisterExtension
  static WireMockExtension nominatim =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
    registry.add("dispatch.geo.google-maps-api-key", () -> "");
    registry.add("dispatch.geo.fallback-geocoder", () -> "nominatim");
    registry.add("dispatch.geo.nominatim-url", () -> nominatim.baseUrl());
    registry.add("dispatch.geo.enable-cache", () -> "true");
  }

  /** Nominatim's jsonv2 answer for the address (© OpenStreetMap contributors, ODbL 1.0). */
  static final String HOUSE =
      """
      [{"place_id":318736459,"licence":"Data © OpenStreetMap contributors, ODbL 1.0.\
       http://osm.org/copyright","osm_type":"way","osm_id":248203567,"lat":"38.8670412",\
      "lon":"-76.9791868","category":"building","type":"house","place_rank":30,\
      "importance":9.99999999995449e-06,"addresstype":"building","name":"","display_name":\
      "1745, T Street Southeast, Fairlawn, Ward 8, Washington, District of Columbia, 20020,\
       United States","address":{"house_number":"1745","road":"T Street Southeast",\
      "neighbourhood":"Fairlawn","suburb":"Ward 8","city":"Washington",\
      "state":"District of Columbia","ISO3166-2-lvl4":"US-DC","postcode":"20020",\
      "country":"United States","country_code":"us"},"boundingbox":["38.8669612",\
      "38.8671212","-76.9792668","-76.9791068"]}]
      """;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;
  @Autowired Accounts accounts;
  Http http;

  @BeforeEach
  void setUp() {
    http =
        new Http(port).withKey(accounts.createApiKey("demo", "geocode-it", Role.CALLER_API).key());
  }

  @Test
  void givenAnAddressNominatimKnows_whenAskedTwice_theSecondAnswerShouldComeFromTheCache() {
    answer(HOUSE);
    // a unit nobody else asks for, so an earlier run's cache row cannot answer the first call
    String address =
        "1745 T Street Southeast Unit "
            + UUID.randomUUID().toString().substring(0, 8)
            + ", Washington, DC 20020";

    Http.Response first = http.get("/v1/geocode?address=" + encode(address));
    Http.Response second = http.get("/v1/geocode?address=" + encode(address.toUpperCase()));

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode point = first.json();
    assertThat(point.path("provider").asText()).isEqualTo("nominatim");
    assertThat(point.path("precision").asText()).isEqualTo("rooftop");
    assertThat(point.path("cached").asBoolean()).isFalse();
    assertThat(point.path("zip").asText()).isEqualTo("20020");
    assertThat(second.json().path("cached").asBoolean()).isTrue();
    assertThat(second.json().path("lat").asDouble()).isEqualTo(point.path("lat").asDouble());
    assertThat(nominatim.getAllServeEvents()).hasSize(1);
    assertThat(
            jdbc.sql("select count(*) from geocode_cache where address_key = ?")
                .param(address.toLowerCase().replace(",", ""))
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void givenAnAddressOnlyTheGazetteerPlaces_whenAsked_itShouldAnswerTheCityCentroid() {
    answer("[]");

    Http.Response response = http.get("/v1/geocode?address=" + encode("Kalamazoo, Michigan"));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().path("provider").asText()).isEqualTo("gazetteer");
    assertThat(response.json().path("precision").asText()).isEqualTo("city");
    assertThat(response.json().path("state").asText()).isEqualTo("MI");
  }

  @Test
  void givenNoAddress_whenAsked_itShouldAnswerAProblemNotAServerError() {
    Http.Response response = http.get("/v1/geocode");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers().get("content-type"))
        .anyMatch(v -> v.startsWith("application/problem+json"));
    assertThat(response.json().path("detail").asText()).contains("/v1/geocode?address=");
  }

  @Test
  void theAppShouldOfferTheGeocodeActivityToWorkers() {
    assertThat(context.getBean("geoActivities")).isInstanceOf(GeoActivities.class);
  }

  private static void answer(String body) {
    nominatim.resetAll();
    nominatim.stubFor(
        get(urlPathEqualTo("/search"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(body)));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
