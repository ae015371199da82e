package com.dispatchbot.workflows.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    WorkflowReplayer.replayWorkflowExecution(
        Files.readString(history), ConversationWorkflowImpl.class);
  }
}
