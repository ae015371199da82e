package com.dispatchbot.api.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /v1/tools} in the running app: an operator sees every tool the model is given (name,
 * description, parameter schema) and how each did for their business only: calls, success rate,
 * p50/p95 latency over the window asked for.
 */
@AppIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolsApiIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String tenantA = "tools" + run;
  final String tenantB = "tools" + run + "-b";
  Http operator;
  Http admin;
  Http caller;

  @BeforeAll
  void setUp() {
    for (String tenant : List.of(tenantA, tenantB)) {
      jdbc.sql(
              "insert into tenants (id, name, timezone, profile) values (?, ?, 'America/Denver',"
                  + " '{}')")
          .params(tenant, "Tenant " + tenant)
          .update();
    }
    Http http = new Http(port);
    operator = http.withKey(accounts.createApiKey(tenantA, "ops", Role.OPERATOR).key());
    admin = http.withKey(accounts.createApiKey(tenantA, "adm", Role.ADMIN).key());
    caller = http.withKey(accounts.createApiKey(tenantA, "api", Role.CALLER_API).key());

    // A: three bookings and one the model got wrong today, one booking two days ago
    execution(tenantA, "book_appointment", "ok", 100, "now()");
    execution(tenantA, "book_appointment", "ok", 200, "now()");
    execution(tenantA, "book_appointment", "ok", 300, "now()");
    execution(tenantA, "book_appointment", "invalid_arguments", 400, "now()");
    execution(tenantA, "book_appointment", "ok", 9_000, "now() - interval '2 days'");
    execution(tenantA, "order_pizza", "unknown_tool", 1, "now()");
    // B: many failed cancellations, none of A's business
    for (int i = 0; i < 5; i++) {
      execution(tenantB, "cancel_appointment", "not_found", 50, "now()");
      execution(tenantB, "book_appointment", "failed", 7_000, "now()");
    }
  }

  @Test
  void givenAnOperator_itShouldSeeEveryToolWithItsSchemaAndItsOwnStatsOfTheLastDay() {
    Http.Response response = operator.get("/v1/tools");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.path("window").asText()).isEqualTo("PT24H");
    List<String> names = new ArrayList<>();
    body.path("tools").forEach(t -> names.add(t.path("name").asText()));
    assertThat(names)
        .containsExactly(
            "check_availability",
            "book_appointment",
            "reschedule_appointment",
            "cancel_appointment",
            "find_appointments",
            "business_hours",
            "knowledge_lookup");

    JsonNode book = tool(body, "book_appointment");
    assertThat(book.path("description").asText()).contains("check_availability");
    assertThat(book.path("parameters").path("type").asText()).isEqualTo("object");
    assertThat(book.path("parameters").path("properties").has("slot_id")).isTrue();
    assertThat(book.path("parameters").path("required").toString()).contains("phone");
    JsonNode stats = book.path("stats");
    assertThat(stats.path("calls").asLong()).isEqualTo(4);
    assertThat(stats.path("ok").asLong()).isEqualTo(3);
    assertThat(stats.path("successRate").asDouble()).isEqualTo(0.75);
    assertThat(stats.path("p50Millis").asLong()).isEqualTo(250);
    assertThat(stats.path("p95Millis").asLong()).isEqualTo(385);
    assertThat(stats.path("outcomes").path("invalid_arguments").asLong()).isEqualTo(1);
    assertThat(stats.path("outcomes").has("failed")).as("B's failures").isFalse();

    JsonNode cancel = tool(body, "cancel_appointment").path("stats");
    assertThat(cancel.path("calls").asLong()).as("B's calls are not A's").isZero();
    assertThat(cancel.path("successRate").isNull()).isTrue();
    assertThat(body.path("otherCalls").asLong()).isEqualTo(1);
    assertThat(response.body()).doesNotContain(tenantB);
  }

  @Test
  void givenALongerWindow_theStatsShouldIncludeOlderCalls() {
    Http.Response response = admin.get("/v1/tools?since=P3D");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode stats = tool(response.json(), "book_appointment").path("stats");
    assertThat(stats.path("calls").asLong()).isEqualTo(5);
    assertThat(stats.path("ok").asLong()).isEqualTo(4);
  }

  @Test
  void givenACallerKeyNoKeyOrABadWindow_itShouldRefuseWithAProblem() {
    Http.Response asCaller = caller.get("/v1/tools");
    Http.Response anonymous = new Http(port).get("/v1/tools");
    Http.Response badWindow = operator.get("/v1/tools?since=yesterday");
    Http.Response tooLong = operator.get("/v1/tools?since=P365D");

    assertThat(asCaller.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(badWindow.status()).isEqualTo(400);
    assertThat(badWindow.json().path("detail").asText()).contains("PT24H");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("detail").asText()).contains("90 days");
  }

  private static JsonNode tool(JsonNode body, String name) {
    for (JsonNode t : body.path("tools")) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no tool " + name + " in " + body);
  }

  private void execution(String tenant, String tool, String outcome, int millis, String at) {
    jdbc.sql(
            "insert into tool_executions (tenant_id, workflow_id, turn, call_id, tool, arguments,"
                + " outcome, duration_ms, created_at) values (?, ?, 1, ?, ?, '{}', ?, ?, "
                + at
                + ")")
        .params(
            tenant,
            "conv-" + tenant + "-" + UUID.randomUUID(),
            "call_" + UUID.randomUUID(),
            tool,
            outcome,
            millis)
        .update();
  }
}
