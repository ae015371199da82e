package com.dispatchbot.activities.geo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Google adapter against a local fake speaking the Geocoding API's JSON. */
class GoogleGeocoderTest {
  static final String PATH = "/maps/api/geocode/json";

  @RegisterExtension
  static WireMockExtension google =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private GoogleGeocoder geocoder = geocoder(Duration.ofSeconds(5));

  @AfterEach
  void close() {
    geocoder.close();
  }

  @Test
  void givenARooftopResult_whenGeocoding_itShouldAnswerRooftopWithTheAddressParts()
      throws Exception {
    answer(200, "google-rooftop.json");

    GeoPoint point =
        geocoder.geocode("1745 T Street Southeast, Washington, DC 20020").orElseThrow();

    assertThat(point)
        .isEqualTo(
            new GeoPoint(
                38.867033,
                -76.979235,
                "google",
                "rooftop",
                false,
                "1745 T St SE, Washington, DC 20020, USA",
                "20020",
                "Washington",
                "DC"));
  }

  @Test
  void theRequestShouldCarryTheKeyTheAddressAndTheUsRestriction() throws Exception {
    answer(200, "google-rooftop.json");

    geocoder.geocode("1745 T Street Southeast, Washington, DC 20020");

    LoggedRequest sent = onlyRequest();
    assertThat(sent.queryParameter("key").firstValue()).isEqualTo(GeoFixtures.GOOGLE_KEY);
    assertThat(sent.queryParameter("address").firstValue())
        .isEqualTo("1745 T Street Southeast, Washington, DC 20020");
    assertThat(sent.queryParameter("components").firstValue()).isEqualTo("country:US");
  }

  @Test
  void givenInterpolatedOrAreaResults_whenGeocoding_itShouldSayHowPreciseTheyAre()
      throws Exception {
    answer(200, "google-range-interpolated.json");
    assertThat(geocoder.geocode("6007 Applegate Lane, Louisville, KY").orElseThrow())
        .extracting(GeoPoint::precision, GeoPoint::zip, GeoPoint::city, GeoPoint::state)
        .containsExactly("street", "40219", "Louisville", "KY");

    answer(200, "google-postal-code.json");
    assertThat(geocoder.geocode("80202").orElseThrow())
        .extracting(GeoPoint::precision, GeoPoint::zip, GeoPoint::city, GeoPoint::state)
        .containsExactly("zip", "80202", "Denver", "CO");
  }

  @Test
  void givenZeroResultsOrOnlyTheCountry_whenGeocoding_itShouldFindNothing() throws Exception {
    answer(200, "google-zero-results.json");
    assertThat(geocoder.geocode("asdfgh qwerty")).isEmpty();

    answer(200, "google-country-only.json");
    assertThat(geocoder.geocode("somewhere over the rainbow")).isEmpty();

    answer(200, "google-invalid-request.json");
    assertThat(geocoder.geocode("#")).isEmpty();
  }

  @Test
  void givenTheQueryLimitIsHit_whenGeocoding_itShouldFailTransiently() {
    answer(200, "google-over-query-limit.json");

    GeocoderFailure failure = failure("1745 T Street Southeast, Washington, DC");

    assertThat(failure.isTransient()).isTrue();
    assertThat(failure.getMessage()).contains("rate-limit");
    assertThat(google.getAllServeEvents()).as("no retry inside the attempt").hasSize(1);
  }

  @Test
  void givenAServerError_whenGeocoding_itShouldFailTransientlyWithoutRetryingItself() {
    google.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));

    assertThat(failure("1745 T Street Southeast, Washington, DC").isTransient()).isTrue();
    assertThat(google.getAllServeEvents()).hasSize(1);
  }

  @Test
  void givenGoogleIsSlowerThanTheTimeout_whenGeocoding_itShouldFailTransiently() {
    geocoder.close();
    geocoder = geocoder(Duration.ofMillis(300));
    google.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(2_000)
                    .withBody(GeoFixtures.read("google-rooftop.json"))));

    assertThat(failure("1745 T Street Southeast, Washington, DC").isTransient()).isTrue();
  }

  @Test
  void givenTheKeyIsDenied_whenGeocoding_itShouldRefuseWithoutWaitingAndNeverShowTheKey() {
    answer(200, "google-request-denied.json");

    GeocoderFailure failure = failure("1745 T Street Southeast, Washington, DC");

    assertThat(failure.isTransient()).isFalse();
    assertThat(failure.getMessage())
        .contains("request denied")
        .contains("API key is invalid")
        .doesNotContain(GeoFixtures.GOOGLE_KEY);
  }

  @Test
  void givenAKeyThatIsNotAGoogleKey_whenGeocoding_itShouldRefuseWithoutCallingGoogle() {
    geocoder.close();
    geocoder = new GoogleGeocoder("not-a-key", google.baseUrl(), Duration.ofSeconds(5));

    assertThat(failure("1745 T Street Southeast, Washington, DC").isTransient()).isFalse();
    assertThat(google.getAllServeEvents()).isEmpty();
  }

  private GoogleGeocoder geocoder(Duration timeout) {
    return new GoogleGeocoder(GeoFixtures.GOOGLE_KEY, google.baseUrl(), timeout);
  }

  private GeocoderFailure failure(String address) {
    return catchThrowableOfType(GeocoderFailure.class, () -> geocoder.geocode(address));
  }

  private static void answer(int status, String fixture) {
    google.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withBody(GeoFixtures.read(fixture))));
  }

  private static LoggedRequest onlyRequest() {
    List<LoggedRequest> requests =
        google.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }
}
