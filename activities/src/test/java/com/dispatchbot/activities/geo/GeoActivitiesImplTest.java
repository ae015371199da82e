package com.dispatchbot.activities.geo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.geo.GeoActivities.GeocodeRequest;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The chain as the workflow sees it: Google first, Nominatim next, the gazetteer last; each
 * provider a local fake speaking its real wire format.
 */
class GeoActivitiesImplTest {
  static final String ADDRESS = "1745 T Street Southeast, Washington, DC 20020";
  static final String GOOGLE_PATH = "/maps/api/geocode/json";

  @RegisterExtension
  static WireMockExtension google =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension nominatim =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void givenGoogleFindsTheAddress_whenGeocode_itShouldAnswerGoogleRooftopWithoutAskingNominatim() {
    google(200, "google-rooftop.json");
    nominatim(200, "nominatim-house.json");

    GeoPoint point = activities(1).geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(point.provider()).isEqualTo("google");
    assertThat(point.precision()).isEqualTo("rooftop");
    assertThat(point.cached()).isFalse();
    assertThat(nominatim.getAllServeEvents()).isEmpty();
  }

  @Test
  void givenGoogleHasNoResult_whenGeocode_itShouldAnswerWithNominatim() {
    google(200, "google-zero-results.json");
    nominatim(200, "nominatim-house.json");

    GeoPoint point = activities(1).geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(point.provider()).isEqualTo("nominatim");
    assertThat(point.precision()).isEqualTo("rooftop");
    assertThat(google.getAllServeEvents()).hasSize(1);
  }

