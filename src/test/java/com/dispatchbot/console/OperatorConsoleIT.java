package com.dispatchbot.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Eventually;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The operator console in a real browser (headless Chromium) against the whole app: a caller asks
 * for a person through the caller API, an operator logs in, sees the handoff pushed into the inbox,
 * takes the call over, replies and resolves it, and the caller's side shows the reply and the
 * resolved call. Screenshots: {@code <build dir>/console-screenshots/}.
 */
@AppIntegrationTest
class OperatorConsoleIT {

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @RegisterExtension final ConsoleBrowser browser = new ConsoleBrowser();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Accounts accounts;
  Http http;
  String run;

  @BeforeEach
  void setUp() {
    http = new Http(port);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void
      givenACallerAsksForAPerson_whenAnOperatorTakesTheCallInTheConsole_theCallerHearsThemAndTheCallEndsResolved()
          throws Exception {
    String tenant = newTenant("a");
    String callerKey = accounts.createApiKey(tenant, "gateway", Role.CALLER_API).key();
    String operator = "sam-" + run;
    String password = "console-" + UUID.randomUUID();
    accounts.createUser(tenant, operator, password, Role.OPERATOR);

    browser.driver().get(url("/console"));
    browser.until(
        "the console sends a visitor to its login page",
        d -> isAt(d.getCurrentUrl(), "/console/login"));
    logIn(operator, "not-the-password");
    browser.until("a wrong password is told", d -> browser.byTestId("login-error").isDisplayed());
    logIn(operator, password);
    awaitLiveInbox();
    // set in this page: still there when the handoffs show up, so no reload brought them
    browser.script("window.consoleItMarker = 'same page';");

    // a caller asks for a person: the handoff is pushed into the open console
    String conversation = "it-console-" + run;
    String reply = "Hi, this is Sam from dispatch. I can book the water heater visit for you.";
    JsonNode started =
        startCall(callerKey, conversation, "+13035550177", "I want to talk to a real person");
    String handoffId = started.path("reply").path("handoff").path("id").asText();
    assertThat(handoffId).as(started.toString()).isNotBlank();
    WebElement item = browser.until("the handoff appears in the inbox", d -> inboxItem(handoffId));
    assertThat(item.getAttribute("data-status")).isEqualTo("open");
    assertThat(item.getAttribute("data-emergency")).isEqualTo("false");
    assertThat(item.getText()).contains("+13035550177");

    // an emergency comes in: marked, above the other, counted in the title
    String emergencyCall = "it-console-gas-" + run;
    JsonNode gas =
        startCall(callerKey, emergencyCall, "+13035550199", "there's a gas smell in the kitchen");
    String emergencyId =
        browser.until(
            "the emergency's handoff appears in the inbox",
            d -> handoffOf(tenant, "conv-" + tenant + "-" + emergencyCall));
    WebElement emergency = browser.until("the emergency is listed", d -> inboxItem(emergencyId));
    assertThat(emergency.getAttribute("data-emergency")).as(gas.toString()).isEqualTo("true");
    assertThat(emergency.findElements(By.cssSelector("[data-testid='emergency-badge']")))
        .hasSize(1);
    assertThat(listedIds()).as("emergencies first").containsSubsequence(emergencyId, handoffId);
    browser.until("the title counts the emergency", d -> d.getTitle().contains("1 emergency"));
    assertThat(browser.script("return window.consoleItMarker;")).isEqualTo("same page");

    // open the call: transcript with what the bot understood, summary, slots
    inboxItem(handoffId).click();
    browser.until(
        "the transcript shows the caller",
        d -> browser.byTestId("transcript").getText().contains("I want to talk to a real person"));
    WebElement callerMessage =
        browser.driver().findElement(By.cssSelector("[data-testid='message'][data-role='caller']"));
    assertThat(
            callerMessage.findElement(By.cssSelector("[data-testid='message-intent']")).getText())
        .contains("talk_to_human")
        .contains("%");
    assertThat(browser.byTestId("summary").getText()).isNotBlank();
    assertThat(browser.byTestId("reply-text").isEnabled()).as("no reply before claiming").isFalse();

    // claim, then reply with Enter
    browser.byTestId("claim").click();
    browser.until("the claim is shown", d -> "claimed".equals(detailStatus()));
    browser.until("the reply box opens", d -> browser.byTestId("reply-text").isEnabled());
    assertThat(inboxItem(handoffId).getText()).contains("with you");
    browser.byTestId("reply-text").sendKeys(reply + Keys.ENTER);
    browser.until(
        "the operator's reply is in the transcript",
        d ->
            d.findElements(By.cssSelector("[data-testid='message'][data-role='operator']")).stream()
                .anyMatch(m -> m.getText().contains(reply)));
    browser.screenshot("1-claimed-and-replied");
    assertThat(browser.byTestId("detail-error").isDisplayed()).isFalse();

    // resolve: the handoff leaves the inbox
    browser.byTestId("resolution").sendKeys("Booked a water heater visit by phone for Friday");
    browser.byTestId("resolve").click();
    browser.until("the handoff shows resolved", d -> "resolved".equals(detailStatus()));
    browser.until("the handoff leaves the inbox", d -> inboxItem(handoffId) == null);
    browser.screenshot("2-resolved");

    // the caller's side: the operator's words, and the call ended resolved
    eventually(
        () -> http.get("/v1/conversations/" + conversation, bearer(callerKey)),
        call -> {
          assertThat(call.status()).as(call.body()).isEqualTo(200);
          JsonNode body = call.json();
          assertThat(transcript(body))
              .as(call.body())
              .anySatisfy(
                  m -> {
                    assertThat(m.path("role").asText()).isEqualTo("operator");
                    assertThat(m.path("text").asText()).isEqualTo(reply);
                  });
          assertThat(body.path("status").asText()).isEqualTo("closed");
          assertThat(body.path("outcome").asText()).isEqualTo("resolved");
        });
  }

  @Test
  void givenHandoffsOfTwoTenants_whenAnOperatorOfTenantBLogsIn_onlyTenantBsHandoffsAreListed()
      throws Exception {
    String tenantA = newTenant("a");
    String tenantB = newTenant("b");
    String keyA = accounts.createApiKey(tenantA, "gateway", Role.CALLER_API).key();
    String keyB = accounts.createApiKey(tenantB, "gateway", Role.CALLER_API).key();
    String operatorB = "robin-" + run;
    String password = "console-" + UUID.randomUUID();
    accounts.createUser(tenantB, operatorB, password, Role.OPERATOR);
    String handoffA =
        startCall(keyA, "it-console-a1-" + run, "+13035550101", "I want to talk to a real person")
            .path("reply")
            .path("handoff")
            .path("id")
            .asText();

    browser.driver().get(url("/console/login"));
    logIn(operatorB, password);
    awaitLiveInbox();
    // both tenants get a new handoff while B's console is open; only B's is pushed to it
    String pushedA =
        startCall(keyA, "it-console-a2-" + run, "+13035550102", "put me through to a human")
            .path("reply")
            .path("handoff")
            .path("id")
            .asText();
    String handoffB =
        startCall(keyB, "it-console-b1-" + run, "+13035550103", "I want to talk to a real person")
            .path("reply")
            .path("handoff")
            .path("id")
            .asText();
    browser.until("tenant B's handoff is listed", d -> inboxItem(handoffB));

    assertThat(listedIds()).contains(handoffB).doesNotContain(handoffA, pushedA);
    assertThat(browser.byTestId("group-open").getText())
        .doesNotContain("+13035550101", "+13035550102");
    browser.screenshot("3-tenant-b-inbox");
    // and A's handoff cannot be opened from B's session either
    Object status =
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " fetch('/v1/handoffs/' + arguments[0]).then(r => done(r.status));",
                handoffA);
    assertThat(status).isEqualTo(404L);

    // signing out ends the session: the console sends the browser back to the login page
    browser.byTestId("logout").click();
    browser.until("signed out", d -> browser.byTestId("login-info").isDisplayed());
    browser.driver().get(url("/console"));
    browser.until(
        "the console needs a login again", d -> isAt(d.getCurrentUrl(), "/console/login"));
  }

