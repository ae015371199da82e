package com.dispatchbot.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The preview reaches the worker's prompt builder (package-private in activities) by reflection; a
 * rename there fails here, at build time.
 */
class PromptPreviewTest {
  private final TenantProfile tenant =
      new TenantProfile(
          "salon",
          "Atelier Salon Willow Glen",
          "America/Los_Angeles",
          "+14085550100",
          "hair salon",
          Map.of("mon", "09:00-18:00"),
          List.of(new TenantProfile.Service("cut", "Haircut", "$45")),
          List.of("San Jose"),
          null);

  @Test
  void givenHistoryAndExcerpts_itShouldBuildTheWorkersMessagesInOrder() {
    List<ChatMessage> messages =
        PromptPreview.messages(
            tenant,
            List.of(
                new ChatTurn(ChatTurn.CALLER, "I am looking for a salon in San Jose."),
                new ChatTurn(ChatTurn.ASSISTANT, "Atelier Salon Willow Glen is a nice salon.")),
            "Is the salon unisex, and what is its average rating?",
            "knowledge_question",
            List.of(new ContextChunk(1, "faq", "faq-1", "FAQ", "We cut everyone's hair.", 0.8)));

    assertThat(messages)
        .extracting(PromptPreview::role)
        .containsExactly("system", "user", "assistant", "user");
    String system = PromptPreview.text(messages.get(0));
    assertThat(system)
        .startsWith(PromptPreview.systemPrompt(tenant, "knowledge_question"))
        .contains("Atelier Salon Willow Glen")
        .contains("Haircut: $45")
        .endsWith(
            PromptPreview.knowledge(
                List.of(
                    new ContextChunk(1, "faq", "faq-1", "FAQ", "We cut everyone's hair.", 0.8))));
    assertThat(PromptPreview.text(messages.get(3))).startsWith("Is the salon unisex");
  }

  @Test
  void givenNoExcerpts_theKnowledgeBlockShouldBeEmpty() {
    assertThat(PromptPreview.knowledge(List.of())).isEmpty();
  }
}
