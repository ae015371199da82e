package com.dispatchbot.api.geo;

import com.dispatchbot.activities.geo.AddressNotFoundException;
import com.dispatchbot.activities.geo.GeocodersUnavailableException;
import com.dispatchbot.activities.geo.Geocoding;
import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where an address is: the same chain as the {@code geocode} activity (cache, Google, Nominatim,
 * gazetteer), asked directly. It answers with the best result at hand rather than waiting out an
 * outage, as a retrying workflow would.
 */
@RestController
@RequestMapping("/v1/geocode")
class GeocodeController {
  private static final Logger log = LoggerFactory.getLogger(GeocodeController.class);

  /** Seconds a client should wait before asking again when the geocoders are down. */
  static final int RETRY_AFTER_SECONDS = 5;

  private final Geocoding geocoding;

  GeocodeController(Geocoding geocoding) {
    this.geocoding = geocoding;
  }

  @Operation(
      summary = "Geocode a US address",
      description =
          "404 when no geocoder can place it (the detail says what to add); 503 with Retry-After"
              + " when the online geocoders are down and the offline gazetteer cannot place it.")
  @GetMapping
  GeoPoint geocode(
      @Parameter(description = "a US address, e.g. 1745 T St SE, Washington, DC 20020")
          @RequestParam(required = false)
          String address) {
    if (address == null || address.isBlank()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "Missing address",
          "pass the address to place, e.g. /v1/geocode?address=1745+T+St+SE,+Washington,+DC+20020");
    }
    if (address.length() > Geocoding.MAX_ADDRESS_LENGTH) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "Address too long",
          "the address has "
              + address.length()
              + " characters; at most "
              + Geocoding.MAX_ADDRESS_LENGTH
              + " are accepted");
    }
    try {
      return geocoding.geocode(address, Geocoding.Mode.BEST_EFFORT);
    } catch (AddressNotFoundException e) {
      throw new ApiProblem(
          HttpStatus.NOT_FOUND,
          "Address not found",
          "could not place the address: " + e.getMessage());
    }
  }

  @ExceptionHandler(GeocodersUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(GeocodersUnavailableException e) {
    log.warn("geocode failed: {}", e.getMessage());
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "the geocoding services ("
                + String.join(", ", e.providers())
                + ") are unavailable and the offline gazetteer cannot place this address; try"
                + " again shortly, or include a 5-digit ZIP code");
    problem.setTitle("Geocoders unavailable");
    problem.setType(URI.create("about:blank"));
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
        .body(problem);
  }
}
