package com.dispatchbot.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app as a gateway sees it: real HTTP with the demo tenant's caller key, real Temporal server,
 * real Postgres.
 */
@AppIntegrationTest
class ConversationApiIT {

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

  @BeforeEach
  void setUp() {
    http =
        new Http(port)
            .withKey(accounts.createApiKey("demo", "conversation-it", Role.CALLER_API).key());
  }

  private static String newId() {
    return "it-" + UUID.randomUUID();
  }

  @Test
  void givenThreeTurnsOverHttp_whenTheCallEnds_itShouldHaveStoredEveryMessageAndTheHistory() {
    String id = newId();
    Http.Response created =
        http.post(
            "/v1/conversations",
            Http.json(
                Map.of(
                    "tenantId", "demo",
                    "channel", "voice",
                    "conversationId", id,
                    "caller", Map.of("phone", "+13035550123", "name", "Jordan"),
                    "message", "What are your hours on Saturday?")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String workflowId = created.json().path("workflowId").asText();
    assertThat(workflowId).isEqualTo("conv-demo-" + id);
    assertThat(created.json().path("reply").path("reply").asText())
        .as("answered from the sample knowledge base's hours page")
        .startsWith("From our Hours")
        .containsIgnoringCase("saturday");

    Http.Response second =
        http.post(
            "/v1/conversations/" + id + "/messages",
            Http.json(Map.of("text", "How much do you charge to clean a drain?")));
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.json().path("intent").asText()).isEqualTo("quote_pricing");
    assertThat(second.json().path("reply").asText()).contains("$149");
    assertThat(second.json().path("fallbackLevel").asInt()).isZero();

    Http.Response third =
        http.post(
            "/v1/conversations/" + id + "/messages",
            Http.json(Map.of("text", "Do you service tankless water heaters?")));
    assertThat(third.status()).isEqualTo(200);
    assertThat(third.json().path("intent").asText()).isEqualTo("knowledge_question");
    assertThat(third.json().path("turn").asInt()).isEqualTo(3);

    Http.Response view = http.get("/v1/conversations/" + id);
    assertThat(view.status()).isEqualTo(200);
    assertThat(view.json().path("transcript")).hasSize(6);
    assertThat(view.json().path("state").path("turnCount").asInt()).isEqualTo(3);
    assertThat(view.json().path("state").path("dialogueStage").asText()).isEqualTo("idle");

    // Postgres: the system of record
    List<Map<String, Object>> messages =
        jdbc.sql(
                "select turn, role, intent from conversation_messages"
                    + " where tenant_id = 'demo' and workflow_id = ? order by turn, role desc")
            .param(workflowId)
            .query()
            .listOfRows();
    assertThat(messages).hasSize(6);
    assertThat(messages)
        .extracting(r -> r.get("role"))
        .containsExactly("caller", "assistant", "caller", "assistant", "caller", "assistant");
    List<Map<String, Object>> ai =
        jdbc.sql(
                "select provider, model, fallback_level from ai_responses"
                    + " where tenant_id = 'demo' and workflow_id = ? order by turn")
            .param(workflowId)
            .query()
            .listOfRows();
    assertThat(ai).hasSize(3).allSatisfy(r -> assertThat(r.get("provider")).isEqualTo("rules"));
    assertThat(ai)
        .extracting(r -> r.get("model"))
        .containsExactly("retrieval-extractive-v1", "rules-v1", "retrieval-extractive-v1");
    Map<String, Object> conversation =
        jdbc.sql(
                "select channel, caller_phone, turn_count, status from conversations"
                    + " where tenant_id = 'demo' and workflow_id = ?")
            .param(workflowId)
            .query()
            .singleRow();
    assertThat(conversation)
        .containsEntry("channel", "voice")
        .containsEntry("caller_phone", "+13035550123")
        .containsEntry("turn_count", 3);

    // ending the call closes the workflow and the row
    assertThat(http.post("/v1/conversations/" + id + "/end", "{}").status()).isEqualTo(202);
    temporal.newUntypedWorkflowStub(workflowId).getResult(Object.class);
    assertThat(
            jdbc.sql("select status, outcome from conversations where workflow_id = ?")
                .param(workflowId)
                .query()
                .singleRow())
        .containsEntry("status", "closed")
        .containsEntry("outcome", "caller_ended");

    // Temporal: the history shows each turn as an update and each step as an activity
    List<HistoryEvent> events = temporal.fetchHistory(workflowId).getHistory().getEventsList();
    assertThat(
            events.stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)
                .count())
        .isEqualTo(3);
    Map<String, Long> activities =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .collect(
                Collectors.groupingBy(
                    e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName(),
                    Collectors.counting()));
    // the live path: intent, slots and retrieval are local activities (markers in the history)
    Map<String, Long> localActivities =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
            .filter(
                e -> "LocalActivity".equals(e.getMarkerRecordedEventAttributes().getMarkerName()))
            .collect(
                Collectors.groupingBy(
                    e ->
                        e.getMarkerRecordedEventAttributes()
                            .getDetailsOrThrow("type")
                            .getPayloads(0)
                            .getData()
                            .toStringUtf8()
                            .replace("\"", ""),
                    Collectors.counting()));
    assertThat(localActivities)
        .containsEntry("ClassifyIntent", 3L)
        .containsEntry("ExtractSlots", 3L)
        // the two knowledge questions (hours, tankless heaters) are answered from the sample
        // knowledge base; the price question by the rules
        .containsEntry("RetrieveContext", 2L)
        .containsEntry("Screen", 3L);
    assertThat(activities)
        .doesNotContainKeys("ClassifyIntent", "ExtractSlots", "RetrieveContext")
        .containsEntry("RecordMessage", 3L)
        .containsEntry("RuleBasedAnswer", 1L)
        .containsEntry("RecordReply", 3L)
        .containsEntry("OpenConversation", 1L)
        .containsEntry("CloseConversation", 1L);
  }

