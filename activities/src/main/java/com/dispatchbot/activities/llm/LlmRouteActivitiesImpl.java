package com.dispatchbot.activities.llm;

import com.dispatchbot.activities.cache.CacheProperties;
import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmRouteActivities;
import com.dispatchbot.workflows.llm.LlmTarget;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The fallback chain this worker's configuration gives: MODEL_NAME, then FALLBACK_MODEL, then
 * (always, in the workflow) the rule-based answer. No model at all when AI_MODE=rules_based or when
 * the provider needs a key and none is set.
 */
@Component("llmRouteActivities")
public class LlmRouteActivitiesImpl implements LlmRouteActivities {
  private static final Logger log = LoggerFactory.getLogger(LlmRouteActivitiesImpl.class);

  private final LlmRoute route;

  public LlmRouteActivitiesImpl(LlmProperties properties) {
    this(properties, CacheProperties.defaults());
  }

  @Autowired
  public LlmRouteActivitiesImpl(LlmProperties properties, CacheProperties cache) {
    this.route = routeOf(properties, cache);
    properties
        .whyNoModel()
        .ifPresentOrElse(
            reason -> log.info("Answering from rules only: {}", reason),
            () -> log.info("Answering with {}, then rules", route.targets()));
  }

  @Override
  public LlmRoute currentRoute() {
    return route;
  }

  static LlmRoute routeOf(LlmProperties properties) {
    return routeOf(properties, CacheProperties.defaults());
  }

  static LlmRoute routeOf(LlmProperties properties, CacheProperties cache) {
    List<LlmTarget> targets = new ArrayList<>();
    if (properties.whyNoModel().isEmpty()) {
      String provider = properties.provider().code();
      targets.add(new LlmTarget(0, provider, properties.model()));
      if (properties.enableFallback()
          && !properties.fallbackModel().isBlank()
          && !properties.fallbackModel().equals(properties.model())) {
        targets.add(new LlmTarget(1, provider, properties.fallbackModel()));
      }
    }
    return new LlmRoute(
        List.copyOf(targets),
        properties.timeout(),
        1 + properties.maxRetries(),
        properties.retryDelay(),
        cache.cachedOnly()
            ? LlmRoute.CACHE_ONLY
            : cache.enabled() ? LlmRoute.CACHE_ON : LlmRoute.CACHE_OFF);
  }
}
