package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.AlertThresholds;
import com.dispatchbot.activities.cost.CostProperties;
import com.dispatchbot.activities.geo.GeoProperties;
import com.dispatchbot.activities.knowledge.KnowledgeProperties;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.config.DispatchProperties;
import com.dispatchbot.security.AuthProperties;
import com.dispatchbot.security.RateLimitProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The app's configuration as the app itself would read it (application.yaml, its {@code
 * ${ENV:default}} placeholders and relaxed env binding), bound to the app's own property records,
 * without starting a Spring context: a report needs MAX_HISTORY_MESSAGES or ALERT_ERROR_RATE, not
 * the whole app.
 */
final class AppConfig {
  private final Binder binder;
  private final StandardEnvironment environment;

  private AppConfig(StandardEnvironment environment) {
    this.environment = environment;
    this.binder = Binder.get(environment);
  }

  static AppConfig load() {
    StandardEnvironment env = new StandardEnvironment();
    try {
      new YamlPropertySourceLoader()
          .load("application.yaml", new ClassPathResource("application.yaml"))
          .forEach(env.getPropertySources()::addLast);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read application.yaml from the jar", e);
    }
    return new AppConfig(env);
  }

  /** A raw property (placeholders resolved), e.g. {@code spring.temporal.connection.target}. */
  String property(String name, String fallback) {
    return environment.getProperty(name, fallback);
  }

  /**
   * A variable the operator set (environment, or a -D system property, which wins as in Spring),
   * never a yaml default: null when unset or blank.
   */
  String env(String name) {
    String value = environment.getProperty(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  DispatchProperties dispatch() {
    return bind("dispatch", DispatchProperties.class, null);
  }

  LlmProperties llm() {
    return bind("dispatch.llm", LlmProperties.class, LlmProperties::defaults);
  }

  CostProperties cost() {
    return bind("dispatch.cost", CostProperties.class, CostProperties::defaults);
  }

  AlertThresholds alerts() {
    return bind("dispatch.alerts", AlertThresholds.class, AlertThresholds::defaults);
  }

  KnowledgeProperties knowledge() {
    return bind("dispatch.knowledge", KnowledgeProperties.class, KnowledgeProperties::defaults);
  }

  GeoProperties geo() {
    return bind("dispatch.geo", GeoProperties.class, GeoProperties::defaults);
  }

  AuthProperties auth() {
    return bind("dispatch.auth", AuthProperties.class, null);
  }

  RateLimitProperties rateLimits() {
    return bind("dispatch.rate-limit", RateLimitProperties.class, null);
  }

  /**
   * A setting of the worker of one task queue in application.yaml ({@code
   * spring.temporal.workers}).
   */
  String workerProperty(String taskQueue, String suffix, String fallback) {
    for (int i = 0; i < 50; i++) {
      String queue = environment.getProperty("spring.temporal.workers[" + i + "].task-queue");
      if (queue == null) {
        break;
      }
      if (queue.equals(taskQueue)) {
        return environment.getProperty("spring.temporal.workers[" + i + "]." + suffix, fallback);
      }
    }
    return fallback;
  }

  String temporalTarget() {
    return property("spring.temporal.connection.target", "127.0.0.1:7233");
  }

  String temporalNamespace() {
    return property("spring.temporal.namespace", "default");
  }

  String defaultTenant() {
    return property("dispatch.default-tenant", "demo");
  }

  private <T> T bind(String prefix, Class<T> type, Supplier<T> defaults) {
    try {
      return defaults == null
          ? binder.bind(prefix, type).get()
          : binder.bind(prefix, type).orElseGet(defaults);
    } catch (RuntimeException e) {
      // e.g. TEMPERATURE=hot: say which setting, not the binder's stack
      throw new OpsCommand.BadInput(
          "the configuration under " + prefix + " cannot be read: " + OpsCommand.rootMessage(e));
    }
  }
}
