package com.dispatchbot.activities.geo;

import com.dispatchbot.activities.geo.Gazetteer.Located;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The geocoding chain: cache, then each online geocoder in order (Google when a key is set,
 * Nominatim unless disabled), then the offline gazetteer (a ZIP code in the text, else city and
 * state). The first with a result wins; results of online geocoders are cached, the gazetteer's
 * need not be.
 *
 * <p>When a geocoder fails for a while (rate, 5xx, timeout) the chain goes on, but a result from
 * further down is worse than what a retry would likely bring. {@link Mode#STRICT} then fails with
 * {@link GeocodersUnavailableException} so that Temporal retries; {@link Mode#BEST_EFFORT} returns
 * the lesser result. Such results are never cached: the cache must not keep an outage's answer for
 * a month. A geocoder that refuses (bad key, daily quota gone) is skipped without waiting: that
 * does not heal by retrying, and what the next one finds is cached as usual (the cache's scope is
 * the configured chain, not its health).
 */
public final class Geocoding implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Geocoding.class);

  /** Longest address accepted (the API answers 400 above it). */
  public static final int MAX_ADDRESS_LENGTH = AddressText.MAX_LENGTH;

  private static final int MAX_KEY_LENGTH = 400;

  /** What to do when a better geocoder was unavailable but a lesser one answered. */
  public enum Mode {
    /** Fail with {@link GeocodersUnavailableException}, so that the caller retries. */
    STRICT,
    /** Return the lesser result now. */
    BEST_EFFORT
  }

  private final List<Geocoder> geocoders;
  private final Gazetteer gazetteer;
  private final GeocodeCache cache;
  private final Duration cacheTtl;
  private final String scope;

  /**
   * @param geocoders online geocoders, best first
   * @param cache null to disable the cache
   */
  Geocoding(List<Geocoder> geocoders, Gazetteer gazetteer, GeocodeCache cache, Duration cacheTtl) {
    this.geocoders = List.copyOf(geocoders);
    this.gazetteer = gazetteer;
    this.cache = cache;
    this.cacheTtl = cacheTtl;
    this.scope = geocoders.stream().map(Geocoder::provider).collect(Collectors.joining("+"));
  }

  /**
   * The chain {@code properties} describe: Google when a key is set, Nominatim unless {@code
   * FALLBACK_GEOCODER=none}, then the gazetteer.
   *
   * @param cache null for none (also when ENABLE_GEOCODE_CACHE is false)
   */
  public static Geocoding fromProperties(
      GeoProperties properties, Gazetteer gazetteer, GeocodeCache cache) {
    return fromProperties(properties, gazetteer, cache, null);
  }

  /** As above, with Google at {@code googleBaseUrl} (a local fake in tests; null for Google). */
  static Geocoding fromProperties(
      GeoProperties properties, Gazetteer gazetteer, GeocodeCache cache, String googleBaseUrl) {
    List<Geocoder> geocoders = new ArrayList<>();
    if (properties.hasGoogleKey()) {
      geocoders.add(
          new GoogleGeocoder(properties.googleMapsApiKey(), googleBaseUrl, properties.timeout()));
    }
    if (properties.nominatimEnabled()) {
      geocoders.add(new NominatimGeocoder(properties.nominatimUrl(), properties.timeout()));
    }
    return new Geocoding(
        geocoders, gazetteer, properties.enableCache() ? cache : null, properties.cacheTtl());
  }

  /** The providers asked, in order, ending with {@code gazetteer}. */
  public List<String> chain() {
    List<String> chain = new ArrayList<>();
    geocoders.forEach(g -> chain.add(g.provider()));
    chain.add("gazetteer");
    return chain;
  }

  public boolean cacheEnabled() {
    return cache != null;
  }

  /**
   * Places a US address.
   *
   * @throws AddressNotFoundException nothing could place it (the message says why, for a person)
   * @throws GeocodersUnavailableException a geocoder that might have placed it (better) could not
   *     be asked; in {@link Mode#BEST_EFFORT} only when nothing else placed it either
   */
  public GeoPoint geocode(String address, Mode mode) {
    if (address == null || address.isBlank()) {
      throw new AddressNotFoundException("the address is empty");
    }
    if (address.length() > MAX_ADDRESS_LENGTH) {
      throw new AddressNotFoundException(
          "the address is longer than " + MAX_ADDRESS_LENGTH + " characters");
    }
    String key = AddressText.cacheKey(address);
    if (key.isEmpty()) {
      throw new AddressNotFoundException("the address has no letters or digits");
    }
    boolean cacheable = cache != null && !geocoders.isEmpty() && key.length() <= MAX_KEY_LENGTH;
    if (cacheable) {
      Optional<GeoPoint> hit = cached(key);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    List<GeocoderFailure> unavailable = new ArrayList<>();
    List<String> noMatch = new ArrayList<>();
    for (Geocoder geocoder : geocoders) {
      Optional<GeoPoint> point;
      try {
        point = geocoder.geocode(address);
      } catch (GeocoderFailure failure) {
        if (failure.isTransient()) {
          log.info("geocoder unavailable, trying the next: {}", failure.getMessage());
          unavailable.add(failure);
        } else {
          log.warn("geocoder refused, skipping it: {}", failure.getMessage());
        }
        continue;
      }
      if (point.isEmpty()) {
        noMatch.add(geocoder.provider());
        continue;
      }
      if (!unavailable.isEmpty()) {
        return lesser(point.get(), unavailable, mode);
      }
      if (cacheable) {
        store(key, point.get());
      }
      return point.get();
    }
    Gazetteer.Resolution resolution = gazetteer.resolve(address);
    if (resolution.located().isPresent()) {
      GeoPoint point = toPoint(resolution.located().get());
      return unavailable.isEmpty() ? point : lesser(point, unavailable, mode);
    }
    if (!unavailable.isEmpty()) {
      throw unavailable(unavailable, "the offline gazetteer could not place it either");
    }
    String tried = noMatch.isEmpty() ? "" : String.join(" and ", noMatch) + " found no match; ";
    throw new AddressNotFoundException(tried + resolution.reason());
  }

  private GeoPoint lesser(GeoPoint point, List<GeocoderFailure> unavailable, Mode mode) {
    if (mode == Mode.STRICT) {
      throw unavailable(unavailable, point.provider() + " has a " + point.precision() + " match");
    }
    log.warn(
        "answering with {} ({} precision) while {} is unavailable; not cached",
        point.provider(),
        point.precision(),
        providers(unavailable));
    return point;
  }

  private static GeocodersUnavailableException unavailable(
      List<GeocoderFailure> failures, String meanwhile) {
    String causes =
        failures.stream().map(GeocoderFailure::getMessage).collect(Collectors.joining("; "));
    return new GeocodersUnavailableException(
        "geocoder unavailable (" + causes + "); " + meanwhile + "; try again shortly",
        providers(failures));
  }

  private static List<String> providers(List<GeocoderFailure> failures) {
    return failures.stream().map(GeocoderFailure::provider).distinct().toList();
  }

  private Optional<GeoPoint> cached(String key) {
    try {
      return cache.find(key, scope);
    } catch (DataAccessException e) {
      log.warn("geocode cache unreadable, asking the geocoders: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private void store(String key, GeoPoint point) {
    try {
      cache.put(key, scope, point, cacheTtl);
    } catch (DataAccessException e) {
      log.warn("geocode not cached: {}", e.getMessage());
    }
  }

  static GeoPoint toPoint(Located located) {
    Place place = located.place();
    return new GeoPoint(
        place.lat(),
        place.lng(),
        "gazetteer",
        located.precision(),
        false,
        place.label(),
        place.zip(),
        place.city(),
        place.state());
  }

  @Override
  public String toString() {
    return String.join(" → ", chain())
        + (cache == null ? " (no cache)" : " (cache " + cacheTtl + ")");
  }

  @Override
  public void close() {
    geocoders.forEach(Geocoder::close);
  }
}
