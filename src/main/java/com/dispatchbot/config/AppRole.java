package com.dispatchbot.config;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What this node does (APP_ROLE, property {@code dispatch.role}): {@code all} (default) serves the
 * API and runs the Temporal workers; {@code api} serves the API only (no workers polling); {@code
 * worker} runs the workers, and its HTTP server answers only health and metrics (for probes and
 * Prometheus). Decided before the context starts, so an API node never starts a worker even for a
 * moment; an unknown role stops the start with the reason.
 */
public enum AppRole {
  ALL,
  API,
  WORKER;

  public boolean servesApi() {
    return this != WORKER;
  }

  public boolean runsWorkers() {
    return this != API;
  }

  public static AppRole parse(String value) {
    if (value == null || value.isBlank()) {
      return ALL;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("APP_ROLE must be all, api or worker, not '" + value + "'");
    }
  }

  /** Reads APP_ROLE / dispatch.role and turns the workers off on an API node. */
  public static final class PostProcessor implements EnvironmentPostProcessor, Ordered {
    @Override
    public void postProcessEnvironment(
        ConfigurableEnvironment environment, SpringApplication application) {
      String configured =
          environment.getProperty("dispatch.role", environment.getProperty("APP_ROLE"));
      AppRole role = parse(configured);
      environment
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  "dispatchAppRole",
                  role.runsWorkers()
                      ? Map.of("dispatch.role", role.name().toLowerCase(Locale.ROOT))
                      : Map.of(
                          "dispatch.role",
                          role.name().toLowerCase(Locale.ROOT),
                          "spring.temporal.start-workers",
                          "false")));
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }
  }
}
