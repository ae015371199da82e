package com.dispatchbot.activities.geo;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Binds {@code dispatch.geo.*} and builds the chain once per application. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GeoProperties.class)
public class GeoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(GeoConfiguration.class);

  /** The offline gazetteer; also for code that needs ZIP centroids or distances. */
  @Bean
  Gazetteer gazetteer() {
    return Gazetteer.shared();
  }

  @Bean(destroyMethod = "close")
  Geocoding geocoding(
      GeoProperties properties, Gazetteer gazetteer, ObjectProvider<JdbcClient> jdbc) {
    JdbcClient client = properties.enableCache() ? jdbc.getIfAvailable() : null;
    Geocoding geocoding =
        Geocoding.fromProperties(
            properties,
            gazetteer,
            client == null ? null : new GeocodeCache(client, Clock.systemUTC()));
    log.info("geocoding: {} with {}", geocoding, properties);
    return geocoding;
  }
}
