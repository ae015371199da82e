package com.dispatchbot.health;

import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmRouteActivities;
import com.dispatchbot.workflows.llm.LlmTarget;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * /health component {@code llm}: which answer chain this node runs. Configuration only: it never
 * calls a provider (that costs money) and never shows the key.
 */
@Component("llm")
class LlmHealthIndicator implements HealthIndicator {
  private final LlmRouteActivities routes;

  LlmHealthIndicator(LlmRouteActivities routes) {
    this.routes = routes;
  }

  @Override
  public Health health() {
    LlmRoute route = routes.currentRoute();
    List<String> chain =
        route.targets().stream()
            .map(LlmTarget::model)
            .collect(java.util.stream.Collectors.toList());
    chain.add("rules");
    return Health.up()
        .withDetail("mode", route.targets().isEmpty() ? "rules_based" : "llm_with_fallback")
        .withDetail("chain", chain)
        .withDetail("maxAttempts", route.maxAttempts())
        .build();
  }
}
