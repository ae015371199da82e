package com.dispatchbot.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a careless or hostile client can send, against the running app with a valid admin key: every
 * answer is a 4xx RFC 9457 problem with a reason, never a 5xx, and never a stack trace or SQL; odd
 * but valid text is stored exactly as sent.
 */
@AppIntegrationTest
class BadInputIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  /** Endpoints that read a JSON body (ids that exist or not: the body is read first). */
  static final List<String> JSON_POSTS =
      List.of(
          "/v1/conversations",
          "/v1/conversations/%s/messages",
          "/v1/conversations/%s/events",
          "/v1/conversations/%s/end",
          "/v1/nlu/parse",
          "/v1/knowledge/documents",
          "/v1/knowledge/reindex",
          "/v1/admin/api-keys",
          "/v1/admin/users",
          "/v1/handoffs/h-none/reply",
          "/chat");

  /** Endpoints whose body is required. */
  static final List<String> BODY_REQUIRED =
      List.of(
          "/v1/conversations",
          "/v1/conversations/%s/messages",
          "/v1/conversations/%s/events",
          "/v1/nlu/parse",
          "/v1/knowledge/documents",
          "/v1/admin/api-keys",
          "/v1/admin/users",
          "/chat");

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;
  Http http;
  String id;

  @BeforeEach
  void setUp() {
    http = new Http(port).withKey(accounts.createApiKey("demo", "bad-input-it", Role.ADMIN).key());
    id = "bad-" + UUID.randomUUID();
    Http.Response started =
        http.post(
            "/v1/conversations",
            Http.json(Map.of("conversationId", id, "caller", Map.of("phone", "+13035550142"))));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
  }

  private String path(String template) {
    return template.contains("%s") ? String.format(template, id) : template;
  }

  @Test
  void givenMalformedJson_onEveryJsonEndpoint_itShouldAnswer400SayingWhereTheJsonBreaks() {
    for (String template : JSON_POSTS) {
      for (String body :
          List.of("{\"text\": ", "{text: 'hi'}", "{\"a\":1,}", "nul", "{\"a\":\"\u0001\"}")) {
        Http.Response r = http.post(path(template), body);
        assertProblem(r, 400, "not valid JSON");
      }
    }
  }

  @Test
  void givenJsonOfTheWrongShape_itShouldAnswer400NamingTheField() {
    String messages = path("/v1/conversations/%s/messages");
    assertProblem(http.post(messages, "[]"), 400, "should be a JSON object");
    assertProblem(http.post(messages, "\"hello\""), 400, "should be a JSON object");
    assertProblem(
        http.post(messages, "{\"text\": {\"a\": 1}}"), 400, "field 'text' should be text");
    assertProblem(http.post(messages, "{\"text\": [\"a\"]}"), 400, "field 'text' should be text");
    assertProblem(
        http.post("/v1/conversations", "{\"caller\": \"+13035550100\"}"),
        400,
        "field 'caller' should be a JSON object");
    assertProblem(
        http.post("/v1/conversations", "{\"caller\": {\"phone\": {\"n\": 1}}}"),
        400,
        "field 'caller.phone' should be text");
    assertProblem(http.post("/v1/conversations", "{\"channel\": 5}"), 400, "channel");
    assertProblem(
        http.post(
            "/v1/knowledge/documents",
            "{\"title\": \"T\", \"text\": \"x\", \"metadata\": {\"tags\": {\"a\": 1}}}"),
        400,
        "field 'metadata.tags' should be a list");
    assertProblem(
        http.post("/v1/admin/api-keys", "{\"name\": \"n\", \"role\": [1]}"),
        400,
        "field 'role' should be text");
    assertProblem(http.get("/v1/knowledge/search?q=hours&k=lots"), 400, "k");
    assertProblem(http.get("/v1/admin/audit?limit=1e9"), 400, "limit");
  }

  @Test
  void givenDuplicateKeys_itShouldRefuseTheBodyRatherThanPickOne() {
    assertProblem(
        http.post("/v1/conversations", "{\"tenantId\": \"demo\", \"tenantId\": \"other\"}"),
        400,
        "Duplicate");
  }

  @Test
  void givenTheWrongContentTypeOrNoBody_itShouldAnswer415Or400() {
    String messages = path("/v1/conversations/%s/messages");
    assertProblem(http.postRaw(messages, "text/plain", "{\"text\":\"hi\"}"), 415, "text/plain");
    assertProblem(
        http.postRaw(messages, "application/xml", "<text>hi</text>"), 415, "application/xml");
    for (String template : BODY_REQUIRED) {
      Http.Response r =
          http.send(
              "POST",
              path(template),
              HttpRequest.BodyPublishers.noBody(),
              "Content-Type",
              "application/json");
      assertProblem(r, 400, "needs a JSON body");
    }
  }

  @Test
  void givenABodyOverTheLimit_itShouldAnswer413WhetherItsLengthIsKnownOrNot() {
    String huge = Http.json(Map.of("text", "x".repeat(1_200_000)));
    String messages = path("/v1/conversations/%s/messages");

    assertProblem(http.post(messages, huge), 413, "MAX_REQUEST_SIZE");
    Http.Response chunked =
        http.send(
            "POST",
            messages,
            HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))),
            "Content-Type",
            "application/json");
    assertProblem(chunked, 413, "MAX_REQUEST_SIZE");
    assertProblem(http.post("/v1/nlu/parse", huge), 413, "MAX_REQUEST_SIZE");
    assertThat(callerMessages()).as("nothing was stored").isZero();
  }

  @Test
  void givenNulCharactersOrLoneSurrogates_itShouldAnswer400NamingTheField() {
    String messages = path("/v1/conversations/%s/messages");
    assertProblem(
        http.post(messages, "{\"text\": \"pipe\\u0000burst\"}"),
        400,
        "field 'text' contains a NUL");
    assertProblem(
        http.post(path("/v1/conversations/%s/events"), "{\"text\": \"\\u0000\"}"), 400, "NUL");
    assertProblem(http.post("/chat", "{\"message\": \"hi\\u0000\"}"), 400, "NUL");
    assertProblem(
        http.post(
            "/v1/conversations",
            "{\"caller\": {\"phone\": \"+13035550100\", \"name\": \"Ann\\u0000\"}}"),
        400,
        "field 'caller.name' contains a NUL");
    assertProblem(
        http.post("/v1/knowledge/documents", "{\"title\": \"T\\u0000\", \"text\": \"x\"}"),
        400,
        "field 'title' contains a NUL");
    assertProblem(
        http.post(
            "/v1/knowledge/documents",
            "{\"title\": \"T\", \"text\": \"x\", \"metadata\": {\"tags\": [\"a\\u0000\"]}}"),
        400,
        "NUL");
    assertProblem(http.post(messages, "{\"text\": \"half \\ud83d pair\"}"), 400, "surrogate");
    assertProblem(http.post(messages, "{\"text\": \"\\udc00 low\"}"), 400, "surrogate");
    assertProblem(http.get("/v1/knowledge/search?q=hours%00"), 400, null);
    assertProblem(http.get("/v1/geocode?address=Denver%00"), 400, null);
    assertProblem(http.get("/v1/conversations/" + id + "%00"), 400, null);
    assertThat(callerMessages()).as("nothing was stored").isZero();
  }

  @Test
  void givenOddButValidUnicode_itShouldStoreTheMessageExactlyAsSent() {
    String text =
        "My sink \u202Eknaht\u202C leaks\u200B\u200D at caf\u00E9 e\u0301 \uD83D\uDEB0 \uFEFF"
            + " \u05E9\u05DC\u05D5\u05DD \u4F60\u597D \uD834\uDD1E";
    Http.Response r =
        http.post(path("/v1/conversations/%s/messages"), Http.json(Map.of("text", text)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String stored =
        jdbc.sql("select text from conversation_messages where workflow_id = ? and role = 'caller'")
            .param("conv-demo-" + id)
            .query(String.class)
            .single();
    assertThat(stored).isEqualTo(text);
    assertThat(
            http.get("/v1/conversations/" + id)
                .json()
                .path("transcript")
                .get(0)
                .path("text")
                .asText())
        .isEqualTo(text);
  }

  @Test
  void givenSqlAndJsonInjectionStrings_itShouldTreatThemAsPlainValues() {
    List<String> attacks =
        List.of(
            "x' OR '1'='1",
            "1; DROP TABLE conversations; --",
            "\" OR \"\"=\"",
            "'); delete from api_keys; --",
            "\"}, \"tenantId\": \"other\", \"x\": {\"",
            "${jndi:ldap://example.invalid/a}",
            "<script>alert(1)</script>");
    for (String attack : attacks) {
      String enc = URLEncoder.encode(attack, StandardCharsets.UTF_8);
      assertProblem(http.get("/v1/conversations/" + enc), null, null);
      assertProblem(
          http.post("/v1/conversations/" + enc + "/messages", "{\"text\":\"hi\"}"), null, null);
      // in a path: a 404, or the firewall's 400 for ';', '%2F' and the like
      assertProblem(http.delete("/v1/knowledge/documents/" + enc), null, null);
      assertProblem(http.delete("/v1/admin/api-keys/" + enc), null, null);
      assertProblem(http.get("/v1/handoffs/" + enc), null, null);
      assertProblem(
          http.post("/v1/conversations", Http.json(Map.of("conversationId", attack))),
          400,
          "conversationId");
      assertProblem(
          http.post("/v1/conversations", Http.json(Map.of("tenantId", attack))), 400, "tenantId");
      Http.Response search = http.get("/v1/knowledge/search?q=" + enc);
      assertThat(search.status()).as(search.body()).isEqualTo(200);
      Http.Response place = http.get("/v1/geocode?address=" + enc);
      assertThat(place.status()).as(place.body()).isBetween(200, 499);
      assertNoLeak(place.body());
      assertProblem(
          http.post("/v1/admin/api-keys", Http.json(Map.of("name", "n", "role", attack))),
          400,
          "role must be");
    }
    Http.Response normal =
        http.post(
            path("/v1/conversations/%s/messages"),
            Http.json(Map.of("text", "x' OR '1'='1; DROP TABLE conversations; --")));
    assertThat(normal.status()).as(normal.body()).isEqualTo(200);
    assertThat(
            jdbc.sql("select count(*) from conversations where workflow_id = ?")
                .param("conv-demo-" + id)
                .query(Long.class)
                .single())
        .as("the table is still there, and so is the row")
        .isEqualTo(1L);
  }

  @Test
  void givenPathTraversalInIds_itShouldRefuseOrNotFindIt() {
    for (String attempt :
        List.of(
            "..%2F..%2Fetc%2Fpasswd",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cwindows", "..;%2F..", "%252e%252e%252f")) {
      assertProblem(http.get("/v1/conversations/" + attempt), null, null);
      assertProblem(http.delete("/v1/knowledge/documents/" + attempt), null, null);
      assertProblem(http.get("/v1/handoffs/" + attempt), null, null);
    }
    assertProblem(http.get("/v1/conversations/../../../etc/passwd"), 400, null);
    assertProblem(http.get("/v1/conversations/./" + id), 400, null);
  }

  @Test
  void givenOverLongIdsAndParameters_itShouldAnswer4xx() {
    String longId = "a".repeat(5_000);
    assertProblem(http.get("/v1/conversations/" + longId), 404, "no conversation");
    assertProblem(
        http.post("/v1/conversations/" + longId + "/messages", "{\"text\":\"hi\"}"),
        404,
        "no conversation");
    assertProblem(
        http.post("/v1/conversations", Http.json(Map.of("conversationId", longId))),
        400,
        "conversationId");
    assertProblem(http.delete("/v1/knowledge/documents/" + longId), 404, null);
    assertProblem(http.delete("/v1/admin/api-keys/" + longId), 404, null);
    assertProblem(http.get("/v1/handoffs/" + longId), 404, null);
    assertProblem(http.get("/v1/geocode?address=" + longId), 400, "at most");
    assertProblem(
        http.post("/v1/admin/api-keys", Http.json(Map.of("name", longId, "role", "caller_api"))),
        400,
        "name must be");
    assertProblem(
        http.post(
            "/v1/admin/users",
            Http.json(Map.of("username", longId, "password", "long enough pw 1", "role", "admin"))),
        400,
        "username");
    assertProblem(
        http.post(
            "/v1/admin/users",
            Http.json(
                Map.of(
                    "username",
                    "long-pw-" + id.substring(4, 12),
                    "password",
                    "p".repeat(80),
                    "role",
                    "admin"))),
        400,
        "72 bytes");
  }

  private long callerMessages() {
    return jdbc.sql("select count(*) from conversation_messages where workflow_id = ?")
        .param("conv-demo-" + id)
        .query(Long.class)
        .single();
  }

  /**
   * A 4xx problem (of the given status, when not null) whose detail says something (containing
   * {@code detail}, when not null) and gives nothing of the inside away.
   */
  private static void assertProblem(Http.Response r, Integer status, String detail) {
    if (status != null) {
      assertThat(r.status()).as(r.body()).isEqualTo(status);
    } else {
      assertThat(r.status()).as(r.body()).isBetween(400, 499);
    }
    assertThat(r.headers().getOrDefault("content-type", List.of()).toString())
        .as(r.body())
        .contains("application/problem+json");
    String said = r.json().path("detail").asText();
    assertThat(said).as(r.body()).isNotBlank();
    if (detail != null) {
      assertThat(said).as(r.body()).contains(detail);
    }
    assertNoLeak(r.body());
  }

  private static void assertNoLeak(String body) {
    assertThat(body)
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("at com.")
        .doesNotContain("at org.")
        .doesNotContain("java.")
        .doesNotContain("tools.jackson")
        .doesNotContain("PSQL")
        .doesNotContainIgnoringCase("select ")
        .doesNotContainIgnoringCase("insert into")
        .doesNotContain("SQL");
  }
}
