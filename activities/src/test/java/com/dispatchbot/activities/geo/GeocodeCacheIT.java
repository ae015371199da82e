package com.dispatchbot.activities.geo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.geo.GeoActivities.GeocodeRequest;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The geocode cache in the real Postgres of temporal-dev/test, behind the whole chain. */
class GeocodeCacheIT {
  static final String ADDRESS = "1745 T Street Southeast, Washington, DC 20020";
  static final Duration TTL = Duration.ofDays(30);

  @RegisterExtension
  static WireMockExtension google =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension nominatim =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static JdbcClient jdbc;

  final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T12:00:00Z"));
  final GeocodeCache cache = new GeocodeCache(jdbc, clock);

  @BeforeAll
  static void database() {
    jdbc = PostgresTestDatabase.schema("it_geo").jdbc();
  }

  @BeforeEach
  void emptyCache() {
    jdbc.sql("delete from geocode_cache").update();
  }

  @Test
  void givenAGeocodedAddress_whenAskedAgain_itShouldAnswerFromTheCacheWithoutAnHttpRequest() {
    nominatim(200, "nominatim-house.json");
    GeoActivitiesImpl activities = activities(nominatimOnly(cache));

    GeoPoint first = activities.geocode(new GeocodeRequest("acme", ADDRESS));
    GeoPoint second =
        activities.geocode(
            new GeocodeRequest("other-tenant", "1745 t street southeast washington dc 20020, USA"));

    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isTrue();
    assertThat(second).usingRecursiveComparison().ignoringFields("cached").isEqualTo(first);
    assertThat(nominatim.getAllServeEvents()).hasSize(1);
  }

  @Test
  void givenAnExpiredEntry_whenAskedAgain_itShouldAskTheProviderAndRefreshTheEntry() {
    nominatim(200, "nominatim-house.json");
    GeoActivitiesImpl activities = activities(nominatimOnly(cache));
    activities.geocode(new GeocodeRequest("acme", ADDRESS));
    clock.advance(TTL.plusMinutes(1));

    GeoPoint refreshed = activities.geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(refreshed.cached()).isFalse();
    assertThat(nominatim.getAllServeEvents()).hasSize(2);
    assertThat(row("expires_at", OffsetDateTime.class).toInstant())
        .isEqualTo(clock.instant().plus(TTL));
    assertThat(count()).isEqualTo(1);
    assertThat(activities.geocode(new GeocodeRequest("acme", ADDRESS)).cached()).isTrue();
  }

  @Test
  void givenTheCacheIsDisabled_whenAskedTwice_itShouldAskTheProviderTwiceAndStoreNothing() {
    nominatim(200, "nominatim-house.json");
    GeoActivitiesImpl activities = activities(nominatimOnly(null));

    GeoPoint first = activities.geocode(new GeocodeRequest("acme", ADDRESS));
    GeoPoint second = activities.geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isFalse();
    assertThat(nominatim.getAllServeEvents()).hasSize(2);
    assertThat(count()).isZero();
  }

  @Test
  void givenAWriteIsRetried_whenStoredAgain_itShouldKeepOneRowWithTheLatestValues() {
    GeoPoint point =
        new GeoPoint(
            38.867,
            -76.979,
            "nominatim",
            "rooftop",
            false,
            "1745 T St SE",
            "20020",
            "Washington",
            "DC");

    cache.put("1745 t st se", "nominatim", point, TTL);
    clock.advance(Duration.ofSeconds(5));
    cache.put("1745 t st se", "nominatim", point, TTL);

    assertThat(count()).isEqualTo(1);
    assertThat(row("created_at", OffsetDateTime.class).toInstant()).isEqualTo(clock.instant());
  }

  @Test
  void givenAnAddressOnlyTheGazetteerPlaces_whenGeocoded_itShouldNotBeCached() {
    nominatim(200, "nominatim-empty.json");

    GeoPoint point =
        activities(nominatimOnly(cache)).geocode(new GeocodeRequest("acme", "Denver, CO 80202"));

    assertThat(point.provider()).isEqualTo("gazetteer");
    assertThat(count()).isZero();
  }

