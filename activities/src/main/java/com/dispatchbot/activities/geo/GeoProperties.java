package com.dispatchbot.activities.geo;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * How the geocode activity finds addresses (application.yaml {@code dispatch.geo.*}, bound from the
 * runbook's env vars). Every value has a default: with none set, Nominatim is asked, then the
 * offline gazetteer, and results are cached for 30 days.
 *
 * @param googleMapsApiKey GOOGLE_MAPS_API_KEY; Google is asked first when it is set
 * @param fallbackGeocoder FALLBACK_GEOCODER: {@code nominatim} (default) or {@code none}
 * @param nominatimUrl NOMINATIM_URL, default {@code https://nominatim.openstreetmap.org} (its usage
 *     policy: at most one request per second, which this worker keeps)
 * @param enableCache ENABLE_GEOCODE_CACHE
 * @param cacheTtl CACHE_TTL: how long a cached geocode is used; a plain number means seconds;
 *     Google's results are kept 30 days at most whatever this says (Google's terms)
 * @param timeout GEOCODE_TIMEOUT: one request to one geocoder; a plain number means seconds
 */
@Validated
@ConfigurationProperties("dispatch.geo")
public record GeoProperties(
    String googleMapsApiKey,
    FallbackGeocoder fallbackGeocoder,
    String nominatimUrl,
    Boolean enableCache,
    @DurationUnit(ChronoUnit.SECONDS) @DurationMin(seconds = 1) Duration cacheTtl,
    @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 100) Duration timeout) {

  public static final String PUBLIC_NOMINATIM = "https://nominatim.openstreetmap.org";

  public enum FallbackGeocoder {
    NOMINATIM,
    NONE
  }

  public GeoProperties {
    googleMapsApiKey =
        googleMapsApiKey == null || googleMapsApiKey.isBlank() ? null : googleMapsApiKey.strip();
    fallbackGeocoder = fallbackGeocoder == null ? FallbackGeocoder.NOMINATIM : fallbackGeocoder;
    nominatimUrl =
        nominatimUrl == null || nominatimUrl.isBlank() ? PUBLIC_NOMINATIM : nominatimUrl.strip();
    enableCache = enableCache == null || enableCache;
    cacheTtl = cacheTtl == null ? Duration.ofDays(30) : cacheTtl;
    timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
  }

  /** All defaults: no Google key, Nominatim, cache for 30 days, 5 s per request. */
  public static GeoProperties defaults() {
    return new GeoProperties(null, null, null, null, null, null);
  }

  public boolean hasGoogleKey() {
    return googleMapsApiKey != null;
  }

  public boolean nominatimEnabled() {
    return fallbackGeocoder == FallbackGeocoder.NOMINATIM;
  }

  /** Never prints the key, only whether there is one. */
  @Override
  public String toString() {
    return "GeoProperties[googleMapsApiKey=%s, fallbackGeocoder=%s, nominatimUrl=%s, enableCache=%s, cacheTtl=%s, timeout=%s]"
        .formatted(
            hasGoogleKey() ? "(set)" : "(none)",
            fallbackGeocoder,
            nominatimUrl,
            enableCache,
            cacheTtl,
            timeout);
  }
}
