package com.dispatchbot.activities.geo;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.google.maps.GeoApiContext;
import com.google.maps.GeocodingApi;
import com.google.maps.errors.AccessNotConfiguredException;
import com.google.maps.errors.ApiException;
import com.google.maps.errors.InvalidRequestException;
import com.google.maps.errors.OverDailyLimitException;
import com.google.maps.errors.OverQueryLimitException;
import com.google.maps.errors.RequestDeniedException;
import com.google.maps.errors.UnknownErrorException;
import com.google.maps.model.AddressComponent;
import com.google.maps.model.AddressComponentType;
import com.google.maps.model.AddressType;
import com.google.maps.model.ComponentFilter;
import com.google.maps.model.GeocodingResult;
import com.google.maps.model.LocationType;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Google's Geocoding API through google-maps-services. The client's own retries are off: Temporal
 * retries the activity, and a retry loop inside an attempt would outlive its timeout.
 *
 * <p>Precision from {@code geometry.location_type} and the result's {@code types}: {@code ROOFTOP}
 * is rooftop; {@code RANGE_INTERPOLATED} is street; {@code GEOMETRIC_CENTER} of a street,
 * intersection, premise or place is street; otherwise ({@code GEOMETRIC_CENTER} of an area, {@code
 * APPROXIMATE}) the area: a postal code, neighbourhood or sublocality is zip, a locality is city,
 * an approximate street address is zip. Anything coarser (a county, a state, the country, which is
 * what Google answers a {@code components=country:US} request it cannot place) is no match.
 */
final class GoogleGeocoder implements Geocoder {
  static final String PROVIDER = "google";

  private static final Set<AddressType> STREET_LEVEL =
      EnumSet.of(
          AddressType.STREET_ADDRESS,
          AddressType.ROUTE,
          AddressType.INTERSECTION,
          AddressType.PREMISE,
          AddressType.SUBPREMISE,
          AddressType.ESTABLISHMENT,
          AddressType.POINT_OF_INTEREST);
  private static final Set<AddressType> ZIP_LEVEL =
      EnumSet.of(
          AddressType.POSTAL_CODE,
          AddressType.NEIGHBORHOOD,
          AddressType.SUBLOCALITY,
          AddressType.SUBLOCALITY_LEVEL_1,
          AddressType.SUBLOCALITY_LEVEL_2,
          AddressType.COLLOQUIAL_AREA);
  private static final Set<AddressType> CITY_LEVEL =
      EnumSet.of(
          AddressType.LOCALITY, AddressType.POSTAL_TOWN, AddressType.ADMINISTRATIVE_AREA_LEVEL_3);

  private final GeoApiContext context;
  private final String apiKey;

