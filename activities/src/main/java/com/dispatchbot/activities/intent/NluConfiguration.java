package com.dispatchbot.activities.intent;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code dispatch.nlu.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NluProperties.class)
public class NluConfiguration {

  /** Picks the intent model's encoder before any activity can ask for the model. */
  NluConfiguration(NluProperties properties) {
    IntentModel.usePrecision(properties.encoder());
  }
}
