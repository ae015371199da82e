package com.dispatchbot.activities.geo;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * OpenStreetMap's Nominatim over HTTP ({@code /search}, format {@code jsonv2}). Its usage policy
 * asks for at most one request per second and a User-Agent naming the application: both are kept
 * here, the limit once per JVM however many instances there are.
 *
 * <p>Precision from {@code place_rank} and the kind of place ({@code category}/{@code class},
 * {@code type}, {@code addresstype}): a postcode is zip; rank 30 (a house, a building, a house
 * number) is rooftop; ranks 26–29 (streets) are street; a city, town, village or hamlet is city;
 * other ranks 19–25 (suburbs, neighbourhoods, blocks) are zip; ranks 13–18 are city; anything
 * coarser (county, state, country) is no match.
 */
final class NominatimGeocoder implements Geocoder {
  static final String PROVIDER = "nominatim";

  /** Nominatim's policy: identify the application, not the HTTP library. */
  static final String USER_AGENT =
      "dispatch-bot/0.1 (AI front desk for home-service businesses; geocoding fallback)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOWNS =
      Set.of("city", "town", "village", "hamlet", "municipality");

  private final String baseUrl;
  private final Duration timeout;
  private final RequestSpacing spacing;
  private final HttpClient http;

  /** For production: the JVM-wide one request per second. */
  NominatimGeocoder(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, RequestSpacing.JVM);
  }

  NominatimGeocoder(String baseUrl, Duration timeout, RequestSpacing spacing) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.spacing = spacing;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Optional<GeoPoint> geocode(String address) throws GeocoderFailure {
    HttpRequest request =
        HttpRequest.newBuilder(searchUri(address))
            .timeout(timeout)
            .header("User-Agent", USER_AGENT)
            .header("Accept", "application/json")
            .header("Accept-Language", "en-US,en")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      if (!spacing.awaitTurn(timeout)) {
        throw GeocoderFailure.transientFailure(
            PROVIDER,
            "more requests waiting than one per second can serve within "
                + timeout.toSeconds()
                + " s",
            null);
      }
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw GeocoderFailure.transientFailure(
          PROVIDER, "no answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw GeocoderFailure.transientFailure(
          PROVIDER,
          "unreachable: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GeocoderFailure.transientFailure(PROVIDER, "interrupted", e);
    }
    int status = response.statusCode();
    if (status == 429 || status == 408 || status >= 500) {
      throw GeocoderFailure.transientFailure(PROVIDER, "HTTP " + status, null);
    }
    if (status != 200) {
      // 403: blocked under the usage policy; 400: a request we built wrong. Neither heals by
      // itself.
      throw GeocoderFailure.refused(
          PROVIDER, "HTTP " + status + ": " + snippet(response.body()), null);
    }
    JsonNode results;
    try {
      results = JSON.readTree(response.body());
    } catch (IOException e) {
      throw GeocoderFailure.transientFailure(PROVIDER, "not JSON: " + snippet(response.body()), e);
    }
    if (results == null || !results.isArray()) {
      throw GeocoderFailure.transientFailure(
          PROVIDER, "not a result list: " + snippet(response.body()), null);
    }
    for (JsonNode result : results) {
      Optional<GeoPoint> point = toPoint(result);
      if (point.isPresent()) {
        return point;
      }
    }
    return Optional.empty();
  }

  URI searchUri(String address) {
    return URI.create(
        baseUrl
            + "/search?format=jsonv2&q="
            + URLEncoder.encode(address, StandardCharsets.UTF_8)
            + "&countrycodes=us&addressdetails=1&limit=1");
  }

  static Optional<GeoPoint> toPoint(JsonNode result) {
    if (!result.hasNonNull("lat") || !result.hasNonNull("lon")) {
      return Optional.empty();
    }
    Precision precision = precision(result);
    if (precision == null) {
      return Optional.empty();
    }
    double lat;
    double lng;
    try {
      // lat and lon arrive as strings
      lat = Double.parseDouble(result.get("lat").asText());
      lng = Double.parseDouble(result.get("lon").asText());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    JsonNode address = result.path("address");
    return Optional.of(
        new GeoPoint(
            lat,
            lng,
            PROVIDER,
            precision.code(),
            false,
            text(result, "display_name"),
            zip(text(address, "postcode")),
            first(address, "city", "town", "village", "hamlet", "municipality"),
            state(address)));
  }

  static Precision precision(JsonNode result) {
    String category = text(result, "category");
    if (category == null) {
      category = text(result, "class"); // format=json calls it class
    }
    String type = text(result, "type");
    String addressType = text(result, "addresstype");
    int rank = result.path("place_rank").asInt(0);
    if ("postcode".equals(addressType)
        || ("place".equals(category) && "postcode".equals(type))
        || ("boundary".equals(category) && "postal_code".equals(type))) {
      return Precision.ZIP;
    }
    if (rank >= 30) {
      return Precision.ROOFTOP;
    }
    if (rank >= 26) {
      return Precision.STREET;
    }
    String kind = addressType != null ? addressType : type;
    if (kind != null && TOWNS.contains(kind) && rank >= 13) {
      return Precision.CITY;
    }
    if (rank >= 19) {
      return Precision.ZIP;
    }
    if (rank >= 13) {
      return Precision.CITY;
    }
    return null;
  }

  /** {@code US-CO} from {@code ISO3166-2-lvl4}, else the state's name read as a code. */
  private static String state(JsonNode address) {
    String iso = text(address, "ISO3166-2-lvl4");
    if (iso != null && iso.startsWith("US-") && iso.length() == 5) {
      return iso.substring(3);
    }
    String name = text(address, "state");
    return name == null
        ? null
        : UsStates.code(String.join(" ", AddressText.words(name))).orElse(null);
  }

  /** The five-digit ZIP of {@code 80202} or {@code 80202-1234}; null for anything else. */
  private static String zip(String postcode) {
    if (postcode == null) {
      return null;
    }
    String p = postcode.strip();
    return p.matches("\\d{5}(-\\d{4})?") ? p.substring(0, 5) : null;
  }

  private static String first(JsonNode node, String... fields) {
    for (String field : fields) {
      String value = text(node, field);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private static String snippet(String body) {
    String s = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /**
   * Requests start at least one second apart: a token bucket holding one token, refilled one per
   * second, so there is no burst after a quiet spell (Guava's RateLimiter lets two through then).
   * Waiting callers queue up; one that would wait longer than it may gives up instead.
   */
  static final class RequestSpacing {
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** The one every Nominatim geocoder of this JVM shares. */
    static final RequestSpacing JVM =
        new RequestSpacing(TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);

    private final Bucket bucket;
    private final BlockingStrategy sleeper;

    RequestSpacing(TimeMeter clock, BlockingStrategy sleeper) {
      this.bucket =
          Bucket.builder()
              .addLimit(limit -> limit.capacity(1).refillGreedy(1, INTERVAL))
              .withCustomTimePrecision(clock)
              .build();
      this.sleeper = sleeper;
    }

    /** Blocks until this caller may send; false (at once) when that would take over maxWait. */
    boolean awaitTurn(Duration maxWait) throws InterruptedException {
      return bucket.asBlocking().tryConsume(1, maxWait, sleeper);
    }
  }
}
