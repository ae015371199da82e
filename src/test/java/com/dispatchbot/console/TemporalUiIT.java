package com.dispatchbot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Eventually;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An on-call engineer finds a call in the Temporal UI: by tenant, intent, emergency and status
 * (custom search attributes on the real dev server), and reads it on its page in the Web UI
 * (headless Chromium; screenshots in {@code target/console-screenshots/temporal-ui-*.png}).
 */
@AppIntegrationTest
class TemporalUiIT {
  static final String TENANT = "demo";

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @BeforeAll
  static void devServerOnly() {
    assumeTrue(
        TemporalTestServer.isDevServer(),
        "search attributes and the Web UI need the Temporal dev server (temporal-dev/test)");
  }

  @RegisterExtension final ConsoleBrowser browser = new ConsoleBrowser();
  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired WorkflowClient temporal;

  @Test
  void givenAnEmergencyCall_anEngineerFindsItBySearchAttributesAndReadsItInTheWebUi()
      throws Exception {
    String key = accounts.createApiKey(TENANT, "ui-" + UUID.randomUUID(), Role.CALLER_API).key();
    Http http = new Http(port).withKey(key);
    String conversation = "it-ui-" + UUID.randomUUID();
    Http.Response started =
        http.post(
            "/v1/conversations",
            Http.json(
                Map.of(
                    "conversationId",
                    conversation,
                    "channel",
                    "sms",
                    "caller",
                    Map.of("phone", "+13035550142", "name", "Dana"),
                    "message",
                    "Water is pouring through my kitchen ceiling, a pipe burst upstairs!")));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    JsonNode body = started.json();
    String workflowId = body.path("workflowId").asText();
    String intent = body.path("reply").path("intent").asText();
    assertThat(body.path("reply").path("emergency").asBoolean()).isTrue();

    String query =
        "DispatchTenant = 'demo' AND DispatchEmergency = true AND DispatchIntent = '"
            + intent
            + "' AND DispatchChannel = 'sms' AND DispatchStatus = 'active'";
    Eventually.eventually(
        Duration.ofSeconds(30), () -> ids(query), found -> assertThat(found).contains(workflowId));
    assertThat(ids("DispatchTenant = 'someone-else' AND DispatchEmergency = true"))
        .doesNotContain(workflowId);
    assertThat(ids("DispatchTenant = 'demo' AND DispatchStatus = 'closed'"))
        .doesNotContain(workflowId);

    String ui = System.getenv().getOrDefault("TEMPORAL_UI_URL", "http://127.0.0.1:8233");
    String namespace = temporal.getOptions().getNamespace();
    // the list, filtered the way an engineer would
    browser
        .driver()
        .get(
            ui
                + "/namespaces/"
                + namespace
                + "/workflows?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
    browser.until(
        "the workflow list shows the call",
        d -> d.findElement(By.tagName("body")).getText().contains(workflowId));
    Path list = browser.screenshot("temporal-ui-1-calls-by-search-attribute");

    // the call's own page: its type, its task queue, its history
    browser.driver().get(ui + "/namespaces/" + namespace + "/workflows/" + workflowId);
    browser.until(
        "the call's page shows the workflow",
        d -> {
          String text = d.findElement(By.tagName("body")).getText();
          return text.contains(workflowId)
              && text.contains("ConversationWorkflow")
              && text.contains("dispatch-conversations");
        });
    Path page = browser.screenshot("temporal-ui-2-call-page");

    // its search attributes, as the UI lists them
    browser
        .until(
            "the Search Attributes tab",
            d ->
                d
                    .findElements(By.xpath("//*[normalize-space(text())='Search Attributes']"))
                    .stream()
                    .filter(e -> e.isDisplayed())
                    .findFirst()
                    .orElse(null))
        .click();
    browser.until(
        "the call's search attributes",
        d -> {
          String text = d.findElement(By.tagName("body")).getText();
          return text.contains("DispatchTenant")
              && text.contains("DispatchIntent")
              && text.contains("DispatchEmergency");
        });
    Path attributes = browser.screenshot("temporal-ui-3-search-attributes");
    for (Path shot : List.of(list, page, attributes)) {
      assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
  }

  private List<String> ids(String query) {
    return temporal
        .getWorkflowServiceStubs()
        .blockingStub()
        .listWorkflowExecutions(
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(temporal.getOptions().getNamespace())
                .setQuery(query)
                .setPageSize(100)
                .build())
        .getExecutionsList()
        .stream()
        .map(WorkflowExecutionInfo::getExecution)
        .map(e -> e.getWorkflowId())
        .toList();
  }
}
