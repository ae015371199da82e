package com.dispatchbot.api.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
 * The knowledge API over real HTTP, with the embedded store, the sample tenant's knowledge base
 * (loaded at start-up), real Postgres and a real Temporal server for reindexing.
 */
@AppIntegrationTest
class KnowledgeApiIT {

  @DynamicPropertySource
  static void temporal(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Accounts accounts;
  Http http;
  private final Map<String, Http> admins = new HashMap<>();

  @BeforeEach
  void setUp() {
    http = as("demo");
  }

  /** The API as an admin of the tenant (the tenant comes from the key). */
  private Http as(String tenant) {
    return admins.computeIfAbsent(
        tenant,
        t -> new Http(port).withKey(accounts.createApiKey(t, "knowledge-it", Role.ADMIN).key()));
  }

  private String newTenant() {
    String tenant = "kbapi-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, 'Acme', 'America/Denver',"
                + " '{}')")
        .param(tenant)
        .update();
    return tenant;
  }

  private JsonNode search(String tenant, String q, String more) {
    Http.Response r =
        as(tenant)
            .get("/v1/knowledge/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void givenTheSampleKnowledgeBase_whenSearched_theAnswerComesBackWithItsSource() {
    JsonNode hits = search("demo", "what do I do if I smell gas", "&k=3");

    assertThat(hits).isNotEmpty();
    JsonNode best = hits.get(0);
    assertThat(best.path("documentId").asText()).isEqualTo("emergency-guidance");
    assertThat(best.path("chunkId").asText()).startsWith("demo/emergency-guidance/");
    assertThat(best.path("score").asDouble()).isGreaterThanOrEqualTo(0.45);
    assertThat(best.path("metadata").path("title").asText()).isNotBlank();
    assertThat(best.path("text").asText()).containsIgnoringCase("gas");
  }

  @Test
  void givenAJsonDocumentThenAnUploadedHtmlPage_bothAreSearchableAndFilterableAndDeletable() {
    String tenant = newTenant();
    String sewerCamera =
        Http.json(
            Map.of(
                "title", "Sewer camera inspection",
                "text", "A sewer camera inspection costs $175 and includes a video of the line.",
                "metadata", Map.of("source", "handbook", "tags", List.of("Pricing"))));
    Http.Response added = as(tenant).post("/v1/knowledge/documents", sewerCamera);
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json().path("documentId").asText()).isEqualTo("sewer-camera-inspection");
    Http.Response again = as(tenant).post("/v1/knowledge/documents", sewerCamera);
    assertThat(again.status()).as("unchanged").isEqualTo(200);

    Http.Response uploaded =
        multipart(
            tenant,
            "gift-cards.html",
            "text/html",
            "<html><head><title>Gift cards</title><meta name=keywords content='offers'></head>"
                + "<body><nav>Home | About</nav><p>Gift cards are sold at the front desk in any"
                + " amount.</p><script>track()</script></body></html>");
    assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
    assertThat(uploaded.json().path("title").asText()).isEqualTo("Gift cards");

    assertThat(search(tenant, "how much is a sewer camera", "").get(0).path("documentId").asText())
        .isEqualTo("sewer-camera-inspection");
    JsonNode gift = search(tenant, "can I buy a gift card", "&filter=tag:offers");
    assertThat(gift).hasSize(1);
    assertThat(gift.get(0).path("text").asText())
        .doesNotContain("track()")
        .doesNotContain("Home |");
    assertThat(search(tenant, "can I buy a gift card", "&filter=source:handbook"))
        .allMatch(h -> h.path("documentId").asText().equals("sewer-camera-inspection"));
    assertThat(search("demo", "sewer camera inspection $175", ""))
        .as("another tenant never sees it")
        .noneMatch(h -> h.path("text").asText().contains("$175"));

    assertThat(as(tenant).delete("/v1/knowledge/documents/gift-cards").status()).isEqualTo(204);
    assertThat(as(tenant).delete("/v1/knowledge/documents/gift-cards").status()).isEqualTo(404);
    assertThat(search(tenant, "can I buy a gift card", ""))
        .noneMatch(h -> h.path("documentId").asText().equals("gift-cards"));
  }

