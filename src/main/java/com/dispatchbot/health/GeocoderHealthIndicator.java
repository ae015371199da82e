package com.dispatchbot.health;

import com.dispatchbot.activities.geo.GeoProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * /health component {@code geocoder}: the chain this node geocodes with. Configuration only: no
 * paid call, no key shown. The offline gazetteer is always last, so geocoding is never down.
 */
@Component("geocoder")
class GeocoderHealthIndicator implements HealthIndicator {
  private final GeoProperties geo;

  GeocoderHealthIndicator(GeoProperties geo) {
    this.geo = geo;
  }

  @Override
  public Health health() {
    List<String> chain = new ArrayList<>();
    if (geo.enableCache()) {
      chain.add("cache");
    }
    if (geo.hasGoogleKey()) {
      chain.add("google");
    }
    if (geo.nominatimEnabled()) {
      chain.add("nominatim");
    }
    chain.add("gazetteer");
    return Health.up().withDetail("chain", chain).build();
  }
}
