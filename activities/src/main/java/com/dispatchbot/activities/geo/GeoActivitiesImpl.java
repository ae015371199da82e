package com.dispatchbot.activities.geo;

import com.dispatchbot.workflows.geo.GeoActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.function.IntSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@code geocode} activity: {@link Geocoding}'s chain, with its outcomes as Temporal failures.
 *
 * <ul>
 *   <li>nothing can place the address: non-retryable {@link GeoActivities#ADDRESS_NOT_FOUND} with
 *       the reason;
 *   <li>a better geocoder is unavailable (rate, 5xx, timeout): retryable {@link
 *       GeoActivities#GEOCODER_UNAVAILABLE}, so Temporal retries; from attempt {@value
 *       #BEST_EFFORT_FROM_ATTEMPT} on, the best result at hand is returned instead (a live call
 *       should not wait on an outage), and when there is none the address is not found, with the
 *       outage as the reason.
 * </ul>
 *
 * The tenant is not used: an address is a fact, and who asked is not recorded anywhere.
 */
@Component("geoActivities")
public class GeoActivitiesImpl implements GeoActivities {
  static final int BEST_EFFORT_FROM_ATTEMPT = 3;

  private final Geocoding geocoding;
  private final IntSupplier attempt;

  @Autowired
  public GeoActivitiesImpl(Geocoding geocoding) {
    this(geocoding, GeoActivitiesImpl::currentAttempt);
  }

  GeoActivitiesImpl(Geocoding geocoding, IntSupplier attempt) {
    this.geocoding = geocoding;
    this.attempt = attempt;
  }

  @Override
  public GeoPoint geocode(GeocodeRequest request) {
    boolean bestEffort = attempt.getAsInt() >= BEST_EFFORT_FROM_ATTEMPT;
    try {
      return geocoding.geocode(
          request.address(), bestEffort ? Geocoding.Mode.BEST_EFFORT : Geocoding.Mode.STRICT);
    } catch (AddressNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ADDRESS_NOT_FOUND);
    } catch (GeocodersUnavailableException e) {
      if (bestEffort) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ADDRESS_NOT_FOUND);
      }
      throw ApplicationFailure.newFailure(e.getMessage(), GEOCODER_UNAVAILABLE);
    }
  }

  /** This activity's attempt (1 for the first); outside an activity, as if it were the last. */
  private static int currentAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (RuntimeException notInAnActivity) {
      return Integer.MAX_VALUE;
    }
  }
}