  // ---------------------------------------------------------------------------------------------

  /** A tenant of its own, so leftovers of other tests never show in this inbox. */
  private String newTenant(String suffix) {
    String id = "it-console-" + suffix + "-" + run;
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, ?, 'America/Denver',"
                + " cast(? as jsonb))")
        .params(
            id,
            "Console IT " + suffix.toUpperCase(),
            // a long SLA: nothing turns into a callback while the test runs
            "{\"handoff\": {\"slaSeconds\": 900}}")
        .update();
    return id;
  }

  private JsonNode startCall(String key, String conversation, String phone, String message) {
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
                    Map.of("phone", phone, "name", "Robin"),
                    "message",
                    message)),
            bearer(key));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    return started.json();
  }

  /** The id of the conversation's handoff, or null while there is none. */
  private String handoffOf(String tenant, String workflowId) {
    return jdbc.sql("select id from handoffs where tenant_id = ? and workflow_id = ?")
        .params(tenant, workflowId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private void logIn(String username, String password) {
    var driver = browser.driver();
    browser.until("the login form", d -> d.findElement(By.id("username")));
    driver.findElement(By.id("username")).clear();
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).clear();
    driver.findElement(By.id("password")).sendKeys(password);
    String before = driver.getCurrentUrl();
    driver.findElement(By.id("login-submit")).click();
    browser.until("the login form was answered", d -> !d.getCurrentUrl().equals(before));
  }

  private void awaitLiveInbox() {
    browser.until(
        "the console opens after the login",
        d -> isAt(d.getCurrentUrl(), "/console") && !d.findElements(By.id("live")).isEmpty());
    browser.until(
        "the live stream connects",
        d -> "live".equals(browser.byTestId("live").getAttribute("data-state")));
  }

  private WebElement inboxItem(String handoffId) {
    List<WebElement> items =
        browser
            .driver()
            .findElements(
                By.cssSelector(
                    "[data-testid='handoff-item'][data-handoff-id='" + handoffId + "']"));
    return items.isEmpty() ? null : items.get(0);
  }

  private List<String> listedIds() {
    return browser.allByTestId("handoff-item").stream()
        .map(e -> e.getAttribute("data-handoff-id"))
        .toList();
  }

  private String detailStatus() {
    return browser.byTestId("detail-status").getAttribute("data-status");
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static boolean isAt(String url, String path) {
    String withoutQuery = url.replaceFirst("[?#].*$", "");
    return withoutQuery.endsWith(path) || withoutQuery.endsWith(path + "/");
  }

  /** The caller API's messages ({@code messages}, or {@code transcript} in older builds). */
  private static List<JsonNode> transcript(JsonNode conversation) {
    JsonNode messages = conversation.path("messages");
    if (!messages.isArray()) {
      messages = conversation.path("transcript");
    }
    return java.util.stream.StreamSupport.stream(messages.spliterator(), false).toList();
  }

  private static String[] bearer(String key) {
    return new String[] {"Authorization", "Bearer " + key};
  }

  private static <T> void eventually(Supplier<T> value, java.util.function.Consumer<T> assertion) {
    Eventually.eventually(ConsoleBrowser.WAIT, value, assertion);
  }
}
