package com.dispatchbot.workflows.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.conversation.Messages.CallerMessage;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.llm.LlmRoute;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Knowledge questions: retrieved chunks go to the model; without one, extractive or a person. */
class KnowledgeAnswerWorkflowTest {
  private ConversationTestEnv test;

  @BeforeEach
  void setUp() {
    test = new ConversationTestEnv();
  }

  @AfterEach
  void tearDown() {
    test.close();
  }

  private void noModel() {
    test.routes.route = new LlmRoute(List.of(), Duration.ofSeconds(10), 3, Duration.ofSeconds(1));
  }

  @Test
  void givenAModel_whenAKnowledgeQuestionIsAsked_theModelGetsTheRetrievedChunksToCite() {
    ConversationWorkflow call = test.start("kb-model");

    TurnReply reply = call.sendMessage(new CallerMessage("What's your warranty on repairs?"));

    assertThat(reply.intent()).isEqualTo("knowledge_question");
    assertThat(reply.provider()).isEqualTo("openai");
    assertThat(test.knowledge.requests).hasSize(1);
    assertThat(test.llm.attempts).hasSize(1);
    assertThat(test.llm.attempts.get(0).request().context())
        .extracting(ContextChunk::ref, ContextChunk::documentId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "warranty"));
    assertThat(reply.handoff()).isNull();
  }

  @Test
  void givenNoModel_whenTheKnowledgeBaseKnows_theCallerGetsAnExtractiveAnswerWithItsSource() {
    noModel();
    ConversationWorkflow call = test.start("kb-extractive");

    TurnReply reply = call.sendMessage(new CallerMessage("do you have a warranty"));

    assertThat(reply.reply())
        .isEqualTo(
            "From our Warranty page: Repairs are guaranteed for one year, parts and labour.");
    assertThat(reply.provider()).isEqualTo("rules");
    assertThat(reply.model()).isEqualTo(ConversationWorkflowImpl.EXTRACTIVE_MODEL);
    assertThat(reply.handoff()).isNull();
    recordHistoryIfAsked(
        ConversationTestEnv.workflowId("kb-extractive"), "conversation-knowledge-extractive.json");
  }

  /** With -Ddispatch.recordHistories=true, writes the history for ConversationReplayTest. */
  private void recordHistoryIfAsked(String workflowId, String file) {
    if (Boolean.getBoolean("dispatch.recordHistories")) {
      try {
        java.nio.file.Files.writeString(
            ConversationReplayTest.HISTORIES.resolve(file),
            test.client.fetchHistory(workflowId).toJson(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void givenNoModel_whenNothingRelevantIsFound_theRulesAnswerAndAPersonIsAskedToFollowUp() {
    noModel();
    ConversationWorkflow call = test.start("kb-gap");

    TurnReply reply = call.sendMessage(new CallerMessage("do you fix swimming pool heaters?"));

    assertThat(reply.reply()).isEqualTo("rules answer for knowledge_question");
    assertThat(reply.handoff()).isNotNull();
    assertThat(reply.handoff().reason()).isEqualTo("knowledge_gap");
    assertThat(call.state().pendingHandoff().reason()).isEqualTo("knowledge_gap");
  }

  @Test
  void givenTheKnowledgeBaseIsDown_whenAQuestionIsAsked_theCallStillGetsAnAnswer() {
    test.knowledge.broken = true;
    ConversationWorkflow call = test.start("kb-down");

    TurnReply reply = call.sendMessage(new CallerMessage("What's your warranty?"));

    assertThat(reply.provider()).isEqualTo("openai");
    assertThat(test.knowledge.requests).as("retried a few times, then given up").hasSize(3);
    assertThat(test.llm.attempts.get(0).request().context()).isEmpty();
  }

  @Test
  void givenAQuestionThatIsNotAboutKnowledge_theKnowledgeBaseIsNotAsked() {
    ConversationWorkflow call = test.start("kb-not-asked");

    call.sendMessage(new CallerMessage("How much is a drain cleaning?"));

    assertThat(test.knowledge.requests).isEmpty();
  }
}