  @Test
  void givenBadInput_eachGetsA4xxWithAReason() {
    String tenant = newTenant();

    assertProblem(
        as(tenant).post("/v1/knowledge/documents", Http.json(Map.of("title", "T", "text", " "))),
        400,
        "text is required");
    assertProblem(
        as(tenant)
            .post(
                "/v1/knowledge/documents",
                Http.json(Map.of("title", "Huge", "text", "word ".repeat(120_000)))),
        413,
        "MAX_DOCUMENT_CHARS");
    assertProblem(
        multipart(tenant, "photo.png", "image/png", "\u0089PNG"), 415, "unsupported document type");
    // the tenant is the key's, so an unknown tenant cannot be named any more; a caller key (not
    // an admin's) cannot change the knowledge base
    assertProblem(
        new Http(port)
            .withKey(accounts.createApiKey(tenant, "caller", Role.CALLER_API).key())
            .post("/v1/knowledge/documents", Http.json(Map.of("title", "T", "text", "hello"))),
        403,
        "may not POST /v1/knowledge/documents");
    assertProblem(
        as(tenant).get("/v1/knowledge/search?q=hours&filter=color:red"),
        400,
        "unknown filter field 'color'");
    assertProblem(as(tenant).get("/v1/knowledge/search?q=hours&k=500"), 400, "k must be between");
    assertProblem(as(tenant).get("/v1/knowledge/search"), 400, "q=");
    assertProblem(
        http.post("/v1/knowledge/reindex", Http.json(Map.of("mode", "sideways"))),
        400,
        "incremental or full");
    assertThat(
            jdbc.sql("select count(*) from knowledge_documents where tenant_id = ?")
                .param(tenant)
                .query(Long.class)
                .single())
        .as("nothing was stored")
        .isZero();
  }

  @Test
  void givenAFullReindex_itBuildsVerifiesAndSwapsWhileSearchesKeepAnswering() throws Exception {
    String liveBefore = live();
    Http.Response started = http.post("/v1/knowledge/reindex", Http.json(Map.of("mode", "full")));
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    assertThat(http.post("/v1/knowledge/reindex", Http.json(Map.of("mode", "full"))).status())
        .as("one reindex at a time")
        .isEqualTo(409);

    JsonNode status = null;
    for (int i = 0; i < 600; i++) {
      status = http.get("/v1/knowledge/reindex").json();
      if (!status.path("state").asText().equals("RUNNING")) {
        break;
      }
      assertThat(search("demo", "how much is drain cleaning", "&k=1")).isNotEmpty();
      Thread.sleep(200);
    }

    assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("COMPLETED");
    JsonNode report = status.path("report");
    assertThat(report.path("swapped").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.path("liveIndex").asText()).isNotEqualTo(liveBefore);
    assertThat(report.path("checks").toString()).contains("\"tenantId\":\"demo\"");
    assertThat(search("demo", "what do I do if I smell gas", "").get(0).path("documentId").asText())
        .isEqualTo("emergency-guidance");
  }

  private String live() {
    Http.Response r = http.get("/v1/knowledge/reindex");
    return r.status() == 200 ? r.json().path("report").path("liveIndex").asText() : "";
  }

  private Http.Response multipart(String tenant, String fileName, String type, String content) {
    String boundary = "b" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: "
                + type
                + "\r\n\r\n"
                + content
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    return as(tenant)
        .postBytes(
            "/v1/knowledge/documents",
            "multipart/form-data; boundary=" + boundary,
            body.toByteArray());
  }

  private static void assertProblem(Http.Response r, int status, String reason) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().path("detail").asText()).as(r.body()).contains(reason);
  }
}
