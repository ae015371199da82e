package com.dispatchbot.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontDeskPromptTest {
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

  @Test
  void givenAHandedBackCall_whenTheModelIsAsked_itSeesWhatTheOperatorSaidAndTheirNotes() {
    List<ChatMessage> messages =
        FrontDeskPrompt.messages(
            ACME,
            List.of(
                new ChatTurn(ChatTurn.CALLER, "my heater is leaking"),
                new ChatTurn(ChatTurn.OPERATOR, "I've booked you for Friday at 9."),
                new ChatTurn(ChatTurn.OPERATOR_NOTES, "Booked Friday 9am; caller may ask price.")),
            "how much will it cost?",
            "quote_pricing");

    assertThat(messages.get(1)).isInstanceOf(UserMessage.class);
    assertThat(messages.get(2))
        .isInstanceOfSatisfying(
            AiMessage.class,
            m -> assertThat(m.text()).contains("I've booked you for Friday at 9."));
    assertThat(messages.get(3))
        .isInstanceOfSatisfying(
            SystemMessage.class,
            m -> assertThat(m.text()).contains("Booked Friday 9am; caller may ask price."));
    assertThat(messages.get(messages.size() - 1)).isInstanceOf(UserMessage.class);
  }
}
