package com.dispatchbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Keys, roles, console logins and CSRF against the running app, with PUBLIC_CHAT=false (the keyless
 * chat is ConversationApiIT's).
 */
@AppIntegrationTest
class AuthIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
    registry.add("dispatch.auth.public-chat", () -> "false");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;

  String tenant;
  Http anonymous;

  @BeforeEach
  void setUp() {
    tenant = "auth-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql("insert into tenants (id, name, timezone, profile) values (?, 'Auth', 'UTC', '{}')")
        .param(tenant)
        .update();
    anonymous = new Http(port);
  }

  private Http as(Role role) {
    return anonymous.withKey(accounts.createApiKey(tenant, "auth-it", role).key());
  }

  @Test
  void givenNoKey_whenTheApiIsCalled_itShouldAnswer401ProblemWithBearerChallengeAndNoSession() {
    for (Http.Response r :
        List.of(
            anonymous.get("/v1/conversations/anything"),
            anonymous.post("/v1/conversations", "{}"),
            anonymous.get("/v1/admin/api-keys"),
            anonymous.get("/v1/handoffs"))) {
      assertThat(r.status()).as(r.body()).isEqualTo(401);
      assertThat(r.headers().get("content-type").toString()).contains("application/problem+json");
      assertThat(r.headers().get("www-authenticate").get(0)).startsWith("Bearer");
      assertThat(r.headers()).doesNotContainKey("location");
      assertThat(r.headers().getOrDefault("set-cookie", List.of()).toString())
          .doesNotContain("JSESSIONID");
      assertThat(r.json().path("detail").asText()).contains("Authorization: Bearer");
    }
  }

  @Test
  void givenAWrongOrMalformedKey_whenSent_itShouldAnswer401InBothHeaders() {
    String wrong = "dbk_" + "A".repeat(40);
    assertThat(anonymous.withKey(wrong).get("/v1/geocode?address=Denver").status()).isEqualTo(401);
    assertThat(anonymous.get("/v1/geocode?address=Denver", "X-API-Key", "not-a-key").status())
        .isEqualTo(401);
    assertThat(
            anonymous
                .get("/v1/geocode?address=Denver", "X-API-Key", wrong)
                .json()
                .path("detail")
                .asText())
        .contains("not valid");
  }

  @Test
  void givenAKeyInXApiKey_whenSent_itShouldAuthenticateLikeBearer() {
    String key = accounts.createApiKey(tenant, "x-api-key", Role.CALLER_API).key();
    Http.Response r = anonymous.get("/v1/geocode?address=Denver,+CO", "X-API-Key", key);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void givenEachRole_whenItCallsEachArea_itShouldReachOnlyWhatItsRoleAllows() {
    Http caller = as(Role.CALLER_API);
    Http operator = as(Role.OPERATOR);
    Http admin = as(Role.ADMIN);

    assertThat(caller.get("/v1/geocode?address=Denver,+CO").status()).isEqualTo(200);
    assertThat(caller.get("/v1/knowledge/search?q=hours").status()).isEqualTo(200);
    assertForbidden(caller.get("/v1/handoffs"), "caller_api");
    assertForbidden(caller.get("/v1/admin/api-keys"), "caller_api");
    assertForbidden(caller.delete("/v1/knowledge/documents/x"), "caller_api");
    assertForbidden(caller.post("/v1/knowledge/reindex", "{}"), "caller_api");

    assertThat(operator.get("/v1/geocode?address=Denver,+CO").status())
        .as("operator includes caller_api")
        .isEqualTo(200);
    assertThat(operator.get("/v1/handoffs").status()).isEqualTo(200);
    assertForbidden(operator.get("/v1/admin/audit"), "operator");
    assertForbidden(
        operator.post("/v1/knowledge/documents", Http.json(Map.of("title", "T", "text", "x"))),
        "operator");

    assertThat(admin.get("/v1/handoffs").status()).as("admin includes operator").isEqualTo(200);
    assertThat(admin.get("/v1/admin/audit").status()).isEqualTo(200);
    assertThat(admin.get("/v1/nonexistent").status())
        .as("an endpoint without a rule is closed")
        .isEqualTo(403);
  }

  @Test
  void givenPublicChatOff_whenChatIsPostedWithoutAKey_itShouldAnswer401ButAnswerWithAKey() {
    assertThat(anonymous.post("/chat", "{\"message\":\"What are your hours?\"}").status())
        .isEqualTo(401);
    Http.Response withKey =
        as(Role.CALLER_API).post("/chat", "{\"message\":\"What are your hours?\"}");
    assertThat(withKey.status()).as(withKey.body()).isEqualTo(200);
    String conversation = withKey.json().path("conversation_id").asText();
    assertThat(
            jdbc.sql("select count(*) from conversations where tenant_id = ? and workflow_id = ?")
                .params(tenant, "conv-" + tenant + "-" + conversation)
                .query(Long.class)
                .single())
        .as("the key's tenant, not DEFAULT_TENANT")
        .isEqualTo(1L);
  }

  @Test
  void givenAnAdmin_whenItManagesKeys_theKeyIsShownOnceListedWithoutSecretsRevokedAndAudited() {
    Http admin = as(Role.ADMIN);

    Http.Response created =
        admin.post(
            "/v1/admin/api-keys", Http.json(Map.of("name", "sms gateway", "role", "caller_api")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String key = created.json().path("key").asText();
    String id = created.json().path("id").asText();
    assertThat(key).matches("dbk_[0-9A-Za-z]{40}");
    assertThat(id).matches("key_[0-9A-Za-z]{12}");
    assertThat(created.json().path("prefix").asText()).isEqualTo(key.substring(0, 8));
    assertThat(created.headers().get("location").get(0)).endsWith("/v1/admin/api-keys/" + id);
    assertThat(anonymous.withKey(key).get("/v1/geocode?address=Denver,+CO").status())
        .isEqualTo(200);

    Http.Response list = admin.get("/v1/admin/api-keys");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body())
        .contains(id)
        .doesNotContain(key)
        .doesNotContain(Accounts.sha256(key))
        .doesNotContain("hash");
    assertThat(
            jdbc.sql("select count(*) from api_keys where key_hash = ? and prefix = ?")
                .params(Accounts.sha256(key), key.substring(0, 8))
                .query(Long.class)
                .single())
        .as("only the hash is stored")
        .isEqualTo(1L);
    assertThat(
            jdbc.sql("select count(*) from api_keys where key_hash = ? or name = ?")
                .params(key, key)
                .query(Long.class)
                .single())
        .isZero();

    assertThat(admin.delete("/v1/admin/api-keys/" + id).status()).isEqualTo(204);
    assertThat(anonymous.withKey(key).get("/v1/geocode?address=Denver,+CO").status())
        .as("revoked: refused at once on this node")
        .isEqualTo(401);
    assertThat(admin.delete("/v1/admin/api-keys/key_doesnotexist").status()).isEqualTo(404);

    JsonNode audit = admin.get("/v1/admin/audit?limit=10").json();
    assertThat(audit.findValuesAsText("action")).contains("api_key.create", "api_key.revoke");
    assertThat(audit.toString()).doesNotContain(key);
    assertThat(admin.get("/v1/admin/audit?limit=0").status()).isEqualTo(400);
  }

  @Test
  void givenAnAdmin_whenItCreatesUsers_weakPasswordsAndTakenNamesAreRefused() {
    Http admin = as(Role.ADMIN);
    String name = "ops-" + UUID.randomUUID().toString().substring(0, 8);

    assertProblem(
        admin.post(
            "/v1/admin/users",
            Http.json(Map.of("username", name, "password", "short", "role", "operator"))),
        400,
        "at least 12 characters");
    assertProblem(
        admin.post(
            "/v1/admin/users",
            Http.json(Map.of("username", name, "password", "long enough pw 1", "role", "boss"))),
        400,
        "role must be");
    assertProblem(
        admin.post(
            "/v1/admin/users",
            Http.json(
                Map.of("username", name, "password", "long enough pw 1", "role", "caller_api"))),
        400,
        "operator or admin");
    Http.Response created =
        admin.post(
            "/v1/admin/users",
            Http.json(
                Map.of(
                    "username",
                    name.toUpperCase(),
                    "password",
                    "long enough pw 1",
                    "role",
                    "operator")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("username").asText()).isEqualTo(name);
    assertProblem(
        admin.post(
            "/v1/admin/users",
            Http.json(Map.of("username", name, "password", "another long pw", "role", "admin"))),
        409,
        "taken");
    assertThat(admin.get("/v1/admin/users").body()).contains(name).doesNotContain("bcrypt");
    String hash =
        jdbc.sql("select password_hash from console_users where username = ?")
            .param(name)
            .query(String.class)
            .single();
    assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("long enough pw 1");
    assertThat(admin.get("/v1/admin/audit").json().findValuesAsText("action"))
        .contains("user.create");
  }

  @Test
  void givenAConsoleUser_whenItLogsIn_theSessionActsForItsTenantAndNeedsCsrf() throws Exception {
    String name = "op-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "correct horse battery";
    accounts.createUser(tenant, name, password, Role.ADMIN);
    Browser browser = new Browser();

    HttpResponse<String> page = browser.get("/console");
    assertThat(page.statusCode()).as("the console page needs a login").isEqualTo(302);
    assertThat(page.headers().firstValue("location").orElse("")).endsWith("/console/login");

    browser.get("/health"); // any page hands out the XSRF-TOKEN cookie
    HttpResponse<String> wrong = browser.login(name, "wrong password!!", browser.csrf());
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.headers().firstValue("location").orElse("")).endsWith("/console/login?error");
    HttpResponse<String> noToken = browser.login(name, password, null);
    assertThat(noToken.statusCode()).as("login without the CSRF field").isEqualTo(403);

    HttpResponse<String> ok = browser.login(name, password, browser.csrf());
    assertThat(ok.statusCode()).isEqualTo(302);
    assertThat(ok.headers().firstValue("location").orElse("")).endsWith("/console");

    HttpResponse<String> console = browser.get("/console");
    boolean shipped = new ClassPathResource("static/console/index.html").exists();
    assertThat(console.statusCode()).isEqualTo(shipped ? 200 : 404);

    HttpResponse<String> keys = browser.get("/v1/admin/api-keys");
    assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
    String body = Http.json(Map.of("name", "from console", "role", "caller_api"));
    HttpResponse<String> forged = browser.postJson("/v1/admin/api-keys", body, null);
    assertThat(forged.statusCode()).as("no CSRF header").isEqualTo(403);
    assertThat(forged.body()).contains("X-XSRF-TOKEN");
    HttpResponse<String> made = browser.postJson("/v1/admin/api-keys", body, browser.csrf());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(
            jdbc.sql("select count(*) from api_keys where tenant_id = ? and name = 'from console'")
                .param(tenant)
                .query(Long.class)
                .single())
        .as("the session's tenant")
        .isEqualTo(1L);
    assertThat(JSON.readTree(browser.get("/v1/admin/audit").body()).toString())
        .contains("\"actor\":\"" + name + "\"");

    HttpResponse<String> out = browser.form("/console/logout", "_csrf=" + enc(browser.csrf()));
    assertThat(out.statusCode()).isEqualTo(302);
    assertThat(browser.get("/v1/admin/api-keys").statusCode()).isEqualTo(401);
  }

  @Test
  void givenADisabledUser_whenItsSessionIsUsed_itShouldBeLoggedOutAndRefused() throws Exception {
    String name = "gone-" + UUID.randomUUID().toString().substring(0, 8);
    accounts.createUser(tenant, name, "correct horse battery", Role.OPERATOR);
    Browser browser = new Browser();
    browser.get("/health");
    assertThat(browser.login(name, "correct horse battery", browser.csrf()).statusCode())
        .isEqualTo(302);
    assertThat(browser.get("/v1/handoffs").statusCode()).isEqualTo(200);

    jdbc.sql("update console_users set disabled_at = now() where username = ?")
        .param(name)
        .update();
    Thread.sleep(Accounts.CACHE_TTL.toMillis() + 500);

    assertThat(browser.get("/v1/handoffs").statusCode()).isEqualTo(401);
    browser.get("/health");
    HttpResponse<String> again = browser.login(name, "correct horse battery", browser.csrf());
    assertThat(again.headers().firstValue("location").orElse("")).endsWith("/console/login?error");
  }

  private static void assertForbidden(Http.Response r, String role) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.headers().get("content-type").toString()).contains("application/problem+json");
    assertThat(r.json().path("detail").asText()).contains("'" + role + "'");
  }

  private static void assertProblem(Http.Response r, int status, String detail) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().path("detail").asText()).contains(detail);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A browser: keeps cookies, does not follow redirects. */
  final class Browser {
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    String csrf() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue)
          .filter(v -> !v.isEmpty())
          .reduce((a, b) -> b)
          .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return client.send(
          HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> login(String user, String password, String csrf)
        throws IOException, InterruptedException {
      return form(
          "/console/login",
          "username="
              + enc(user)
              + "&password="
              + enc(password)
              + (csrf == null ? "" : "&_csrf=" + enc(csrf)));
    }

    HttpResponse<String> form(String path, String body) throws IOException, InterruptedException {
      return client.send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json, String csrf)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json));
      if (csrf != null) {
        request.header("X-XSRF-TOKEN", csrf);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
