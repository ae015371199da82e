package com.dispatchbot.api.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Eventually;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Operators take a call over through the API: real HTTP, Temporal server and Postgres. */
@AppIntegrationTest
class HandoffApiIT {
  static final String TENANT = "demo";

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient temporal;
  @Autowired Accounts accounts;
  Http http;
  String caller;
  String sam;
  String alex;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    String run = UUID.randomUUID().toString().substring(0, 8);
    caller = accounts.createApiKey(TENANT, "gateway-" + run, Role.CALLER_API).key();
    sam = accounts.createApiKey(TENANT, "sam-" + run, Role.OPERATOR).key();
    alex = accounts.createApiKey(TENANT, "alex-" + run, Role.OPERATOR).key();
  }

  @Test
  void givenACallerAsksForAPerson_whenAnOperatorClaimsRepliesAndHandsBack_theCallerSeesItAll() {
    String conversation = "it-handoff-" + UUID.randomUUID();
    JsonNode asked = startCall(conversation, "I'd like to talk to a real person please");
    String id = asked.path("reply").path("handoff").path("id").asText();
    assertThat(asked.path("reply").path("handoff").path("status").asText()).isEqualTo("open");

    JsonNode inbox = as(sam, http.get("/v1/handoffs", auth(sam))).json();
    assertThat(inbox.findValuesAsText("id")).contains(id);
    JsonNode listed = find(inbox, id);
    assertThat(listed.path("reason").asText()).isEqualTo("caller_asked");
    assertThat(listed.path("summary").asText()).contains("Caller asked for a person");

    Http.Response muted = say(conversation, "Hello, anyone there?");
    assertThat(muted.json().path("provider").asText()).isEqualTo("handoff");

    Http.Response claimed = http.post("/v1/handoffs/" + id + "/claim", "{}", auth(sam));
    assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
    assertThat(claimed.json().path("status").asText()).isEqualTo("claimed");
    assertThat(http.post("/v1/handoffs/" + id + "/claim", "{}", auth(alex)).status())
        .as("someone else has it")
        .isEqualTo(409);
    Http.Response notYours =
        http.post("/v1/handoffs/" + id + "/reply", Http.json(Map.of("text", "hi")), auth(alex));
    assertThat(notYours.status()).isEqualTo(409);
    assertThat(notYours.json().path("detail").asText()).contains("claim handoff");

    Http.Response replied =
        http.post(
            "/v1/handoffs/" + id + "/reply",
            Http.json(Map.of("text", "Hi, this is Sam from dispatch. How can I help?")),
            auth(sam));
    assertThat(replied.status()).as(replied.body()).isEqualTo(202);
    eventually(
        () -> transcriptOf(conversation),
        messages ->
            assertThat(messages)
                .anySatisfy(
                    m -> {
                      assertThat(m.path("role").asText()).isEqualTo("operator");
                      assertThat(m.path("text").asText()).contains("this is Sam from dispatch");
                    }));

    Http.Response handedBack =
        http.post(
            "/v1/handoffs/" + id + "/hand-back",
            Http.json(Map.of("notes", "Caller wants a quote for a water heater.")),
            auth(sam));
    assertThat(handedBack.status()).as(handedBack.body()).isEqualTo(200);
    assertThat(handedBack.json().path("status").asText()).isEqualTo("handed_back");
    eventually(
        () -> say(conversation, "What are your hours on Saturday?").json(),
        reply -> assertThat(reply.path("provider").asText()).isNotEqualTo("handoff"));

    assertThat(
            jdbc.sql(
                    "select action from audit_log where tenant_id = ? and target_id = ? order by id")
                .params(TENANT, id)
                .query(String.class)
                .list())
        .containsExactly("handoff.claim", "handoff.reply", "handoff.hand_back");
    List<String> signals =
        temporal.fetchHistory("conv-demo-" + conversation).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
            .toList();
    assertThat(signals).containsExactly("claim", "operatorMessage", "handBack");
  }

  @Test
  void givenAClaimedHandoff_whenResolved_theCallEndsResolved() {
    String conversation = "it-resolve-" + UUID.randomUUID();
    String id =
        startCall(conversation, "can I speak to a human")
            .path("reply")
            .path("handoff")
            .path("id")
            .asText();
    assertThat(http.post("/v1/handoffs/" + id + "/claim", "{}", auth(sam)).status()).isEqualTo(200);

    Http.Response resolved =
        http.post(
            "/v1/handoffs/" + id + "/resolve",
            Http.json(Map.of("resolution", "booked by phone for Friday")),
            auth(sam));

    assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.json().path("resolution").asText()).isEqualTo("booked by phone for Friday");
    eventually(
        () -> http.get("/v1/conversations/" + conversation, auth(caller)).json(),
        call -> {
          assertThat(call.path("status").asText()).isEqualTo("closed");
          assertThat(call.path("outcome").asText()).isEqualTo("resolved");
        });
    assertThat(http.post("/v1/handoffs/" + id + "/resolve", "{}", auth(sam)).status())
        .as("already resolved")
        .isEqualTo(409);
  }

  @Test
  void givenNobodyClaims_whenTheTenantsSlaPasses_aCallbackIsOwedAndTheCallerIsTold() {
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values ('it-sla', 'SLA Plumbing',"
                + " 'America/Denver', '{\"handoff\": {\"slaSeconds\": 2}}') on conflict (id) do"
                + " nothing")
        .update();
    String key = accounts.createApiKey("it-sla", "gw-" + UUID.randomUUID(), Role.CALLER_API).key();
    String conversation = "it-sla-" + UUID.randomUUID();
    Http.Response started =
        http.post(
            "/v1/conversations",
            Http.json(
                Map.of(
                    "conversationId",
                    conversation,
                    "caller",
                    Map.of("phone", "+13035550142"),
                    "message",
                    "I want to talk to a person")),
            auth(key));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String id = started.json().path("reply").path("handoff").path("id").asText();

    eventually(
        () ->
            jdbc.sql("select status from handoffs where id = ?")
                .param(id)
                .query(String.class)
                .single(),
        status -> assertThat(status).isEqualTo("callback"));
    assertThat(
            jdbc.sql("select caller_phone from callback_tasks where handoff_id = ?")
                .param(id)
                .query(String.class)
                .single())
        .isEqualTo("+13035550142");
    eventually(
        () -> http.get("/v1/conversations/" + conversation, auth(key)).json().path("transcript"),
        messages -> assertThat(messages.toString()).contains("call you back at +13035550142"));
  }

  @Test
  void givenAConsoleStream_whenAHandoffIsCreated_itIsPushedToThatTenantOnly() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> stream =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/handoffs/events"))
                .header("Authorization", "Bearer " + sam)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    CompletableFuture<String> pushed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String event = null;
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                  } else if (line.startsWith("data:") && "handoff".equals(event)) {
                    return line.substring(5).strip();
                  }
                }
                return null;
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    String conversation = "it-push-" + UUID.randomUUID();
    startCall(conversation, "I need to talk to a person");

    String data = pushed.get(20, TimeUnit.SECONDS);
    assertThat(data).contains("conv-demo-" + conversation).contains("\"status\":\"open\"");
    assertThat(data).doesNotContain("\"tenant\"");
    stream.body().close();
  }

  @Test
  void givenBadRequests_whenSent_theyGetAReasonNotAServerError() {
    assertThat(http.get("/v1/handoffs?status=bogus", auth(sam)).status()).isEqualTo(400);
    assertThat(http.get("/v1/handoffs/nope", auth(sam)).status()).isEqualTo(404);
    assertThat(http.post("/v1/handoffs/nope/claim", "{}", auth(sam)).status()).isEqualTo(404);
    assertThat(http.get("/v1/handoffs", auth(caller)).status())
        .as("the caller API is not an operator")
        .isEqualTo(403);
    String conversation = "it-bad-" + UUID.randomUUID();
    String id =
        startCall(conversation, "put me through to a human")
            .path("reply")
            .path("handoff")
            .path("id")
            .asText();
    http.post("/v1/handoffs/" + id + "/claim", "{}", auth(sam));
    Http.Response empty =
        http.post("/v1/handoffs/" + id + "/reply", Http.json(Map.of("text", "  ")), auth(sam));
    assertThat(empty.status()).isEqualTo(400);
    Http.Response huge =
        http.post(
            "/v1/handoffs/" + id + "/reply",
            Http.json(Map.of("text", "x".repeat(Handoffs.MAX_TEXT + 1))),
            auth(sam));
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.json().path("detail").asText()).contains("limit is 2000");
  }

  private JsonNode startCall(String conversation, String message) {
    Http.Response started =
        http.post(
            "/v1/conversations",
            Http.json(
                Map.of(
                    "conversationId",
                    conversation,
                    "channel",
                    "web",
                    "caller",
                    Map.of("phone", "+13035550177", "name", "Robin"),
                    "message",
                    message)),
            auth(caller));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json();
  }

  private Http.Response say(String conversation, String text) {
    Http.Response reply =
        http.post(
            "/v1/conversations/" + conversation + "/messages",
            Http.json(Map.of("text", text)),
            auth(caller));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply;
  }

  private JsonNode transcriptOf(String conversation) {
    return http.get("/v1/conversations/" + conversation, auth(caller)).json().path("transcript");
  }

  private static Http.Response as(String key, Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response;
  }

  private static JsonNode find(JsonNode array, String id) {
    for (JsonNode item : array) {
      if (id.equals(item.path("id").asText())) {
        return item;
      }
    }
    throw new AssertionError("no " + id + " in " + array);
  }

  private static String[] auth(String key) {
    return new String[] {"Authorization", "Bearer " + key};
  }

  private static <T> void eventually(Supplier<T> value, java.util.function.Consumer<T> assertion) {
    Eventually.eventually(Duration.ofSeconds(20), value, assertion);
  }
}
