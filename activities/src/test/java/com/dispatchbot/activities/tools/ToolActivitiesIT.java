package com.dispatchbot.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.booking.BookingActivitiesImpl;
import com.dispatchbot.activities.booking.Technician;
import com.dispatchbot.activities.booking.TechnicianRoster;
import com.dispatchbot.activities.geo.Gazetteer;
import com.dispatchbot.activities.geo.GeoActivitiesImpl;
import com.dispatchbot.activities.geo.GeoProperties;
import com.dispatchbot.activities.geo.Geocoding;
import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import com.dispatchbot.workflows.tools.ToolActivities;
import com.dispatchbot.workflows.tools.ToolActivities.ToolCall;
import com.dispatchbot.workflows.tools.ToolActivities.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code runTool} against the real Postgres, with the real calendar (BookingActivitiesImpl) and the
 * offline gazetteer: what a caller relies on is that a model's retried or replayed call books once,
 * that one business can never touch another's appointments, and that every call is logged once
 * without the caller's phone or address.
 */
class ToolActivitiesIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ADDRESS = "1550 Dayton St, Aurora, CO 80010";
  static final String PHONE = "(303) 555-0100";

  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  static TechnicianRoster roster;
  static BookingActivitiesImpl booking;
  static ToolExecutionLog executions;

  SimpleMeterRegistry meters;
  AtomicInteger attempt;
  FlakyTool flaky;
  ToolActivitiesImpl tools;

  @BeforeAll
  static void database() {
    db = PostgresTestDatabase.schema("it_tools");
    jdbc = db.jdbc();
    roster = new TechnicianRoster(jdbc);
    booking = new BookingActivitiesImpl(jdbc, db.transactions(), new TenantDirectory(jdbc), roster);
    executions = new ToolExecutionLog(jdbc);
  }

  @BeforeEach
  void activities() {
    GeoProperties offline =
        new GeoProperties(null, GeoProperties.FallbackGeocoder.NONE, null, null, null, null);
    GeoActivitiesImpl geo =
        new GeoActivitiesImpl(Geocoding.fromProperties(offline, Gazetteer.shared(), null));
    AppointmentOwners owners = new AppointmentOwners(jdbc);
    flaky = new FlakyTool();
    ToolRegistry registry =
        new ToolRegistry(
            List.of(
                new CheckAvailabilityTool(booking, geo),
                new BookAppointmentTool(booking, geo, executions),
                new RescheduleAppointmentTool(booking, executions, owners),
                new CancelAppointmentTool(booking, owners),
                new FindAppointmentsTool(booking),
                new BusinessHoursTool(),
                new KnowledgeLookupTool(() -> request -> RetrievedContext.none()),
                flaky));
    meters = new SimpleMeterRegistry();
    attempt = new AtomicInteger(1);
    tools =
        new ToolActivitiesImpl(
            registry,
            new TenantDirectory(jdbc)::find,
            executions,
            () -> meters,
            Clock.systemUTC(),
            attempt::get);
  }

  // --- idempotency -------------------------------------------------------------------------------

  @Test
  void givenABookingCallThatIsRetried_itShouldBookOnceAndLogOneRowWithTwoAttempts()
      throws Exception {
    String tenant = newTenant();
    String workflow = "conv-" + tenant + "-c1";
    String slotId = firstOption(tenant, workflow, 1, "call_check");
    ToolCall book =
        call(
            tenant,
            workflow,
            2,
            "call_book",
            "book_appointment",
            Map.of(
                "slot_id", slotId, "customer_name", "Pat Doe", "phone", PHONE, "address", ADDRESS));

    ToolOutcome first = tools.runTool(book);
    attempt.set(2); // Temporal retries the activity (say its completion was lost)
    ToolOutcome retried = tools.runTool(book);

    assertThat(first.ok()).as(first.error()).isTrue();
    assertThat(retried.ok()).isTrue();
    assertThat(retried.resultJson()).isEqualTo(first.resultJson());
    String appointmentId =
        JSON.readTree(first.resultJson()).path("appointment").path("appointment_id").asText();
    assertThat(
            jdbc.sql("select count(*) from appointments where tenant_id = ? and status = 'booked'")
                .param(tenant)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("select id::text from appointments where tenant_id = ? and status = 'booked'")
                .param(tenant)
                .query(String.class)
                .single())
        .isEqualTo(appointmentId);
    Map<String, Object> row =
        jdbc.sql(
                """
                select count(*) over () as rows, outcome, attempts, arguments::text as arguments,
                       tool
                  from tool_executions where workflow_id = ? and turn = 2 and call_id = ?
                """)
            .params(workflow, "call_book")
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("rows", 1L)
        .containsEntry("outcome", "ok")
        .containsEntry("attempts", 2)
        .containsEntry("tool", "book_appointment");
    JsonNode logged = JSON.readTree((String) row.get("arguments"));
    assertThat(logged.path("phone").asText()).isEqualTo("[PHONE]");
    assertThat(logged.path("address").asText()).isEqualTo("[ADDRESS]");
    assertThat(logged.path("slot_id").asText()).isEqualTo(slotId);
    assertThat((String) row.get("arguments")).doesNotContain("555").doesNotContain("Dayton");
    // the retry answered from the log: the tool ran (and was timed) once
    assertThat(
            meters
                .get("dispatch.tool.latency")
                .tags("tool", "book_appointment", "outcome", "ok")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void givenAReplayedCall_theModelShouldGetTheFirstAnswerEvenAfterTheCalendarChanged()
      throws Exception {
    String tenant = newTenant();
    String workflow = "conv-" + tenant + "-c2";
    ToolCall check = checkCall(tenant, workflow, 1, "call_check");
    ToolOutcome first = tools.runTool(check);
    String slotId =
        JSON.readTree(first.resultJson()).path("options").get(0).path("slot_id").asText();
    ToolOutcome booked =
        tools.runTool(
            call(
                tenant,
                workflow,
                2,
                "call_book",
                "book_appointment",
                Map.of(
                    "slot_id",
                    slotId,
                    "customer_name",
                    "Pat Doe",
                    "phone",
                    PHONE,
                    "address",
                    ADDRESS)));

    ToolOutcome replayed = tools.runTool(check);
    ToolOutcome asked = tools.runTool(checkCall(tenant, workflow, 3, "call_check_again"));

    assertThat(booked.ok()).as(booked.error()).isTrue();
    assertThat(replayed.resultJson()).isEqualTo(first.resultJson());
    assertThat(asked.ok()).isTrue();
    assertThat(asked.resultJson()).doesNotContain("\"" + slotId + "\"");
  }

  @Test
  void givenAnOutageInTheMiddle_theCallShouldFailForTemporalToRetryAndThenBeLoggedOnce() {
    String tenant = newTenant();
    String workflow = "conv-" + tenant + "-c3";
    ToolCall call = call(tenant, workflow, 1, "call_1", FlakyTool.NAME, Map.of());
    flaky.failuresLeft = 1;

    assertThatThrownBy(() -> tools.runTool(call))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(ToolActivities.TOOL_UNAVAILABLE);
              assertThat(f.isNonRetryable()).isFalse();
            });
    assertThat(outcomeAndAttempts(workflow, 1, "call_1")).isEqualTo("error/1");

    attempt.set(2);
    ToolOutcome retried = tools.runTool(call);

    assertThat(retried.ok()).isTrue();
    assertThat(flaky.runs).isEqualTo(2);
    assertThat(outcomeAndAttempts(workflow, 1, "call_1")).isEqualTo("ok/2");
  }

  @Test
  void givenACallIdReusedInTheTurnForOtherArguments_itShouldRunNothingRatherThanReplayTheOther()
      throws Exception {
    String tenant = newTenant();
    String workflow = "conv-" + tenant + "-c6";
    ToolOutcome first =
        tools.runTool(call(tenant, workflow, 1, "call_0", "business_hours", Map.of()));
    ToolOutcome other =
        tools.runTool(
            call(tenant, workflow, 1, "call_0", "business_hours", Map.of("date", "2030-03-09")));

    assertThat(first.ok()).isTrue();
    assertThat(other.ok()).isFalse();
    assertThat(other.error()).contains("already used in this turn");
    assertThat(outcomeAndAttempts(workflow, 1, "call_0")).isEqualTo("ok/1");
  }

  // --- tenants -----------------------------------------------------------------------------------

  @Test
  void givenAnotherBusinessesAppointment_aToolCallOfThisBusinessShouldNeitherSeeNorChangeIt()
      throws Exception {
    String a = newTenant();
    String b = newTenant();
    String workflowA = "conv-" + a + "-c1";
    String slotId = firstOption(a, workflowA, 1, "call_check");
    ToolOutcome booked =
        tools.runTool(
            call(
                a,
                workflowA,
                2,
                "call_book",
                "book_appointment",
                Map.of(
                    "slot_id",
                    slotId,
                    "customer_name",
                    "Pat Doe",
                    "phone",
                    PHONE,
                    "address",
                    ADDRESS)));
    String appointmentId =
        JSON.readTree(booked.resultJson()).path("appointment").path("appointment_id").asText();
    String workflowB = "conv-" + b + "-c1";

    ToolOutcome cancel =
        tools.runTool(
            call(
                b,
                workflowB,
                1,
                "call_cancel",
                "cancel_appointment",
                Map.of("appointment_id", appointmentId, "phone", PHONE)));
    ToolOutcome find =
        tools.runTool(
            call(b, workflowB, 1, "call_find", "find_appointments", Map.of("phone", PHONE)));
    // even under A's workflow id, B cannot book a window offered to A
    ToolOutcome steal =
        tools.runTool(
            call(
                b,
                workflowA,
                9,
                "call_steal",
                "book_appointment",
                Map.of(
                    "slot_id",
                    slotId,
                    "customer_name",
                    "Eve",
                    "phone",
                    "(303) 555-0199",
                    "address",
                    ADDRESS)));

    assertThat(cancel.ok()).isFalse();
    assertThat(cancel.error()).contains("No appointment").contains("find_appointments");
    assertThat(outcomeAndAttempts(workflowB, 1, "call_cancel")).isEqualTo("not_found/1");
    assertThat(find.ok()).isTrue();
    assertThat(JSON.readTree(find.resultJson()).path("appointments")).isEmpty();
    assertThat(steal.ok()).isFalse();
    assertThat(steal.error()).contains("was not offered in this conversation");
    assertThat(
            jdbc.sql("select status from appointments where id = cast(? as uuid)")
                .param(appointmentId)
                .query(String.class)
                .single())
        .isEqualTo("booked");
  }

  @Test
  void givenTheCallersOwnAppointment_findRescheduleAndCancelShouldWork() throws Exception {
    String tenant = newTenant();
    String workflow = "conv-" + tenant + "-c4";
    String slotId = firstOption(tenant, workflow, 1, "call_check");
    tools.runTool(
        call(
            tenant,
            workflow,
            2,
            "call_book",
            "book_appointment",
            Map.of(
                "slot_id",
                slotId,
                "customer_name",
                "Pat Doe",
                "phone",
                PHONE,
                "address",
                ADDRESS)));
    JsonNode found =
        JSON.readTree(
            tools
                .runTool(
                    call(
                        tenant,
                        workflow,
                        3,
                        "call_find",
                        "find_appointments",
                        Map.of("phone", "303.555.0100")))
                .resultJson());
    String appointmentId = found.path("appointments").get(0).path("appointment_id").asText();
    JsonNode later =
        JSON.readTree(
            tools
                .runTool(
                    call(
                        tenant,
                        workflow,
                        4,
                        "call_check",
                        "check_availability",
                        Map.of(
                            "service_type",
                            "leak_repair",
                            "address",
                            ADDRESS,
                            "date",
                            java.time.LocalDate.now(java.time.ZoneId.of("America/Denver"))
                                .plusDays(3)
                                .toString())))
                .resultJson());
    String newSlot = later.path("options").get(0).path("slot_id").asText();

    ToolOutcome wrongPhone =
        tools.runTool(
            call(
                tenant,
                workflow,
                5,
                "call_move",
                "reschedule_appointment",
                Map.of(
                    "appointment_id",
                    appointmentId,
                    "phone",
                    "(303) 555-0199",
                    "slot_id",
                    newSlot)));
    ToolOutcome moved =
        tools.runTool(
            call(
                tenant,
                workflow,
                5,
                "call_move2",
                "reschedule_appointment",
                Map.of("appointment_id", appointmentId, "phone", PHONE, "slot_id", newSlot)));
    ToolOutcome cancelled =
        tools.runTool(
            call(
                tenant,
                workflow,
                6,
                "call_cancel",
                "cancel_appointment",
                Map.of("appointment_id", appointmentId, "phone", PHONE, "reason", "moving")));

    assertThat(wrongPhone.ok()).isFalse();
    assertThat(wrongPhone.error()).contains("No appointment");
    assertThat(moved.ok()).as(moved.error()).isTrue();
    assertThat(JSON.readTree(moved.resultJson()).path("appointment").path("start").asText())
        .isEqualTo(later.path("options").get(0).path("start").asText());
    assertThat(cancelled.ok()).as(cancelled.error()).isTrue();
    assertThat(
            jdbc.sql("select status from appointments where id = cast(? as uuid)")
                .param(appointmentId)
                .query(String.class)
                .single())
        .isEqualTo("cancelled");
  }

  // --- what the model got wrong ------------------------------------------------------------------

  @Test
  void givenAnUnknownToolOrBrokenArguments_theModelShouldBeToldWhatToSendAndEachCallLogged() {
    String tenant = newTenant();
    String workflow = "conv-" + tenant + "-c5";

    ToolOutcome unknown = tools.runTool(call(tenant, workflow, 1, "c1", "order_pizza", Map.of()));
    ToolOutcome notJson =
        tools.runTool(
            new ToolCall(tenant, workflow, 1, "c2", "find_appointments", "{phone: 303-555-0100"));
    ToolOutcome missing =
        tools.runTool(call(tenant, workflow, 1, "c3", "book_appointment", Map.of("slot_id", "x")));

    assertThat(unknown.ok()).isFalse();
    assertThat(unknown.error())
        .contains("no tool named 'order_pizza'")
        .contains("check_availability, book_appointment");
    assertThat(notJson.ok()).isFalse();
    assertThat(notJson.error()).contains("not valid JSON");
    assertThat(missing.ok()).isFalse();
    assertThat(missing.error()).contains("customer_name is required");
    assertThat(outcomeAndAttempts(workflow, 1, "c1")).isEqualTo("unknown_tool/1");
    assertThat(outcomeAndAttempts(workflow, 1, "c2")).isEqualTo("invalid_arguments/1");
    assertThat(outcomeAndAttempts(workflow, 1, "c3")).isEqualTo("invalid_arguments/1");
    assertThat(
            jdbc.sql(
                    "select arguments::text from tool_executions where workflow_id = ? and call_id"
                        + " = 'c2'")
                .param(workflow)
                .query(String.class)
                .single())
        .doesNotContain("555");
    assertThat(
            meters
                .get("dispatch.tool.latency")
                .tags("tool", ToolActivitiesImpl.UNKNOWN_TAG, "outcome", "unknown_tool")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void givenTheExecutions_theStatsShouldCountThisTenantsCallsOnly() {
    String a = newTenant();
    String b = newTenant();
    tools.runTool(call(a, "conv-" + a + "-s", 1, "c1", "business_hours", Map.of()));
    tools.runTool(call(a, "conv-" + a + "-s", 1, "c2", "business_hours", Map.of("date", "soon")));
    tools.runTool(call(b, "conv-" + b + "-s", 1, "c1", "business_hours", Map.of()));

    var stats = executions.stats(a, java.time.Instant.now().minusSeconds(3600));

    assertThat(stats.get("business_hours").calls()).isEqualTo(2);
    assertThat(stats.get("business_hours").successRate()).isEqualTo(0.5);
    assertThat(stats.get("business_hours").outcomes())
        .containsEntry("ok", 1L)
        .containsEntry("invalid_arguments", 1L);
  }

  // --- helpers -----------------------------------------------------------------------------------

  /** Runs check_availability and returns its first window's slot id. */
  String firstOption(String tenant, String workflow, int turn, String callId) throws Exception {
    ToolOutcome outcome = tools.runTool(checkCall(tenant, workflow, turn, callId));
    assertThat(outcome.ok()).as(outcome.error()).isTrue();
    JsonNode options = JSON.readTree(outcome.resultJson()).path("options");
    assertThat(options).as(outcome.resultJson()).isNotEmpty();
    return options.get(0).path("slot_id").asText();
  }

  static ToolCall checkCall(String tenant, String workflow, int turn, String callId) {
    return call(
        tenant,
        workflow,
        turn,
        callId,
        "check_availability",
        Map.of("service_type", "leak_repair", "address", ADDRESS));
  }

  static ToolCall call(
      String tenant, String workflow, int turn, String callId, String tool, Map<String, ?> args) {
    try {
      return new ToolCall(tenant, workflow, turn, callId, tool, JSON.writeValueAsString(args));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String outcomeAndAttempts(String workflow, int turn, String callId) {
    List<String> rows =
        jdbc.sql(
                """
                select outcome || '/' || attempts from tool_executions
                 where workflow_id = ? and turn = ? and call_id = ?
                """)
            .params(workflow, turn, callId)
            .query(String.class)
            .list();
    assertThat(rows).as("one row per call").hasSize(1);
    return rows.get(0);
  }

  /** A Denver shop open every day 7-19, with two plumbers in Aurora and Denver. */
  static String newTenant() {
    String tenant = "tl-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> hours = new java.util.LinkedHashMap<>();
    for (String day : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) {
      hours.put(day, "07:00-19:00");
    }
    try {
      String profile =
          JSON.writeValueAsString(
              Map.of(
                  "hours", hours,
                  "services",
                      List.of(
                          Map.of("code", "leak_repair", "name", "Leak repair", "price", "$125")),
                  "serviceArea", List.of("Denver", "Aurora", "80010")));
      jdbc.sql(
              "insert into tenants (id, name, timezone, profile)"
                  + " values (?, ?, 'America/Denver', cast(? as jsonb))")
          .params(tenant, "Shop " + tenant, profile)
          .update();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    roster.upsert(
        tenant,
        List.of(
            new Technician(
                "bob",
                "Bob Ortiz",
                null,
                List.of("leak_repair"),
                39.7294,
                -104.8319,
                null,
                Map.of(),
                true),
            new Technician(
                "ann",
                "Ann Lee",
                null,
                List.of("leak_repair"),
                39.7392,
                -104.9903,
                null,
                Map.of(),
                true)));
    return tenant;
  }

  /** Fails with a lost database connection {@code failuresLeft} times, then answers. */
  static final class FlakyTool implements Tool {
    static final String NAME = "flaky_lookup";
    int failuresLeft;
    int runs;

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "A lookup whose database goes away for a moment.";
    }

    @Override
    public dev.langchain4j.model.chat.request.json.JsonObjectSchema parameters() {
      return dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder().build();
    }

    @Override
    public JsonNode execute(ToolContext context, JsonNode arguments) {
      runs++;
      if (failuresLeft-- > 0) {
        throw new DataAccessResourceFailureException("connection refused");
      }
      return JSON.createObjectNode().put("answer", 42);
    }
  }
}
