package com.dispatchbot.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.bench.SimulatedModel;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Function calling end to end: the real langchain4j client sends the tool registry to the simulated
 * model (OpenAI's wire format), the model asks for {@code business_hours}, the workflow runs it as
 * its own activity, the model is asked again with the result and answers from it. The execution is
 * logged once, and GET /v1/tools counts it.
 */
@AppIntegrationTest
class ToolCallingIT {
  static final SimulatedModel model;

  static {
    try {
      model =
          SimulatedModel.start(
              new SimulatedModel.Settings(Duration.ZERO, 0, 12, 0, Duration.ofSeconds(5), 3), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    model.callTool("saturday", "business_hours", "{}");
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "auto");
    registry.add("dispatch.llm.provider", () -> "local");
    registry.add("dispatch.llm.api-key", () -> "sk-test-tools");
    registry.add("dispatch.llm.base-url", model::baseUrl);
    registry.add("dispatch.llm.model", () -> "gpt-4o-mini");
    registry.add("dispatch.llm.enable-fallback", () -> "false");
  }

  @AfterAll
  static void stopModel() {
    model.close();
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;

  @Test
  void givenTheModelAsksForATool_whenTheToolRuns_theReplyComesFromItsResultAndTheCallIsLogged() {
    Http caller =
        new Http(port).withKey(accounts.createApiKey("demo", "tools-it", Role.CALLER_API).key());
    Http operator =
        new Http(port).withKey(accounts.createApiKey("demo", "tools-it-op", Role.OPERATOR).key());
    String id = "tools-" + UUID.randomUUID();
    assertThat(
            caller
                .post(
                    "/v1/conversations", Http.json(Map.of("conversationId", id, "channel", "web")))
                .status())
        .isEqualTo(201);

    Http.Response response =
        caller.post(
            "/v1/conversations/" + id + "/messages",
            Http.json(Map.of("text", "What are your opening hours on Saturday?")));

    assertThat(response.status()).isEqualTo(200);
    JsonNode reply = response.json();
    assertThat(reply.path("provider").asText()).isEqualTo("local");
    assertThat(reply.path("reply").asText()).startsWith("Here is what I found:").contains("sat");
    String workflowId = "conv-demo-" + id;
    assertThat(
            jdbc.sql(
                    "select tool || ' ' || outcome || ' ' || attempts from tool_executions"
                        + " where workflow_id = ?")
                .param(workflowId)
                .query(String.class)
                .list())
        .containsExactly("business_hours ok 1");

    JsonNode tools = operator.get("/v1/tools").json();
    JsonNode hours = null;
    for (JsonNode tool : tools.path("tools")) {
      if (tool.path("name").asText().equals("business_hours")) {
        hours = tool;
      }
    }
    assertThat(hours).isNotNull();
    assertThat(hours.path("stats").path("calls").asLong()).isPositive();
    assertThat(hours.path("stats").path("successRate").asDouble()).isPositive();
  }
}