  @Test
  void givenGoogleDeniesTheKey_whenGeocode_itShouldUseNominatimAndLogWithoutTheKey() {
    google(200, "google-request-denied.json");
    nominatim(200, "nominatim-house.json");
    ListAppender<ILoggingEvent> logs = capture(Geocoding.class);

    GeoPoint point = activities(1).geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(point.provider()).isEqualTo("nominatim");
    assertThat(logs.list)
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("request denied"))
        .allSatisfy(
            e -> assertThat(e.getFormattedMessage()).doesNotContain(GeoFixtures.GOOGLE_KEY));
  }

  @Test
  void givenGoogleIsOverloaded_whenGeocodeOnAFirstAttempt_itShouldFailRetryably() {
    google(200, "google-over-query-limit.json");
    nominatim(200, "nominatim-house.json");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(1).geocode(new GeocodeRequest("acme", ADDRESS)));

    assertThat(failure.getType()).isEqualTo(GeoActivities.GEOCODER_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("google").contains("try again");
  }

  @Test
  void givenGoogleStaysOverloaded_whenGeocodeOnALaterAttempt_itShouldSettleForNominatim() {
    google(200, "google-over-query-limit.json");
    nominatim(200, "nominatim-house.json");

    GeoPoint point =
        activities(GeoActivitiesImpl.BEST_EFFORT_FROM_ATTEMPT)
            .geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(point.provider()).isEqualTo("nominatim");
  }

  @Test
  void givenBothProvidersAreDown_whenGeocodeOnALaterAttempt_itShouldAnswerFromTheGazetteer() {
    google.stubFor(get(urlPathEqualTo(GOOGLE_PATH)).willReturn(aResponse().withStatus(500)));
    nominatim.stubFor(get(urlPathEqualTo("/search")).willReturn(aResponse().withStatus(503)));

    GeoPoint point =
        activities(GeoActivitiesImpl.BEST_EFFORT_FROM_ATTEMPT)
            .geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(point.provider()).isEqualTo("gazetteer");
    assertThat(point.precision()).isEqualTo("zip");
    assertThat(point.zip()).isEqualTo("20020");
    assertThat(point.formattedAddress()).isEqualTo("Washington, DC 20020");
    assertThat(Gazetteer.distanceKm(point.lat(), point.lng(), 38.867033, -76.979235)).isLessThan(5);
  }

  @Test
  void givenBothProvidersAreDown_whenGeocodeOnAFirstAttempt_itShouldLetTemporalRetry() {
    google.stubFor(get(urlPathEqualTo(GOOGLE_PATH)).willReturn(aResponse().withStatus(500)));
    nominatim.stubFor(get(urlPathEqualTo("/search")).willReturn(aResponse().withStatus(503)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(1).geocode(new GeocodeRequest("acme", ADDRESS)));

    assertThat(failure.getType()).isEqualTo(GeoActivities.GEOCODER_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
  }

  @Test
  void givenNothingKnowsTheAddress_whenGeocode_itShouldFailForGoodWithAReason() {
    google(200, "google-zero-results.json");
    nominatim(200, "nominatim-empty.json");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(1).geocode(new GeocodeRequest("acme", "42 Nowhere Lane")));

    assertThat(failure.getType()).isEqualTo(GeoActivities.ADDRESS_NOT_FOUND);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("google and nominatim found no match")
        .contains("add a ZIP code");
  }

  @Test
  void givenEverythingIsDownAndTheGazetteerCannotHelp_whenALaterAttempt_itShouldStopRetrying() {
    google.stubFor(get(urlPathEqualTo(GOOGLE_PATH)).willReturn(aResponse().withStatus(500)));
    nominatim.stubFor(get(urlPathEqualTo("/search")).willReturn(aResponse().withStatus(503)));

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activities(GeoActivitiesImpl.BEST_EFFORT_FROM_ATTEMPT)
                    .geocode(new GeocodeRequest("acme", "42 Nowhere Lane")));

    assertThat(failure.getType()).isEqualTo(GeoActivities.ADDRESS_NOT_FOUND);
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("unavailable");
  }

  @Test
  void givenNoKeyAndNoFallback_whenGeocode_itShouldAskNoServerAndUseTheGazetteer() {
    GeoProperties offline =
        new GeoProperties(null, GeoProperties.FallbackGeocoder.NONE, null, null, null, null);
    Geocoding geocoding = Geocoding.fromProperties(offline, Gazetteer.shared(), null);
    toClose.add(geocoding);

    GeoPoint point =
        new GeoActivitiesImpl(geocoding, () -> 1)
            .geocode(new GeocodeRequest("acme", "Grass Valley, CA"));

    assertThat(geocoding.chain()).containsExactly("gazetteer");
    assertThat(point.provider()).isEqualTo("gazetteer");
    assertThat(point.precision()).isEqualTo("city");
    assertThat(point.city()).isEqualTo("Grass Valley");
    assertThat(google.getAllServeEvents()).isEmpty();
    assertThat(nominatim.getAllServeEvents()).isEmpty();
  }

  @Test
  void givenAnEmptyOrOversizedAddress_whenGeocode_itShouldFailForGoodWithoutAskingAnyone() {
    GeoActivitiesImpl activities = activities(1);

    ApplicationFailure empty =
        catchThrowableOfType(
            ApplicationFailure.class, () -> activities.geocode(new GeocodeRequest("acme", " ")));
    ApplicationFailure tooLong =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities.geocode(new GeocodeRequest("acme", "1 Main St ".repeat(40))));

    assertThat(empty.getType()).isEqualTo(GeoActivities.ADDRESS_NOT_FOUND);
    assertThat(empty.getOriginalMessage()).isEqualTo("the address is empty");
    assertThat(tooLong.getOriginalMessage()).contains("longer than 300 characters");
    assertThat(google.getAllServeEvents()).isEmpty();
    assertThat(nominatim.getAllServeEvents()).isEmpty();
  }

  @Test
  void givenARealActivityContext_whenTheAddressIsNotFound_theWorkflowShouldSeeItsTypeAndReason() {
    google(200, "google-zero-results.json");
    nominatim(200, "nominatim-empty.json");
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new GeoActivitiesImpl(chain()));
      GeoActivities stub = env.newActivityStub(GeoActivities.class);

      ActivityFailure failure =
          catchThrowableOfType(
              ActivityFailure.class, () -> stub.geocode(new GeocodeRequest("acme", "Springfield")));

      ApplicationFailure cause = (ApplicationFailure) failure.getCause();
      assertThat(cause.getType()).isEqualTo(GeoActivities.ADDRESS_NOT_FOUND);
      assertThat(cause.getOriginalMessage())
          .contains("'Springfield' is a city in")
          .contains("states");
    } finally {
      env.close();
    }
  }

  private GeoActivitiesImpl activities(int attempt) {
    return new GeoActivitiesImpl(chain(), () -> attempt);
  }

  private Geocoding chain() {
    Geocoding geocoding =
        new Geocoding(
            List.of(
                new GoogleGeocoder(GeoFixtures.GOOGLE_KEY, google.baseUrl(), Duration.ofSeconds(5)),
                new NominatimGeocoder(
                    nominatim.baseUrl(),
                    Duration.ofSeconds(5),
                    new GeoFixtures.FakeTime().spacing())),
            Gazetteer.shared(),
            null,
            Duration.ofDays(30));
    toClose.add(geocoding);
    return geocoding;
  }

  private static ListAppender<ILoggingEvent> capture(Class<?> type) {
    Logger logger = (Logger) LoggerFactory.getLogger(type);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    return appender;
  }

  private static void google(int status, String fixture) {
    google.stubFor(
        get(urlPathEqualTo(GOOGLE_PATH))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withBody(GeoFixtures.read(fixture))));
  }

  private static void nominatim(int status, String fixture) {
    nominatim.stubFor(
        get(urlPathEqualTo("/search"))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(GeoFixtures.read(fixture))));
  }
}
