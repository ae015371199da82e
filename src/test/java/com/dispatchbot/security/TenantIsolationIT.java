package com.dispatchbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tenant A's keys against tenant B's ids, on every endpoint of the app: each answer is a refusal or
 * A's own data, and no body carries anything of B's. The endpoints are read from Spring's handler
 * mapping, so an endpoint added without a case here fails this test.
 *
 * <p>B's tenant id starts with A's plus a dash ({@code isoX} and {@code isoX-b}), so the workflow
 * id of B's conversation {@code c} ({@code conv-isoX-b-c}) is also what A's conversation {@code
 * b-c} would be called: every conversation endpoint is tried with that id too.
 */
@AppIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String tenantA = "iso" + run;
  final String tenantB = "iso" + run + "-b";
  final String conversationB = "cb-" + run;
  final String collidingId = "b-" + conversationB; // A's id that names B's workflow
  final String documentB = "doc-b-" + run;
  final String secretB = "SECRETB" + run;
  final String phoneB = "+1303555" + String.format("%04d", Math.floorMod(run.hashCode(), 10_000));
  final String handoffB = "conv-" + tenantB + "-" + conversationB + "-h1";
  final String usernameB = "user-b-" + run;
  String keyIdB;
  String callerKeyB;

  String operatorKey;
  Http caller;
  Http operator;
  Http admin;

  /** Whatever of B's must never show in an answer to A (unless A sent it itself). */
  List<String> markers;

  @BeforeAll
  void setUp() throws Exception {
    for (String tenant : List.of(tenantA, tenantB)) {
      jdbc.sql(
              "insert into tenants (id, name, timezone, profile) values (?, ?, 'America/Denver',"
                  + " '{}')")
          .params(tenant, "Tenant " + tenant)
          .update();
    }
    Http http = new Http(port);
    caller = http.withKey(accounts.createApiKey(tenantA, "a-caller", Role.CALLER_API).key());
    operatorKey = accounts.createApiKey(tenantA, "a-operator", Role.OPERATOR).key();
    operator = http.withKey(operatorKey);
    admin = http.withKey(accounts.createApiKey(tenantA, "a-admin", Role.ADMIN).key());

    Accounts.IssuedKey b = accounts.createApiKey(tenantB, "b-admin", Role.ADMIN);
    keyIdB = b.id();
    callerKeyB = b.key();
    Http asB = http.withKey(b.key());
    // no turn: B's call stays with the bot and opens no handoff of its own
    Http.Response conversation =
        asB.post(
            "/v1/conversations",
            Http.json(
                Map.of(
                    "conversationId",
                    conversationB,
                    "caller",
                    Map.of("phone", phoneB, "name", "Bea " + secretB))));
    assertThat(conversation.status()).as(conversation.body()).isEqualTo(201);
    Http.Response document =
        asB.post(
            "/v1/knowledge/documents",
            Http.json(
                Map.of(
                    "id",
                    documentB,
                    "title",
                    "Private " + secretB,
                    "text",
                    "Our gate code is " + secretB + ". Furnace tune-ups cost $99.")));
    assertThat(document.status()).as(document.body()).isEqualTo(201);
    accounts.createUser(tenantB, usernameB, "b password long enough", Role.ADMIN);

    String workflowB = "conv-" + tenantB + "-" + conversationB;
    Instant deadline = Instant.now().plusSeconds(30);
    while (jdbc.sql("select count(*) from conversations where workflow_id = ?")
            .param(workflowB)
            .query(Long.class)
            .single()
        == 0) {
      assertThat(Instant.now()).as("B's conversation row").isBefore(deadline);
      Thread.sleep(100);
    }
    jdbc.sql(
            """
            insert into handoffs (id, tenant_id, workflow_id, conversation_id, reason, turn,
                                  summary, caller_phone, sla_due_at, created_at)
            values (?, ?, ?, ?, 'caller_request', 1, ?, ?, now() + interval '1 hour', now())
            """)
        .params(handoffB, tenantB, workflowB, conversationB, "Summary " + secretB, phoneB)
        .update();

    // B's cost report and alert, for A's admin not to see
    jdbc.sql(
            """
            insert into cost_reports (report_date, tenant_id, model, calls, responses, input_tokens,
                                      output_tokens, cost_usd, cost_per_call, fallback_rate,
                                      error_rate)
            values (current_date, ?, ?, 3, 9, 9000, 400, 0.42, 0.14, 0, 0)
            on conflict do nothing
            """)
        .params(tenantB, "model-" + secretB)
        .update();
    jdbc.sql(
            """
            insert into alerts (tenant_id, kind, severity, window_start, value, threshold, message)
            values (?, 'cost_per_call', 'warning', date_trunc('day', now()), 0.9, 0.5, ?)
            """)
        .params(tenantB, "cost per call " + secretB)
        .update();

    markers = List.of(tenantB, secretB, conversationB, keyIdB, usernameB, handoffB, phoneB);
  }

  /** One request of A's and the answers it may get. */
  record Probe(Http as, String method, String path, String body, Set<Integer> allowed) {}

  private Probe probe(Http as, String method, String path, String body, Integer... allowed) {
    return new Probe(as, method, path, body, Set.of(allowed));
  }

  /** Every endpoint's probes, keyed by {@code METHOD pattern} as Spring maps it. */
  private Map<String, List<Probe>> cases() {
    Map<String, List<Probe>> cases = new LinkedHashMap<>();
    String messageBody = Http.json(Map.of("text", "hello"));
    for (String id : List.of(conversationB, collidingId)) {
      String p = "/v1/conversations/" + id;
      add(cases, "GET /v1/conversations/{id}", probe(caller, "GET", p, null, 404));
      add(
          cases,
          "POST /v1/conversations/{id}/messages",
          probe(caller, "POST", p + "/messages", messageBody, 404));
      add(
          cases,
          "GET /v1/conversations/{id}/messages/{messageId}/stream",
          probe(caller, "GET", p + "/messages/m-1/stream", null, 404, 406));
      add(
          cases,
          "POST /v1/conversations/{id}/events",
          probe(caller, "POST", p + "/events", messageBody, 404));
      add(cases, "POST /v1/conversations/{id}/end", probe(caller, "POST", p + "/end", "{}", 404));
    }
    add(
        cases,
        "POST /v1/conversations",
        probe(caller, "POST", "/v1/conversations", Http.json(Map.of("tenantId", tenantB)), 403),
        probe(
            caller,
            "POST",
            "/v1/conversations",
            Http.json(Map.of("conversationId", collidingId)),
            409));
    add(
        cases,
        "POST /chat",
        probe(
            caller,
            "POST",
            "/chat",
            Http.json(Map.of("message", "hi", "conversation_id", collidingId)),
            409));
    add(
        cases,
        "POST /v1/nlu/parse",
        probe(
            caller,
            "POST",
            "/v1/nlu/parse",
            Http.json(Map.of("text", "tomorrow at 9", "tenantId", tenantB)),
            403));
    add(
        cases,
        "GET /v1/geocode",
        probe(caller, "GET", "/v1/geocode?address=" + enc("Denver, CO 80202"), null, 200));
    add(
        cases,
        "GET /v1/knowledge/search",
        probe(caller, "GET", "/v1/knowledge/search?q=" + enc("gate code " + secretB), null, 200));
    add(
        cases,
        "DELETE /v1/knowledge/documents/{id}",
        probe(admin, "DELETE", "/v1/knowledge/documents/" + documentB, null, 404));
    // posting B's document id makes A's own document of that id (checked below: B's is intact)
    add(
        cases,
        "POST /v1/knowledge/documents",
        probe(
            admin,
            "POST",
            "/v1/knowledge/documents",
            Http.json(Map.of("id", documentB, "title", "Mine", "text", "A's own text.")),
            201,
            200));
    // the index serves all tenants: a run is global, its answer names no other tenant
    add(
        cases,
        "POST /v1/knowledge/reindex",
        probe(admin, "POST", "/v1/knowledge/reindex", Http.json(Map.of("mode", "sideways")), 400));
    add(
        cases,
        "GET /v1/knowledge/reindex",
        probe(admin, "GET", "/v1/knowledge/reindex", null, 200, 404));
    add(cases, "GET /v1/admin/api-keys", probe(admin, "GET", "/v1/admin/api-keys", null, 200));
    add(
        cases,
        "POST /v1/admin/api-keys",
        probe(
            admin,
            "POST",
            "/v1/admin/api-keys",
            Http.json(Map.of("name", "a-new", "role", "caller_api")),
            201));
    add(
        cases,
        "DELETE /v1/admin/api-keys/{id}",
        probe(admin, "DELETE", "/v1/admin/api-keys/" + keyIdB, null, 404));
    add(cases, "GET /v1/admin/users", probe(admin, "GET", "/v1/admin/users", null, 200));
    // usernames are global: a taken name is a 409 that names no tenant
    add(
        cases,
        "POST /v1/admin/users",
        probe(
            admin,
            "POST",
            "/v1/admin/users",
            Http.json(
                Map.of(
                    "username",
                    usernameB,
                    "password",
                    "a password long enough",
                    "role",
                    "operator")),
            409));
    add(cases, "GET /v1/admin/audit", probe(admin, "GET", "/v1/admin/audit?limit=500", null, 200));
    add(cases, "GET /v1/handoffs", probe(operator, "GET", "/v1/handoffs?status=all", null, 200));
    add(
        cases,
        "GET /v1/handoffs/{id}",
        probe(operator, "GET", "/v1/handoffs/" + handoffB, null, 404));
    for (String action : List.of("claim", "reply", "hand-back", "resolve")) {
      add(
          cases,
          "POST /v1/handoffs/{id}/" + action,
          probe(
              operator,
              "POST",
              "/v1/handoffs/" + handoffB + "/" + action,
              Http.json(Map.of("text", "hi", "notes", "n", "resolution", "r")),
              404));
    }
    add(
        cases,
        "GET /v1/costs/reports",
        probe(admin, "GET", "/v1/costs/reports?from=2000-01-01&to=2000-12-31", null, 200),
        probe(admin, "GET", "/v1/costs/reports", null, 200));
    add(cases, "GET /v1/alerts", probe(admin, "GET", "/v1/alerts?since=2000-01-01", null, 200));
    add(cases, "GET /v1/tools", probe(operator, "GET", "/v1/tools?since=P90D", null, 200));
    // schedules are the platform tenant's (A is not): refused, and nothing changes
    add(cases, "GET /v1/schedules", probe(admin, "GET", "/v1/schedules", null, 403));
    add(cases, "GET /v1/schedules/{id}", probe(admin, "GET", "/v1/schedules/archival", null, 403));
    for (String action : List.of("pause", "unpause", "trigger", "backfill")) {
      add(
          cases,
          "POST /v1/schedules/{id}/" + action,
          probe(
              admin,
              "POST",
              "/v1/schedules/backup-database/" + action,
              Http.json(Map.of("start", "2026-11-01T00:00:00Z", "end", "2026-11-02T00:00:00Z")),
              403));
    }
    return cases;
  }

  @Test
  void givenTenantAsKeys_onEveryEndpoint_itShouldNeverReachOrShowTenantBsData() {
    Map<String, List<Probe>> cases = cases();
    Set<String> endpoints = endpoints();
    Set<String> uncovered = new TreeSet<>(endpoints);
    uncovered.removeAll(cases.keySet());
    uncovered.remove("GET /v1/handoffs/events"); // a stream: its own test below
    assertThat(uncovered).as("endpoints without an isolation case: add them to cases()").isEmpty();

    List<String> failures = new ArrayList<>();
    for (var endpoint : cases.entrySet()) {
      for (Probe p : endpoint.getValue()) {
        Http.Response r =
            p.body() == null
                ? p.as().send(p.method(), p.path(), null)
                : p.as()
                    .send(
                        p.method(),
                        p.path(),
                        HttpRequest.BodyPublishers.ofString(p.body()),
                        "Content-Type",
                        "application/json");
        String sent = p.path() + " " + (p.body() == null ? "" : p.body());
        if (!p.allowed().contains(r.status())) {
          failures.add(endpoint.getKey() + " " + p.path() + " -> " + r.status() + " " + r.body());
        }
        for (String marker : markers) {
          if (!sent.contains(marker) && r.body().contains(marker)) {
            failures.add(
                endpoint.getKey() + " " + p.path() + " shows B's " + marker + ": " + r.body());
          }
        }
      }
    }
    assertThat(failures).isEmpty();

    // and B's things are as they were
    assertThat(
            jdbc.sql("select body from knowledge_documents where tenant_id = ? and id = ?")
                .params(tenantB, documentB)
                .query(String.class)
                .optional())
        .hasValueSatisfying(text -> assertThat(text).contains(secretB));
    assertThat(
            new Http(port).withKey(callerKeyB).get("/v1/conversations/" + conversationB).status())
        .isEqualTo(200);
    assertThat(
            jdbc.sql("select status from handoffs where id = ?")
                .param(handoffB)
                .query(String.class)
                .single())
        .isEqualTo("open");
    assertThat(
            jdbc.sql(
                    "select count(*) from conversation_messages where workflow_id = ? and text = 'hello'")
                .param("conv-" + tenantB + "-" + conversationB)
                .query(Long.class)
                .single())
        .as("no message of A's reached B's call")
        .isZero();
  }

  @Test
  void givenAsEventStream_whenBsHandoffChanges_itShouldCarryNothingOfB() throws Exception {
    assertThat(endpoints()).contains("GET /v1/handoffs/events");
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/handoffs/events"))
                .header("Authorization", "Bearer " + operatorKey)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    AtomicReference<StringBuilder> seen = new AtomicReference<>(new StringBuilder());
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  seen.get().append(line).append('\n');
                }
              } catch (Exception closed) {
                // the test closes the stream
              }
            });
    Thread.sleep(500);
    jdbc.sql("update handoffs set updated_at = now() where id = ?").param(handoffB).update();
    jdbc.sql(
            """
            insert into conversation_messages (tenant_id, workflow_id, turn, role, text, created_at)
            values (?, ?, 99, 'caller', ?, now())
            """)
        .params(tenantB, "conv-" + tenantB + "-" + conversationB, "another " + secretB)
        .update();
    Thread.sleep(3_000);
    stream.body().close();
    reader.get(5, TimeUnit.SECONDS);
    String events = seen.get().toString();
    for (String marker : markers) {
      assertThat(events).as("A's stream").doesNotContain(marker);
    }
  }

  /** {@code METHOD pattern} of every API endpoint Spring maps. */
  private Set<String> endpoints() {
    Set<String> all = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternValues().stream()
                    .filter(p -> p.startsWith("/v1/") || p.equals("/chat"))
                    .forEach(
                        pattern ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(m -> all.add(m.name() + " " + pattern))));
    return all;
  }

  private static void add(Map<String, List<Probe>> cases, String endpoint, Probe... probes) {
    cases.computeIfAbsent(endpoint, e -> new ArrayList<>()).addAll(List.of(probes));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
