package com.dispatchbot.workflows.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded histories (temporal-dev/histories/conversation-*.json) against today's code: a
 * change that would break calls already running fails here, not in production.
 */
class ConversationReplayTest {
  static final Path HISTORIES = Path.of("..", "temporal-dev", "histories");

  static List<Path> histories() throws IOException {
    try (Stream<Path> files = Files.list(HISTORIES)) {
      List<Path> found =
          files
              .filter(p -> p.getFileName().toString().startsWith("conversation-"))
              .sorted()
              .toList();
      assertThat(found).as("recorded conversation histories").isNotEmpty();
      return found;
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void aRecordedConversationReplaysWithoutNondeterminism(Path history) throws Exception {
    String json = Files.readString(history);
    // Replay under the call's real workflow id: handoff ids are derived from it.
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(json, workflowId(json)), ConversationWorkflowImpl.class);
  }

  /** The id the conversation ran under, from its start input (tenant + conversation id). */
  private static String workflowId(String historyJson) throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode started =
        json.readTree(historyJson)
            .path("events")
            .path(0)
            .path("workflowExecutionStartedEventAttributes");
    String payload = started.path("input").path("payloads").path(0).path("data").asText();
    JsonNode start = json.readTree(Base64.getDecoder().decode(payload));
    return ConversationIds.workflowId(
        start.path("tenantId").asText(), start.path("conversationId").asText());
  }
}
