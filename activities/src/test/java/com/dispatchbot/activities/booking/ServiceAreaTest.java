package com.dispatchbot.activities.booking;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.tenant.TenantProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who is served: a ZIP or a city on the list, or a point within the radius. */
class ServiceAreaTest {
  static final TenantProfile ACME =
      new TenantProfile(
          "acme",
          "Acme Plumbing & HVAC",
          "America/Denver",
          null,
          "plumbing",
          Map.of(),
          List.of(),
          List.of("Denver", "Aurora", "80226"),
          null,
          new TenantProfile.ServiceRadius(39.7392, -104.9903, 25, "downtown Denver"),
          null,
          null);

  @Test
  void givenAListedZipOrCity_whenChecked_itShouldBeServedWhateverTheCoordinates() {
    assertThat(ServiceArea.refusal(ACME, "80226", null, 0, 0)).isEmpty();
    assertThat(ServiceArea.refusal(ACME, "80226-1234", "Nowhere", 0, 0)).isEmpty();
    assertThat(ServiceArea.refusal(ACME, null, "aurora", 0, 0)).isEmpty();
  }

  @Test
  void givenAnUnlistedTownInsideTheRadius_whenChecked_itShouldBeServed() {
    // Wheat Ridge, about 8 km from downtown Denver
    assertThat(ServiceArea.refusal(ACME, "80033", "Wheat Ridge", 39.7661, -105.0772)).isEmpty();
  }

  @Test
  void givenBoulder_whenChecked_itShouldRefusePolitelyAndNameTheArea() {
    String refusal =
        ServiceArea.refusal(ACME, "80302", "Boulder", 40.0150, -105.2705).orElseThrow();

    assertThat(refusal)
        .startsWith("Sorry, Boulder 80302 is outside our service area.")
        .contains("Acme Plumbing & HVAC serves Denver and Aurora")
        .contains("80226")
        .contains("within 25 km of downtown Denver");
  }

  @Test
  void givenNothingKnownAboutTheAddress_whenChecked_itShouldNotGuessItIsServed() {
    assertThat(ServiceArea.refusal(ACME, null, null, 0, 0))
        .hasValueSatisfying(r -> assertThat(r).contains("couldn't tell"));
  }

  @Test
  void givenATenantWithoutAnArea_whenChecked_itShouldServeEverywhere() {
    TenantProfile anywhere =
        new TenantProfile("x", "X", "UTC", null, "", Map.of(), List.of(), List.of(), null);

    assertThat(ServiceArea.refusal(anywhere, "10001", "New York", 40.75, -73.99)).isEmpty();
  }
}
