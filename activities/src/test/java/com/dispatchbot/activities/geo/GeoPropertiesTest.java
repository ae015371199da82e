package com.dispatchbot.activities.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.geo.GeoProperties.FallbackGeocoder;
import jakarta.validation.Validation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class GeoPropertiesTest {

  @Test
  void givenNothingSet_whenBound_itShouldUseNominatimAndACacheOf30Days() {
    GeoProperties properties = bind(Map.of("dispatch.geo.google-maps-api-key", ""));

    assertThat(properties.hasGoogleKey()).isFalse();
    assertThat(properties.fallbackGeocoder()).isEqualTo(FallbackGeocoder.NOMINATIM);
    assertThat(properties.nominatimUrl()).isEqualTo("https://nominatim.openstreetmap.org");
    assertThat(properties.enableCache()).isTrue();
    assertThat(properties.cacheTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(properties).isEqualTo(GeoProperties.defaults());
  }

  @Test
  void givenTheRunbooksValues_whenBound_itShouldReadThemAsAnOperatorWritesThem() {
    GeoProperties properties =
        bind(
            Map.of(
                "dispatch.geo.google-maps-api-key", GeoFixtures.GOOGLE_KEY,
                "dispatch.geo.fallback-geocoder", "none",
                "dispatch.geo.nominatim-url", "http://nominatim.internal:8080",
                "dispatch.geo.enable-cache", "false",
                "dispatch.geo.cache-ttl", "86400",
                "dispatch.geo.timeout", "3"));

    assertThat(properties.hasGoogleKey()).isTrue();
    assertThat(properties.nominatimEnabled()).isFalse();
    assertThat(properties.nominatimUrl()).isEqualTo("http://nominatim.internal:8080");
    assertThat(properties.enableCache()).isFalse();
    assertThat(properties.cacheTtl()).as("a plain number is seconds").isEqualTo(Duration.ofDays(1));
    assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(bind(Map.of("dispatch.geo.cache-ttl", "7d")).cacheTtl())
        .isEqualTo(Duration.ofDays(7));
  }

  @Test
  void givenAnUnknownFallbackGeocoder_whenBound_itShouldRefuseToStart() {
    assertThatThrownBy(() -> bind(Map.of("dispatch.geo.fallback-geocoder", "bing")))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("dispatch.geo.fallback-geocoder");
  }

  @Test
  void givenAKey_whenPrinted_itShouldNeverShowIt() {
    GeoProperties properties =
        bind(Map.of("dispatch.geo.google-maps-api-key", GeoFixtures.GOOGLE_KEY));

    assertThat(properties.toString())
        .doesNotContain(GeoFixtures.GOOGLE_KEY)
        .doesNotContain("AIza")
        .contains("googleMapsApiKey=(set)");
  }

  private static GeoProperties bind(Map<String, String> values) {
    Binder binder = new Binder(new MapConfigurationPropertySource(values));
    ValidationBindHandler validation =
        new ValidationBindHandler(
            new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
    return binder.bindOrCreate("dispatch.geo", Bindable.of(GeoProperties.class), validation);
  }
}
