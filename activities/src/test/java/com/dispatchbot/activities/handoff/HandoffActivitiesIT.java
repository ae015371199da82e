package com.dispatchbot.activities.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.workflows.handoff.HandoffActivities.CallbackRequest;
import com.dispatchbot.workflows.handoff.HandoffActivities.HandoffRequest;
import com.dispatchbot.workflows.handoff.HandoffActivities.PostedMessage;
import com.dispatchbot.workflows.handoff.HandoffActivities.RoutedHandoff;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.sun.net.httpserver.HttpServer;
import io.temporal.failure.ApplicationFailure;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Handoffs in real Postgres: every write lands once however often Temporal retries it. */
class HandoffActivitiesIT {
  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  static HandoffActivitiesImpl handoffs;
  static HttpServer webhook;
  static final List<String> deliveries = new CopyOnWriteArrayList<>();
  static final AtomicInteger webhookStatus = new AtomicInteger(204);

  @BeforeAll
  static void setUp() throws Exception {
    db = PostgresTestDatabase.schema("it_handoffs");
    jdbc = db.jdbc();
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/hooks/handoff",
        exchange -> {
          deliveries.add(
              exchange.getRequestHeaders().getFirst("X-Dispatch-Delivery")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(webhookStatus.get(), -1);
          exchange.close();
        });
    webhook.start();
    String hook = "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/handoff";
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values"
                + " ('acme', 'Acme', 'America/Denver', ?::jsonb),"
                + " ('bolt', 'Bolt Electric', 'America/Denver', '{}') on conflict (id) do update"
                + " set profile = excluded.profile")
        .param("{\"handoff\": {\"webhookUrl\": \"" + hook + "\", \"slaSeconds\": 60}}")
        .update();
    handoffs = new HandoffActivitiesImpl(jdbc, db.transactions(), new TenantDirectory(jdbc));
  }

  @AfterAll
  static void tearDown() {
    webhook.stop(0);
  }

  @Test
  void givenRouteToHumanIsRetried_whenRepeated_itShouldCreateOneHandoffWithASummary() {
    String workflowId = conversation("acme");

    RoutedHandoff first = handoffs.routeToHuman(request("acme", workflowId, "caller_asked"));
    RoutedHandoff again = handoffs.routeToHuman(request("acme", workflowId, "caller_asked"));

    assertThat(again).isEqualTo(first);
    assertThat(first.webhook()).isTrue();
    assertThat(first.summary())
        .contains("Caller asked for a person")
        .contains("\u201cmy water heater is leaking\u201d")
        .contains("address 12 Elm St, Denver, CO 80202");
    assertThat(count("handoffs", workflowId)).isEqualTo(1);
    assertThat(
            jdbc.sql("select slots->>'service' from handoffs where workflow_id = ?")
                .param(workflowId)
                .query(String.class)
                .single())
        .isEqualTo("water_heater");
  }

  @Test
  void givenAnOpenHandoff_whenTheSlaExpiresTwice_itShouldCreateOneCallbackAndSayTrueBothTimes() {
    String workflowId = conversation("acme");
    String id = handoffs.routeToHuman(request("acme", workflowId, "emergency")).handoffId();
    CallbackRequest expire = new CallbackRequest(id, "acme", "Nobody claimed it.", 1_000L);

    assertThat(handoffs.expireToCallback(expire)).isTrue();
    assertThat(handoffs.expireToCallback(expire)).as("a retry after a lost response").isTrue();

    assertThat(count("callback_tasks", workflowId)).isEqualTo(1);
    assertThat(
            jdbc.sql("select note from callback_tasks where workflow_id = ?")
                .param(workflowId)
                .query(String.class)
                .single())
        .contains("Emergency reported")
        .contains("Nobody claimed it.");
  }

  @Test
  void givenAnOperatorClaimedFirst_whenTheSlaExpires_itShouldLeaveTheClaimAlone() {
    String workflowId = conversation("acme");
    String id = handoffs.routeToHuman(request("acme", workflowId, "caller_asked")).handoffId();
    jdbc.sql("update handoffs set status = 'claimed', operator = 'sam' where id = ?")
        .param(id)
        .update();

    assertThat(handoffs.expireToCallback(new CallbackRequest(id, "acme", "late", 1L))).isFalse();
    assertThat(count("callback_tasks", workflowId)).isZero();
  }

  @Test
  void givenAnotherTenantsHandoffId_whenExpired_itShouldRefuseWithoutTouchingIt() {
    String workflowId = conversation("acme");
    String id = handoffs.routeToHuman(request("acme", workflowId, "caller_asked")).handoffId();

    assertThatThrownBy(
            () -> handoffs.expireToCallback(new CallbackRequest(id, "bolt", "not yours", 1L)))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("no handoff");
    assertThat(
            jdbc.sql("select status from handoffs where id = ?")
                .param(id)
                .query(String.class)
                .single())
        .isEqualTo("open");
  }

  @Test
  void givenOperatorMessagesAreRetried_whenPosted_eachIsStoredOnceInOrder() {
    String workflowId = conversation("acme");
    PostedMessage hello =
        new PostedMessage("acme", workflowId, 2, 1, "operator", "sam", "Hi, Sam here.", 10L);
    PostedMessage booked =
        new PostedMessage("acme", workflowId, 2, 2, "operator", "sam", "Booked Friday.", 20L);

    handoffs.postMessage(hello);
    handoffs.postMessage(hello);
    handoffs.postMessage(booked);

    assertThat(
            jdbc.sql(
                    "select author || ': ' || text from conversation_messages"
                        + " where workflow_id = ? order by seq")
                .param(workflowId)
                .query(String.class)
                .list())
        .containsExactly("sam: Hi, Sam here.", "sam: Booked Friday.");
  }

  @Test
  void givenATenantWebhook_whenNotified_itGetsTheHandoffKeyedByItsId() {
    String workflowId = conversation("acme");
    String id = handoffs.routeToHuman(request("acme", workflowId, "emergency")).handoffId();

    handoffs.notifyWebhook("acme", id);

    assertThat(deliveries)
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith(id + " ")
                    .contains("\"event\":\"handoff.created\"")
                    .contains("\"emergency\":true"));
  }

  @Test
  void givenAWebhookThatRefuses_whenNotified_itFailsForGoodButAServerErrorIsRetried() {
    String workflowId = conversation("acme");
    String id = handoffs.routeToHuman(request("acme", workflowId, "caller_asked")).handoffId();
    try {
      webhookStatus.set(404);
      assertThatThrownBy(() -> handoffs.notifyWebhook("acme", id))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo("WebhookRejected");
                assertThat(f.isNonRetryable()).isTrue();
              });
      webhookStatus.set(503);
      assertThatThrownBy(() -> handoffs.notifyWebhook("acme", id))
          .isInstanceOfSatisfying(
              ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
    } finally {
      webhookStatus.set(204);
    }
  }

  @Test
  void givenAConsoleListening_whenAHandoffOrMessageIsWritten_itIsNotifiedWithTheTenant()
      throws Exception {
    String workflowId = conversation("acme");
    try (Connection listener = db.dataSource().getConnection()) {
      listener.createStatement().execute("listen dispatch_events");

      String id = handoffs.routeToHuman(request("acme", workflowId, "caller_asked")).handoffId();
      handoffs.postMessage(
          new PostedMessage("acme", workflowId, 1, 1, "operator", "sam", "Hello", 1L));

      PGNotification[] events = listener.unwrap(PGConnection.class).getNotifications(5_000);
      assertThat(events).isNotNull();
      assertThat(List.of(events))
          .extracting(PGNotification::getParameter)
          .anySatisfy(
              p ->
                  assertThat(p)
                      .contains("\"kind\" : \"handoff\"")
                      .contains("\"tenant\" : \"acme\"")
                      .contains(id));
    }
  }

  private static HandoffRequest request(String tenant, String workflowId, String reason) {
    return new HandoffRequest(
        workflowId + "-h1",
        tenant,
        workflowId,
        workflowId.substring(workflowId.lastIndexOf('-') + 1),
        reason,
        "emergency".equals(reason),
        1,
        "emergency".equals(reason) ? "emergency" : "talk_to_human",
        0.91,
        Map.of("service", "water_heater", "address", "12 Elm St, Denver, CO 80202"),
        "+13035550100",
        List.of(
            new ChatTurn(ChatTurn.CALLER, "my water heater is leaking"),
            new ChatTurn(ChatTurn.ASSISTANT, "Sorry to hear that.")),
        1_763_900_000_000L,
        1_763_900_060_000L);
  }

  private static String conversation(String tenant) {
    String workflowId = "conv-" + tenant + "-" + UUID.randomUUID();
    jdbc.sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel,"
                + " started_at) values (?, ?, ?, 'web', now())")
        .params(workflowId, tenant, workflowId)
        .update();
    return workflowId;
  }

  private static long count(String table, String workflowId) {
    return jdbc.sql("select count(*) from " + table + " where workflow_id = ?")
        .param(workflowId)
        .query(Long.class)
        .single();
  }
}
