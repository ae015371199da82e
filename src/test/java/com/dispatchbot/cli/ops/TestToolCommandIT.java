package com.dispatchbot.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.booking.Technician;
import com.dispatchbot.activities.booking.TechnicianRoster;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code test-tool} against the real Postgres: an operator lists the tools, checks a tenant's
 * calendar, books the window it offered under the same workflow id, and sees why a call the tool
 * refuses was refused.
 */
class TestToolCommandIT {
  static final Map<String, String> saved = new HashMap<>();
  static String tenant;

  @TempDir static Path knowledge;

  @BeforeAll
  static void aTenantWithATechnician() {
    set("KNOWLEDGE_DIR", knowledge.toString());
    set("FALLBACK_GEOCODER", "none"); // the offline gazetteer places the ZIP
    set("GOOGLE_MAPS_API_KEY", "");
    tenant = OpsTestData.tenant("ops-tool", "Willow Glen Plumbing");
    new TechnicianRoster(OpsTestData.jdbc())
        .upsert(
            tenant,
            List.of(
                new Technician(
                    "ann",
                    "Ann Lee",
                    null,
                    List.of("drain_cleaning"),
                    39.7392,
                    -104.9903,
                    null,
                    Map.of(),
                    true)));
  }

  @AfterAll
  static void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  @Test
  void givenHelp_itShouldRenderWithTheExitCodes() {
    OpsCli.Run run = OpsCli.run("test-tool", "--help");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out()).contains("Usage:").contains("Exit:").contains("--workflow-id");
    assertThat(run.err()).doesNotContain("picocli WARN");
  }

  @Test
  void givenList_itShouldShowEveryToolWithItsParameters() {
    OpsCli.Run run = OpsCli.run("test-tool", "--list");

    assertThat(run.code()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("check_availability")
        .contains("book_appointment")
        .contains("knowledge_lookup")
        .contains("- slot_id (string, required): ")
        .contains("- time_of_day (one of [any, morning, afternoon, evening]): ");
  }

  @Test
  void givenACheckThenABookingUnderItsWorkflowId_theWindowShouldBeBookedOnTheTenantsCalendar() {
    OpsCli.Run check =
        OpsCli.run(
            "test-tool",
            "check_availability",
            "--tenant",
            tenant,
            "--args",
            "{\"service_type\": \"drain_cleaning\", \"address\": \"Denver, CO 80202\"}");
    assertThat(check.code()).as(check.all()).isZero();
    assertThat(check.out()).contains("outcome ok").contains("\"in_service_area\" : true");
    String workflow = match(check.out(), "workflow (ops-test-tool-[0-9a-f]{8})");
    String slotId = match(check.out(), "\"slot_id\" : \"(ann@[^\"]+)\"");

    OpsCli.Run missingName =
        OpsCli.run(
            "test-tool",
            "book_appointment",
            "--tenant",
            tenant,
            "--workflow-id",
            workflow,
            "--args",
            "{\"slot_id\": \"" + slotId + "\", \"phone\": \"303-555-0100\"}");
    OpsCli.Run book =
        OpsCli.run(
            "test-tool",
            "book_appointment",
            "--tenant",
            tenant,
            "--workflow-id",
            workflow,
            "--args",
            "{\"slot_id\": \""
                + slotId
                + "\", \"customer_name\": \"Pat Doe\", \"phone\": \"303-555-0100\","
                + " \"address\": \"1700 Lincoln St, Denver, CO 80203\"}");

    assertThat(missingName.code()).as(missingName.all()).isEqualTo(1);
    assertThat(missingName.out())
        .contains("outcome invalid_arguments")
        .contains("customer_name is required");
    assertThat(book.code()).as(book.all()).isZero();
    assertThat(book.out()).contains("outcome ok").contains("\"booked\" : true");
    assertThat(
            OpsTestData.jdbc()
                .sql("select count(*) from appointments where tenant_id = ? and status = 'booked'")
                .param(tenant)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void givenAToolThatDoesNotExistOrArgumentsThatAreNotJson_itShouldSaySoAndRunNothing() {
    OpsCli.Run unknown = OpsCli.run("test-tool", "order_pizza", "--tenant", tenant);
    OpsCli.Run notJson =
        OpsCli.run("test-tool", "business_hours", "--tenant", tenant, "--args", "{date: 1");

    assertThat(unknown.code()).as(unknown.all()).isEqualTo(2);
    assertThat(unknown.err()).contains("'order_pizza' is not a tool; one of: check_availability");
    assertThat(notJson.code()).as(notJson.all()).isEqualTo(2);
    assertThat(notJson.err()).contains("--args is not JSON");
  }

  private static String match(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in\n" + text).isTrue();
    return m.group(1);
  }

  private static void set(String name, String value) {
    saved.putIfAbsent(name, System.getProperty(name));
    System.setProperty(name, value);
  }
}
