package com.dispatchbot.activities.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressTextTest {

  @Test
  void givenOneAddressWrittenTwoWays_whenKeyed_itShouldGetOneCacheKey() {
    assertThat(AddressText.cacheKey("1745 T St. SE,  Washington, DC 20020, USA"))
        .isEqualTo(AddressText.cacheKey("1745 t st se washington dc 20020"))
        .isEqualTo("1745 t st se washington dc 20020");
    assertThat(AddressText.cacheKey("１７４５ T St SE, Washington DC, United States of America"))
        .as("full-width digits")
        .isEqualTo("1745 t st se washington dc");
    assertThat(AddressText.cacheKey("Apt #4-B, 12 Elm St")).isEqualTo("apt #4-b 12 elm st");
  }

  @Test
  void givenDifferentStreets_whenKeyed_itShouldKeepThemApart() {
    assertThat(AddressText.cacheKey("1 N St, Washington, DC"))
        .isNotEqualTo(AddressText.cacheKey("1 North St, Washington, DC"));
    assertThat(AddressText.cacheKey("12 Medusa Rd")).as("not a trailing USA").endsWith("medusa rd");
  }

  @Test
  void givenCityNamesWrittenDifferently_whenKeyed_theyShouldMatch() {
    assertThat(AddressText.cityKey("St. Louis")).isEqualTo(AddressText.cityKey("SAINT LOUIS"));
    assertThat(AddressText.cityKey("O'Neals")).isEqualTo(AddressText.cityKey("O Neals"));
    assertThat(AddressText.cityKey("McLean")).isEqualTo(AddressText.cityKey("Mc Lean"));
    assertThat(AddressText.cityKey("Cañon City")).isEqualTo(AddressText.cityKey("Canon City"));
    assertThat(AddressText.cityKey("Mt. Vernon")).isEqualTo(AddressText.cityKey("Mount Vernon"));
  }
}
