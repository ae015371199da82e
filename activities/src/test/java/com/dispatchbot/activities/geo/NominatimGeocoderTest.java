package com.dispatchbot.activities.geo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Nominatim adapter against a local fake speaking Nominatim's jsonv2. */
class NominatimGeocoderTest {
  @RegisterExtension
  static WireMockExtension nominatim =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final GeoFixtures.FakeTime time = new GeoFixtures.FakeTime();
  private final NominatimGeocoder geocoder =
      new NominatimGeocoder(nominatim.baseUrl(), Duration.ofSeconds(5), time.spacing());

  @Test
  void givenAHouseResult_whenGeocoding_itShouldAnswerRooftopWithTheAddressParts() throws Exception {
    answer(200, "nominatim-house.json");

    GeoPoint point =
        geocoder.geocode("1745 T Street Southeast, Washington, DC 20020").orElseThrow();

    assertThat(point)
        .isEqualTo(
            new GeoPoint(
                38.8670412,
                -76.9791868,
                "nominatim",
                "rooftop",
                false,
                "1745, T Street Southeast, Fairlawn, Ward 8, Washington, District of Columbia,"
                    + " 20020, United States",
                "20020",
                "Washington",
                "DC"));
  }

  @Test
  void theRequestShouldFollowTheSearchApiAndNameTheApplication() throws Exception {
    answer(200, "nominatim-house.json");

    geocoder.geocode("1745 T Street Southeast, Washington, DC 20020");

    LoggedRequest sent = nominatim.getAllServeEvents().get(0).getRequest();
    assertThat(sent.getUrl()).startsWith("/search?");
    assertThat(sent.queryParameter("format").firstValue()).isEqualTo("jsonv2");
    assertThat(sent.queryParameter("q").firstValue())
        .isEqualTo("1745 T Street Southeast, Washington, DC 20020");
    assertThat(sent.queryParameter("countrycodes").firstValue()).isEqualTo("us");
    assertThat(sent.queryParameter("addressdetails").firstValue()).isEqualTo("1");
    assertThat(sent.queryParameter("limit").firstValue()).isEqualTo("1");
    assertThat(sent.getHeader("User-Agent"))
        .startsWith("dispatch-bot/")
        .doesNotContain("Java-http-client");
  }

  @Test
  void givenStreetPostcodeAndCityResults_whenGeocoding_itShouldMapTheirRankToPrecision()
      throws Exception {
    answer(200, "nominatim-street.json");
    assertThat(geocoder.geocode("Applegate Lane, Louisville, KY").orElseThrow())
        .extracting(GeoPoint::precision, GeoPoint::zip, GeoPoint::city, GeoPoint::state)
        .containsExactly("street", "40219", "Louisville", "KY");

    answer(200, "nominatim-postcode.json");
    assertThat(geocoder.geocode("80202").orElseThrow())
        .extracting(GeoPoint::precision, GeoPoint::zip, GeoPoint::state)
        .containsExactly("zip", "80202", "CO");

    answer(200, "nominatim-city.json");
    assertThat(geocoder.geocode("Denver, Colorado").orElseThrow())
        .extracting(GeoPoint::precision, GeoPoint::city, GeoPoint::state)
        .containsExactly("city", "Denver", "CO");
  }

  @Test
  void givenNoResultOrOnlyAState_whenGeocoding_itShouldFindNothing() throws Exception {
    answer(200, "nominatim-empty.json");
    assertThat(geocoder.geocode("asdfgh qwerty")).isEmpty();

    answer(200, "nominatim-state.json");
    assertThat(geocoder.geocode("Colorado")).isEmpty();
  }

  @Test
  void givenNominatimIsOverloadedOrDown_whenGeocoding_itShouldFailTransiently() {
    for (int status : new int[] {429, 500, 502, 503, 504}) {
      nominatim.stubFor(get(urlPathEqualTo("/search")).willReturn(aResponse().withStatus(status)));
      assertThat(failure().isTransient()).as("HTTP %d", status).isTrue();
    }
    answer(200, "<html><body>Bad gateway</body></html>", "text/html");
    assertThat(failure().isTransient()).as("an HTML page from a proxy").isTrue();
  }

