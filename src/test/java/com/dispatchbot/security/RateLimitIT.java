package com.dispatchbot.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.dispatchbot.workflows.TaskQueues;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The limits over real HTTP, set low: 429 with Retry-After once a key, a phone or an address is
 * over its minute, while another key, phone or address goes on. Client addresses come from
 * X-Forwarded-For here, as behind a proxy (server.forward-headers-strategy). Also: the LLM worker
 * runs with MAX_CONCURRENT_REQUESTS and LLM_RATE_LIMIT.
 */
@AppIntegrationTest
class RateLimitIT {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "rules_based");
    registry.add("RATE_LIMIT_PER_KEY", () -> "5");
    registry.add("RATE_LIMIT_PER_PHONE", () -> "3");
    registry.add("RATE_LIMIT_PUBLIC_CHAT", () -> "3");
    registry.add("server.forward-headers-strategy", () -> "framework");
    registry.add("MAX_CONCURRENT_REQUESTS", () -> "3");
    registry.add("LLM_RATE_LIMIT", () -> "7");
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired WorkerFactory workers;
  @Autowired JdbcClient jdbc;

  private Http key() {
    return new Http(port)
        .withKey(accounts.createApiKey("demo", "rate-" + UUID.randomUUID(), Role.CALLER_API).key());
  }

  @Test
  void givenAKeyOverItsLimit_itShouldGet429WithRetryAfter_whileAnotherKeyIsServed() {
    Http a = key();
    Http b = key();
    for (int i = 0; i < 5; i++) {
      assertThat(a.get("/v1/geocode?address=Denver,+CO").status()).isEqualTo(200);
    }
    Http.Response refused = a.get("/v1/geocode?address=Denver,+CO");
    assertTooMany(refused, "RATE_LIMIT_PER_KEY");
    assertThat(b.get("/v1/geocode?address=Denver,+CO").status()).isEqualTo(200);
  }

  @Test
  void givenAPhoneOverItsLimit_startsAndMessagesGet429_whileAnotherPhoneIsServed()
      throws InterruptedException {
    String phone = "+1720555" + String.format("%04d", (int) (Math.random() * 10_000));
    Http http = key();
    String first = "rl-" + UUID.randomUUID();
    assertThat(start(http, first, phone).status()).isEqualTo(201);
    // a later message's phone is the conversation row's, written by the workflow's first step
    for (int i = 0;
        i < 100
            && jdbc.sql("select count(*) from conversations where workflow_id = ?")
                    .param("conv-demo-" + first)
                    .query(Long.class)
                    .single()
                == 0;
        i++) {
      Thread.sleep(100);
    }
    assertThat(
            http.post("/v1/conversations/" + first + "/events", Http.json(Map.of("text", "hi")))
                .status())
        .isEqualTo(202);
    assertThat(start(http, "rl-" + UUID.randomUUID(), phone).status()).isEqualTo(201);
    assertTooMany(start(http, "rl-" + UUID.randomUUID(), phone), "RATE_LIMIT_PER_PHONE");
    assertTooMany(
        http.post("/v1/conversations/" + first + "/messages", Http.json(Map.of("text", "hello?"))),
        "RATE_LIMIT_PER_PHONE");

    Http other = key();
    assertThat(start(other, "rl-" + UUID.randomUUID(), "+17205550000").status()).isEqualTo(201);
  }

  @Test
  void givenAnAddressOverThePublicChatLimit_itShouldGet429_whileAnotherAddressIsServed() {
    Http anonymous = new Http(port);
    String ip = "203.0.113." + (int) (Math.random() * 250);
    for (int i = 0; i < 3; i++) {
      // an empty message is refused (422) after it was counted: no conversation is started
      assertThat(anonymous.post("/chat", "{\"message\":\"\"}", "X-Forwarded-For", ip).status())
          .isEqualTo(422);
    }
    assertTooMany(
        anonymous.post("/chat", "{\"message\":\"\"}", "X-Forwarded-For", ip),
        "RATE_LIMIT_PUBLIC_CHAT");
    assertThat(
            anonymous
                .post("/chat", "{\"message\":\"\"}", "X-Forwarded-For", "198.51.100.9")
                .status())
        .isEqualTo(422);
  }

  @Test
  void theLlmWorkerShouldRunWithMaxConcurrentRequestsAndLlmRateLimit() {
    WorkerOptions llm = workers.getWorker(TaskQueues.LLM).getWorkerOptions();
    assertThat(llm.getMaxConcurrentActivityExecutionSize()).isEqualTo(3);
    assertThat(llm.getMaxTaskQueueActivitiesPerSecond()).isEqualTo(7.0);
  }

  private static Http.Response start(Http http, String id, String phone) {
    return http.post(
        "/v1/conversations",
        Http.json(Map.of("conversationId", id, "caller", Map.of("phone", phone))));
  }

  private static void assertTooMany(Http.Response r, String limit) {
    assertThat(r.status()).as(r.body()).isEqualTo(429);
    List<String> retryAfter = r.headers().get("retry-after");
    assertThat(retryAfter).isNotNull().hasSize(1);
    assertThat(Long.parseLong(retryAfter.get(0))).isBetween(1L, 60L);
    assertThat(r.headers().get("content-type").toString()).contains("application/problem+json");
    assertThat(r.json().path("status").asInt()).isEqualTo(429);
    assertThat(r.json().path("detail").asText()).contains(limit);
  }
}