  /**
   * @param apiKey GOOGLE_MAPS_API_KEY
   * @param baseUrl null for Google; a local fake's {@code http://127.0.0.1:port} in tests
   * @param timeout connect and read timeout of one request
   */
  GoogleGeocoder(String apiKey, String baseUrl, Duration timeout) {
    this.apiKey = apiKey;
    GeoApiContext.Builder builder =
        new GeoApiContext.Builder()
            .apiKey(apiKey)
            .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .disableRetries();
    if (baseUrl != null) {
      builder.baseUrlOverride(baseUrl);
    }
    this.context = builder.build();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Optional<GeoPoint> geocode(String address) throws GeocoderFailure {
    if (!apiKey.startsWith("AIza")) {
      // the client would refuse it anyway ("Invalid API key."): every Google API key starts so
      throw GeocoderFailure.refused(PROVIDER, "GOOGLE_MAPS_API_KEY is not a Google API key", null);
    }
    GeocodingResult[] results;
    try {
      results =
          GeocodingApi.geocode(context, address).components(ComponentFilter.country("US")).await();
    } catch (OverDailyLimitException e) {
      // the day's quota is gone: waiting seconds will not bring it back
      throw GeocoderFailure.refused(PROVIDER, "daily quota exceeded: " + clean(e), null);
    } catch (OverQueryLimitException | UnknownErrorException e) {
      throw GeocoderFailure.transientFailure(PROVIDER, describe(e), null);
    } catch (RequestDeniedException | AccessNotConfiguredException e) {
      throw GeocoderFailure.refused(PROVIDER, "request denied: " + clean(e), null);
    } catch (InvalidRequestException e) {
      // Google cannot read the query as an address: no match, not an outage
      return Optional.empty();
    } catch (ApiException e) {
      throw GeocoderFailure.refused(PROVIDER, describe(e), null);
    } catch (IOException e) {
      throw GeocoderFailure.transientFailure(PROVIDER, describe(e), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GeocoderFailure.transientFailure(PROVIDER, "interrupted", null);
    } catch (RuntimeException e) {
      // the client cannot read the answer: an empty 5xx body, a proxy's HTML page
      throw GeocoderFailure.transientFailure(PROVIDER, "unreadable answer: " + describe(e), null);
    }
    if (results == null) {
      return Optional.empty();
    }
    for (GeocodingResult result : results) {
      Optional<GeoPoint> point = toPoint(result);
      if (point.isPresent()) {
        return point;
      }
    }
    return Optional.empty();
  }

  static Optional<GeoPoint> toPoint(GeocodingResult result) {
    if (result.geometry == null || result.geometry.location == null) {
      return Optional.empty();
    }
    Precision precision = precision(result.geometry.locationType, result.types);
    if (precision == null) {
      return Optional.empty();
    }
    List<AddressComponent> parts =
        result.addressComponents == null ? List.of() : Arrays.asList(result.addressComponents);
    return Optional.of(
        new GeoPoint(
            result.geometry.location.lat,
            result.geometry.location.lng,
            PROVIDER,
            precision.code(),
            false,
            result.formattedAddress,
            component(parts, true, AddressComponentType.POSTAL_CODE),
            component(
                parts,
                false,
                AddressComponentType.LOCALITY,
                AddressComponentType.POSTAL_TOWN,
                AddressComponentType.SUBLOCALITY_LEVEL_1,
                AddressComponentType.SUBLOCALITY,
                AddressComponentType.ADMINISTRATIVE_AREA_LEVEL_3),
            component(parts, true, AddressComponentType.ADMINISTRATIVE_AREA_LEVEL_1)));
  }

  static Precision precision(LocationType locationType, AddressType[] resultTypes) {
    Set<AddressType> types = EnumSet.noneOf(AddressType.class);
    if (resultTypes != null) {
      types.addAll(Arrays.asList(resultTypes));
    }
    if (locationType == LocationType.ROOFTOP) {
      return Precision.ROOFTOP;
    }
    boolean streetLevel = intersects(types, STREET_LEVEL);
    if (locationType == LocationType.RANGE_INTERPOLATED
        || (locationType == LocationType.GEOMETRIC_CENTER && streetLevel)) {
      return Precision.STREET;
    }
    if (intersects(types, ZIP_LEVEL)) {
      return Precision.ZIP;
    }
    if (intersects(types, CITY_LEVEL)) {
      return Precision.CITY;
    }
    // an APPROXIMATE street address or place: near it, about a neighbourhood's worth
    return streetLevel ? Precision.ZIP : null;
  }

  private static boolean intersects(Set<AddressType> types, Set<AddressType> level) {
    for (AddressType type : types) {
      if (level.contains(type)) {
        return true;
      }
    }
    return false;
  }

  /** The first component having one of {@code types}, in that order of preference. */
  private static String component(
      List<AddressComponent> parts, boolean shortName, AddressComponentType... types) {
    for (AddressComponentType type : types) {
      for (AddressComponent part : parts) {
        if (part.types != null && Arrays.asList(part.types).contains(type)) {
          return shortName ? part.shortName : part.longName;
        }
      }
    }
    return null;
  }

  private String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + clean(e);
  }

  /** The provider's message on one line, without the key. */
  private String clean(Exception e) {
    String message = e.getMessage() == null ? "(no details)" : e.getMessage();
    if (apiKey != null && !apiKey.isEmpty()) {
      message = message.replace(apiKey, "***");
    }
    message = message.replaceAll("\\s+", " ").strip();
    return message.length() <= 300 ? message : message.substring(0, 300) + "…";
  }

  @Override
  public void close() {
    context.shutdown();
  }
}
