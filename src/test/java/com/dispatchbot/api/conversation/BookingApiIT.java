package com.dispatchbot.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An emergency call booked end to end over HTTP with every real piece: the intent model, slot
 * extraction, the gazetteer, the calendar in Postgres with holds and its exclusion constraint.
 */
@AppIntegrationTest
class BookingApiIT {

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired WorkflowClient temporal;
  @Autowired Accounts accounts;

  private Http http() {
    return new Http(port)
        .withKey(accounts.createApiKey("demo", "booking-it", Role.CALLER_API).key());
  }

  @Test
  void givenABurstPipe_whenTheCallerGivesTheAddressAndConfirms_itShouldBookTodayWithPriority() {
    Http http = http();
    String id = "booking-" + UUID.randomUUID();
    String workflowId = "conv-demo-" + id;
    String phone = "+1303555" + String.format("%04d", Math.floorMod(id.hashCode(), 10_000));

    JsonNode first =
        http.post(
                "/v1/conversations",
                Http.json(
                    Map.of(
                        "tenantId", "demo",
                        "channel", "voice",
                        "conversationId", id,
                        "caller", Map.of("phone", phone, "name", "Robin"),
                        "message", "There's water pouring from a burst pipe in my basement!")))
            .json()
            .path("reply");
    assertThat(first.path("emergency").asBoolean()).isTrue();
    assertThat(first.path("reply").asText())
        .contains("shut off the main water valve")
        .endsWith("tell me the address and I'll get our on-call technician out to you.");

    String offer = send(http, id, "It's 1550 Larimer St, Denver, CO 80202");
    assertThat(offer).startsWith("I can offer");
    assertThat(heldRows(workflowId)).as("the offered windows are held").isBetween(1L, 3L);

    assertThat(send(http, id, "the first one"))
        .startsWith("To confirm: leak repair at 1550 Larimer St, Denver, CO 80202");
    String booked = send(http, id, "yes");
    assertThat(booked).startsWith("You're booked: leak repair on ").contains(phone);

    Map<String, Object> appointment =
        jdbc.sql(
                "select status, priority, service_type, customer_phone from appointments"
                    + " where tenant_id = 'demo' and workflow_id = ? and status = 'booked'")
            .param(workflowId)
            .query()
            .singleRow();
    assertThat(appointment)
        .containsEntry("priority", 0)
        .containsEntry("service_type", "leak_repair")
        .containsEntry("customer_phone", phone);
    assertThat(heldRows(workflowId)).as("no hold outlives the booking").isZero();

    JsonNode state = http.get("/v1/conversations/" + id).json().path("state");
    assertThat(state.path("lastAppointmentId").asText()).isNotBlank();
    assertThat(state.path("pendingHandoff").path("reason").asText())
        .as(
            "the sample tenant books its 24/7 emergency call-outs itself (handoff.emergency bot_only)")
        .isEmpty();
  }

  @Test
  void givenOfferedWindows_whenTheCallerHangsUp_itShouldReleaseEveryHold() {
    Http http = http();
    String id = "hangup-" + UUID.randomUUID();
    String workflowId = "conv-demo-" + id;
    http.post(
        "/v1/conversations",
        Http.json(
            Map.of(
                "tenantId",
                "demo",
                "conversationId",
                id,
                "caller",
                Map.of("phone", "+13035550188"),
                "message",
                "I'd like to book a drain cleaning at 1550 Larimer St, Denver, CO 80202")));
    assertThat(heldRows(workflowId)).isPositive();

    http.post("/v1/conversations/" + id + "/end", "{}");
    temporal.newUntypedWorkflowStub(workflowId).getResult(Object.class);

    assertThat(heldRows(workflowId)).isZero();
  }

  @Test
  void givenAnAddressOutsideTheArea_whenBooking_itShouldRefuseAndNameTheArea() {
    Http http = http();
    String id = "far-" + UUID.randomUUID();
    JsonNode reply =
        http.post(
                "/v1/conversations",
                Http.json(
                    Map.of(
                        "tenantId",
                        "demo",
                        "conversationId",
                        id,
                        "caller",
                        Map.of("phone", "+13035550199"),
                        "message",
                        "Can you book a drain cleaning at 1777 Broadway, Boulder, CO 80302?")))
            .json()
            .path("reply");

    assertThat(reply.path("reply").asText()).startsWith("I'm sorry").contains("Denver");
  }

  private String send(Http http, String id, String text) {
    Http.Response response =
        http.post("/v1/conversations/" + id + "/messages", Http.json(Map.of("text", text)));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().path("reply").asText();
  }

  private long heldRows(String workflowId) {
    return jdbc.sql(
            "select count(*) from appointments where tenant_id = 'demo' and workflow_id = ?"
                + " and status = 'held'")
        .param(workflowId)
        .query(Long.class)
        .single();
  }
}