  @Test
  void givenAConversationId_whenStartedTwice_itShouldReturnTheSameConversation() {
    String id = newId();
    String body = Http.json(Map.of("tenantId", "demo", "conversationId", id));
    Http.Response first = http.post("/v1/conversations", body);
    Http.Response second = http.post("/v1/conversations", body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().path("workflowId").asText())
        .isEqualTo(first.json().path("workflowId").asText());
    assertThat(second.json().path("created").asBoolean()).isFalse();
  }

  @Test
  void givenTheRunbookCurl_whenChatIsPosted_itShouldAnswerAndContinueTheConversation() {
    Http anonymous = http.anonymous(); // the runbook's curl sends no key (PUBLIC_CHAT=true)
    Http.Response first = anonymous.post("/chat", "{\"message\":\"What are your hours?\"}");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode body = first.json();
    assertThat(body.path("response").asText()).isNotBlank();
    String conversationId = body.path("conversation_id").asText();

    Http.Response next =
        anonymous.post(
            "/chat",
            Http.json(Map.of("message", "Can I book a visit?", "conversation_id", conversationId)));
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.json().path("conversation_id").asText()).isEqualTo(conversationId);
    // the reply's row is written just after the reply is returned
    com.dispatchbot.support.Eventually.eventually(
        Duration.ofSeconds(10),
        () ->
            jdbc.sql("select count(*) from conversation_messages where workflow_id = ?")
                .param("conv-demo-" + conversationId)
                .query(Long.class)
                .single(),
        count -> assertThat(count).isEqualTo(4L));
  }

  @Test
  void givenBadInput_whenSent_itShouldAnswerWithAProblemAndAReason() {
    String id = newId();
    http.post("/v1/conversations", Http.json(Map.of("tenantId", "demo", "conversationId", id)));

    assertProblem(
        http.post(
            "/v1/conversations/" + id + "/messages", Http.json(Map.of("text", "x".repeat(4001)))),
        413,
        "limit is 4000");
    assertProblem(
        http.post("/v1/conversations/" + id + "/messages", Http.json(Map.of("text", "  "))),
        422,
        "no text");
    assertProblem(http.post("/v1/conversations/" + id + "/messages", "{\"text\": "), 400, null);
    assertProblem(
        http.postRaw("/v1/conversations/" + id + "/messages", "text/plain", "hello"), 415, null);
    assertProblem(
        http.post("/v1/conversations/nope-" + UUID.randomUUID() + "/messages", "{\"text\":\"hi\"}"),
        404,
        "no conversation");
    assertProblem(
        http.post("/v1/conversations", Http.json(Map.of("tenantId", "nobody-here"))),
        403,
        "cannot start a conversation for 'nobody-here'");
    assertProblem(
        http.post("/v1/conversations", Http.json(Map.of("tenantId", "Bad Tenant!"))), 400, null);
    assertProblem(
        http.post("/v1/conversations", Http.json(Map.of("tenantId", "demo", "channel", "fax"))),
        400,
        null);
    String other = "conv-it-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql("insert into tenants (id, name, timezone, profile) values (?, 'Other', 'UTC', '{}')")
        .param(other)
        .update();
    assertProblem(
        http.anonymous()
            .withKey(accounts.createApiKey(other, "other-tenant", Role.CALLER_API).key())
            .post("/v1/conversations/" + id + "/messages", "{\"text\":\"hi\"}"),
        404,
        "no conversation");

    // after the call ends, a message is a conflict, and nothing is written
    http.post("/v1/conversations/" + id + "/end", "{}");
    temporal.newUntypedWorkflowStub("conv-demo-" + id).getResult(Object.class);
    assertProblem(
        http.post("/v1/conversations/" + id + "/messages", "{\"text\":\"hello?\"}"), 409, "ended");
    assertThat(
            jdbc.sql("select count(*) from conversation_messages where workflow_id = ?")
                .param("conv-demo-" + id)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void givenTheOperationsEndpoints_whenRead_itShouldShowHealthMetricsAndTheApi() {
    Http open = http.anonymous(); // operations endpoints need no key
    Http.Response health = open.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    JsonNode components = health.json().path("components");
    assertThat(components.path("db").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("temporal").path("status").asText()).isEqualTo("UP");
    assertThat(components.path("llm").path("details").path("mode").asText())
        .isEqualTo("rules_based");
    assertThat(health.body()).doesNotContainIgnoringCase("apiKey");

    Http.Response metrics = open.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("http_server_requests")
        .contains("jvm_memory_used_bytes")
        .as("Temporal SDK metrics are exported too")
        .contains("temporal_");

    Http.Response api = open.get("/v3/api-docs");
    assertThat(api.status()).isEqualTo(200);
    assertThat(api.json().path("paths").has("/v1/conversations/{id}/messages")).isTrue();
    assertThat(api.json().path("paths").has("/chat")).isTrue();
  }

  private static void assertProblem(Http.Response response, int status, String detailPart) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().getOrDefault("content-type", List.of()).toString())
        .contains("application/problem+json");
    if (detailPart != null) {
      assertThat(response.json().path("detail").asText()).contains(detailPart);
    }
  }
}
