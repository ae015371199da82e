package com.dispatchbot.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.cost.TokenCounter;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What one model call is sent: the message window, the token budget, the summary, shrinking. */
class ContextWindowTest {
  private static final TenantProfile ACME =
      new TenantProfile(
          "acme",
          "Acme Plumbing",
          "America/Denver",
          "+13035550100",
          "plumbing",
          Map.of(),
          List.of(),
          List.of("Denver"),
          null);
  private static final TokenCounter TOKENS = new TokenCounter();

  private static List<ChatTurn> history(int messages) {
    List<ChatTurn> turns = new ArrayList<>();
    for (int i = 1; i <= messages; i++) {
      turns.add(
          new ChatTurn(
              i % 2 == 1 ? ChatTurn.CALLER : ChatTurn.ASSISTANT,
              "message " + i + " about the water heater in the basement and when to come"));
    }
    return turns;
  }

  private static ContextWindow window(int messages, int tokens) {
    return new ContextWindow(new ContextProperties(messages, tokens), TOKENS);
  }

  @Test
  void givenALongCall_itShouldSendOnlyTheLatestMaxContextMessages() {
    ContextWindow.Fitted fitted =
        window(4, 100_000)
            .fit(
                "gpt-4o-mini",
                ACME,
                history(12),
                null,
                "and the price?",
                "quote_pricing",
                List.of(),
                0);

    assertThat(fitted.keptMessages()).isEqualTo(4);
    assertThat(fitted.droppedMessages()).isEqualTo(8);
    assertThat(texts(fitted.messages()))
        .anyMatch(t -> t.startsWith("message 9 "))
        .noneMatch(t -> t.startsWith("message 8 "));
  }

  @Test
  void givenATightTokenBudget_itShouldDropTheOldestMessagesUntilThePromptFits() {
    ContextWindow roomy = window(20, 100_000);
    int full = roomy.fit("gpt-4o-mini", ACME, history(10), null, "hi", null, List.of(), 0).tokens();
    int budget = full - 40;

    ContextWindow.Fitted fitted =
        window(20, budget).fit("gpt-4o-mini", ACME, history(10), null, "hi", null, List.of(), 0);

    assertThat(fitted.tokens()).isLessThanOrEqualTo(budget);
    assertThat(fitted.keptMessages()).isBetween(1, 9);
    assertThat(texts(fitted.messages())).anyMatch(t -> t.startsWith("message 10 "));
    assertThat(texts(fitted.messages())).noneMatch(t -> t.startsWith("message 1 "));
    assertThat(fitted.tokens())
        .as("counted with the tokenizer, as the prompt is sent")
        .isEqualTo(TOKENS.countChat("gpt-4o-mini", ContextWindow.texts(fitted.messages())));
  }

  @Test
  void givenNoHistoryLeftToDrop_itShouldDropTheWeakestKnowledgeExcerptsNext() {
    List<ContextChunk> excerpts =
        List.of(
            new ContextChunk(
                1, "d1", "c1", "Warranty", "Repairs are guaranteed one year. ".repeat(20), 0.9),
            new ContextChunk(
                2, "d2", "c2", "Prices", "Drain cleaning is 149 dollars. ".repeat(20), 0.6));
    int withBoth =
        window(20, 100_000)
            .fit("gpt-4o-mini", ACME, List.of(), null, "warranty?", null, excerpts, 0)
            .tokens();

    ContextWindow.Fitted fitted =
        window(20, withBoth - 50)
            .fit("gpt-4o-mini", ACME, List.of(), null, "warranty?", null, excerpts, 0);

    assertThat(fitted.droppedExcerpts()).isEqualTo(1);
    String system = ((SystemMessage) fitted.messages().get(0)).text();
    assertThat(system).contains("Warranty").doesNotContain("Drain cleaning is 149");
  }

  @Test
  void givenTheModelRefusedTheLength_whenShrinking_itShouldHalveTheWindowEachTime() {
    ContextWindow window = window(8, 100_000);

    assertThat(window.fit("m", ACME, history(12), null, "hi", null, List.of(), 0).keptMessages())
        .isEqualTo(8);
    assertThat(window.fit("m", ACME, history(12), null, "hi", null, List.of(), 1).keptMessages())
        .isEqualTo(4);
    assertThat(window.fit("m", ACME, history(12), null, "hi", null, List.of(), 3).keptMessages())
        .isEqualTo(1);
  }

  @Test
  void givenASummaryOfDroppedMessages_itShouldComeRightAfterTheInstructions() {
    ContextWindow.Fitted fitted =
        window(2, 100_000)
            .fit(
                "gpt-4o-mini",
                ACME,
                history(2),
                "Caller: my water heater leaks\nAssistant: We can come Friday.",
                "is Friday still ok?",
                null,
                List.of(),
                0);

    assertThat(fitted.messages().get(1)).isInstanceOf(SystemMessage.class);
    assertThat(((SystemMessage) fitted.messages().get(1)).text())
        .startsWith(FrontDeskPrompt.SUMMARY_INTRO)
        .contains("my water heater leaks");
    assertThat(fitted.messages().get(fitted.messages().size() - 1))
        .isEqualTo(UserMessage.from("is Friday still ok?"));
  }

  private static List<String> texts(List<ChatMessage> messages) {
    return ContextWindow.texts(messages);
  }
}
