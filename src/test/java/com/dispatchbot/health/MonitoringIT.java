package com.dispatchbot.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * What monitoring sees: /health names each dependency and answers the probes; /metrics exports the
 * app's and the Temporal SDK's metrics; every metric the Prometheus rules and the Grafana dashboard
 * in deploy/ use is one the app exports (or one that only appears after an event).
 */
@AppIntegrationTest
class MonitoringIT {
  /** Metrics that exist only once something happens; each with what makes it appear. */
  static final Map<String, String> AFTER_AN_EVENT =
      Map.of(
          "dispatch_llm_latency_seconds", "the first model call (no key in this test)",
          "dispatch_llm_tokens_total", "the first model call",
          "dispatch_llm_cost_usd_total", "the first paid model call",
          "dispatch_spend_degraded_total", "the first call refused by a spend limit",
          "dispatch_spend_ratio", "a DAILY_SPEND_LIMIT or HOURLY_SPEND_LIMIT is set",
          "dispatch_call_cost_usd", "the first call that ends",
          "dispatch_knowledge_search_seconds", "the first knowledge question",
          "dispatch_knowledge_context_relevance", "the first knowledge question",
          "temporal_activity_execution_failed_total", "the first failed activity attempt");

  static final Path DEPLOY = Path.of(System.getProperty("user.dir")).getParent().resolve("deploy");

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;

  @Test
  void healthNamesEachDependency_andTheProbesAnswer() {
    Http http = new Http(port);
    JsonNode health = http.get("/health").json();
    assertThat(health.path("components").fieldNames())
        .toIterable()
        .contains(
            "db",
            "temporal",
            "llm",
            "knowledge",
            "geocoder",
            "diskSpace",
            "livenessState",
            "readinessState");
    assertThat(http.get("/health/liveness").status()).isEqualTo(200);
    assertThat(http.get("/health/readiness").status()).isEqualTo(200);
    assertThat(http.get("/health/readiness").json().path("components").fieldNames())
        .toIterable()
        .contains("db", "temporal");
  }

  @Test
  void everyMetricTheAlertRulesAndTheDashboardUse_isExported() throws Exception {
    Http http =
        new Http(port)
            .withKey(
                accounts.createApiKey("demo", "mon-" + UUID.randomUUID(), Role.CALLER_API).key());
    Http.Response started =
        http.post(
            "/v1/conversations",
            Http.json(
                Map.of(
                    "conversationId",
                    "it-metrics-" + UUID.randomUUID(),
                    "channel",
                    "web",
                    "caller",
                    Map.of("phone", "+13035550119", "name", "Lee"),
                    "message",
                    "How much is drain cleaning?")));
    assertThat(started.status()).as(started.body()).isEqualTo(201);

    Set<String> used = new TreeSet<>();
    used.addAll(metricsIn(rulesExpressions()));
    used.addAll(metricsIn(dashboardExpressions()));
    assertThat(used).isNotEmpty();
    // worker gauges register as each worker starts polling: scrape until they are all there
    com.dispatchbot.support.Eventually.eventually(
        java.time.Duration.ofSeconds(30),
        () -> exported(new Http(port).get("/metrics").body()),
        exported -> {
          assertThat(exported)
              .anyMatch(n -> n.startsWith("temporal_"))
              .contains("dispatch_ai_responses_total", "http_server_requests_seconds_bucket");
          List<String> missing =
              used.stream()
                  .filter(
                      name ->
                          exported.stream()
                              .noneMatch(e -> e.equals(name) || e.startsWith(name + "_")))
                  .filter(name -> AFTER_AN_EVENT.keySet().stream().noneMatch(name::startsWith))
                  .toList();
          assertThat(missing)
              .as("metrics the rules or the dashboard use but the app does not export")
              .isEmpty();
        });
  }

  static Set<String> exported(String scrape) {
    Set<String> exported = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        exported.add(line.split("[{ ]", 2)[0]);
      }
    }
    return exported;
  }

  @SuppressWarnings("unchecked")
  static List<String> rulesExpressions() throws Exception {
    Map<String, Object> rules =
        new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alerts.yml")));
    List<String> expressions = new java.util.ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
        assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
        assertThat((Map<String, Object>) rule.get("annotations"))
            .containsKeys("summary", "runbook");
        expressions.add((String) rule.get("expr"));
      }
    }
    return expressions;
  }

  static List<String> dashboardExpressions() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(DEPLOY.resolve("grafana/dispatch-bot.json").toFile());
    return dashboard.findValuesAsText("expr");
  }

  /** Metric names in PromQL: identifiers followed by { or [ or a space, not functions or labels. */
  static Set<String> metricsIn(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    Pattern metric =
        Pattern.compile("\\b((?:dispatch|http|temporal|jvm|process|hikaricp)_[a-z0-9_]+)");
    for (String expression : expressions) {
      Matcher m = metric.matcher(expression);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