  @Test
  void givenGoogleWasDownAndNominatimAnswered_whenSettlingForIt_itShouldNotBeCached() {
    google.stubFor(
        get(urlPathEqualTo("/maps/api/geocode/json")).willReturn(aResponse().withStatus(503)));
    nominatim(200, "nominatim-house.json");
    Geocoding chain =
        new Geocoding(
            List.of(
                new GoogleGeocoder(GeoFixtures.GOOGLE_KEY, google.baseUrl(), Duration.ofSeconds(5)),
                nominatimGeocoder()),
            Gazetteer.shared(),
            cache,
            TTL);

    GeoPoint point =
        new GeoActivitiesImpl(chain, () -> GeoActivitiesImpl.BEST_EFFORT_FROM_ATTEMPT)
            .geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(point.provider()).isEqualTo("nominatim");
    assertThat(count()).as("an outage's answer is not kept for a month").isZero();
    chain.close();
  }

  @Test
  void givenAGoogleResultAndALongerTtl_whenCached_itShouldBeKept30DaysAtMost() {
    google.stubFor(
        get(urlPathEqualTo("/maps/api/geocode/json"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(GeoFixtures.read("google-rooftop.json"))));
    Geocoding chain =
        new Geocoding(
            List.of(
                new GoogleGeocoder(
                    GeoFixtures.GOOGLE_KEY, google.baseUrl(), Duration.ofSeconds(5))),
            Gazetteer.shared(),
            cache,
            Duration.ofDays(90));

    activities(chain).geocode(new GeocodeRequest("acme", ADDRESS));

    assertThat(row("expires_at", OffsetDateTime.class).toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    assertThat(row("scope", String.class)).isEqualTo("google");
    chain.close();
  }

  @Test
  void theCacheShouldHoldFactsAboutAddressesAndNothingAboutWhoAsked() {
    nominatim(200, "nominatim-house.json");
    activities(nominatimOnly(cache)).geocode(new GeocodeRequest("acme", ADDRESS));

    List<String> columns =
        jdbc.sql(
                "select column_name from information_schema.columns"
                    + " where table_schema = current_schema() and table_name = 'geocode_cache'")
            .query(String.class)
            .list();
    assertThat(columns)
        .containsExactlyInAnyOrder(
            "address_key",
            "scope",
            "lat",
            "lng",
            "provider",
            "precision",
            "formatted_address",
            "zip",
            "city",
            "state",
            "created_at",
            "expires_at");
    Map<String, Object> stored = jdbc.sql("select * from geocode_cache").query().singleRow();
    assertThat(stored.values()).doesNotContain("acme");
    assertThat(stored.get("address_key")).isEqualTo("1745 t street southeast washington dc 20020");
  }

  @Test
  void givenExpiredRows_whenPurged_itShouldDeleteOnlyThose() {
    GeoPoint point =
        new GeoPoint(39.75, -105.0, "nominatim", "zip", false, "80202", "80202", "Denver", "CO");
    cache.put("old", "nominatim", point, Duration.ofDays(1));
    cache.put("fresh", "nominatim", point, Duration.ofDays(60));
    clock.advance(Duration.ofDays(2));

    assertThat(cache.purgeExpired()).isEqualTo(1);
    assertThat(jdbc.sql("select address_key from geocode_cache").query(String.class).list())
        .containsExactly("fresh");
  }

  private GeoActivitiesImpl activities(Geocoding chain) {
    return new GeoActivitiesImpl(chain, () -> 1);
  }

  private Geocoding nominatimOnly(GeocodeCache cacheOrNull) {
    return new Geocoding(List.of(nominatimGeocoder()), Gazetteer.shared(), cacheOrNull, TTL);
  }

  private static NominatimGeocoder nominatimGeocoder() {
    return new NominatimGeocoder(
        nominatim.baseUrl(), Duration.ofSeconds(5), new GeoFixtures.FakeTime().spacing());
  }

  private static long count() {
    return jdbc.sql("select count(*) from geocode_cache").query(Long.class).single();
  }

  private static <T> T row(String column, Class<T> type) {
    return jdbc.sql("select " + column + " from geocode_cache").query(type).single();
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

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