  @Test
  void givenThisClientIsBlocked_whenGeocoding_itShouldRefuseSoTheChainMovesOn() {
    nominatim.stubFor(
        get(urlPathEqualTo("/search"))
            .willReturn(aResponse().withStatus(403).withBody("<html>Access blocked</html>")));

    GeocoderFailure failure = failure();

    assertThat(failure.isTransient()).isFalse();
    assertThat(failure.getMessage()).contains("HTTP 403");
  }

  @Test
  void givenTwoCallsInARow_whenGeocoding_theSecondShouldStartASecondAfterTheFirst()
      throws Exception {
    answer(200, "nominatim-house.json");

    Duration before = time.now();
    geocoder.geocode("1745 T Street Southeast, Washington, DC");
    Duration first = time.now();
    geocoder.geocode("6007 Applegate Lane, Louisville, KY");
    Duration second = time.now();

    assertThat(first).as("the first one goes at once").isEqualTo(before);
    assertThat(second.minus(first)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(time.waits).hasSize(1);
  }

  @Test
  void givenAQuietSpell_whenTwoCallsFollow_theyShouldStillBeASecondApart() throws Exception {
    answer(200, "nominatim-house.json");
    geocoder.geocode("1745 T Street Southeast, Washington, DC");
    time.advance(Duration.ofMinutes(5));

    Duration quiet = time.now();
    geocoder.geocode("6007 Applegate Lane, Louisville, KY");
    geocoder.geocode("560 Penstock Drive, Grass Valley, CA");

    assertThat(time.now().minus(quiet))
        .as("no burst after idling (what Guava's RateLimiter allows)")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void givenMoreCallersThanOnePerSecondCanServeInTime_whenGeocoding_theLateOnesShouldGiveUp() {
    answer(200, "nominatim-house.json");
    NominatimGeocoder hurried =
        new NominatimGeocoder(nominatim.baseUrl(), Duration.ofMillis(500), time.spacing());

    GeocoderFailure failure =
        catchThrowableOfType(
            GeocoderFailure.class,
            () -> {
              hurried.geocode("1745 T Street Southeast, Washington, DC");
              hurried.geocode("6007 Applegate Lane, Louisville, KY");
            });

    assertThat(failure.isTransient()).isTrue();
    assertThat(nominatim.getAllServeEvents()).hasSize(1);
  }

  @Test
  void givenTheRealClock_whenTwoCallsFollow_theFakeServerShouldSeeThemASecondApart()
      throws Exception {
    answer(200, "nominatim-house.json");
    NominatimGeocoder realTime =
        new NominatimGeocoder(
            nominatim.baseUrl(),
            Duration.ofSeconds(5),
            new NominatimGeocoder.RequestSpacing(
                TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING));

    realTime.geocode("1745 T Street Southeast, Washington, DC");
    realTime.geocode("6007 Applegate Lane, Louisville, KY");

    List<Long> received =
        nominatim.getAllServeEvents().stream()
            .map(ServeEvent::getRequest)
            .map(r -> r.getLoggedDate().getTime())
            .sorted(Comparator.naturalOrder())
            .toList();
    assertThat(received).hasSize(2);
    // a lower bound only (a slow machine makes the gap longer, never shorter); the slack covers
    // the first request reaching the server later after its turn than the second
    assertThat(received.get(1) - received.get(0)).isGreaterThanOrEqualTo(900);
  }

  private GeocoderFailure failure() {
    return catchThrowableOfType(
        GeocoderFailure.class, () -> geocoder.geocode("1745 T Street Southeast, Washington, DC"));
  }

  private static void answer(int status, String fixture) {
    answer(status, GeoFixtures.read(fixture), "application/json; charset=utf-8");
  }

  private static void answer(int status, String body, String contentType) {
    nominatim.stubFor(
        get(urlPathEqualTo("/search"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", contentType)
                    .withBody(body)));
  }
}
