package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.llm.FrontDeskPrompt;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;

/**
 * The messages the worker sends a model, built by the worker's own prompt builder ({@link
 * FrontDeskPrompt}), so a preview can never drift from what is sent.
 */
final class PromptPreview {
  private PromptPreview() {}

  /** System prompt (with the knowledge excerpts), the history, then the caller's message. */
  static List<ChatMessage> messages(
      TenantProfile tenant,
      List<ChatTurn> history,
      String callerText,
      String intent,
      List<ContextChunk> context) {
    return FrontDeskPrompt.messages(tenant, history, callerText, intent, context);
  }

  /** The system prompt without knowledge excerpts. */
  static String systemPrompt(TenantProfile tenant, String intent) {
    return FrontDeskPrompt.systemPrompt(tenant, intent);
  }

  /** The knowledge-excerpt block appended to the system prompt ("" when there are none). */
  static String knowledge(List<ContextChunk> context) {
    return FrontDeskPrompt.knowledge(context);
  }

  /** A message's role as the provider's API names it. */
  static String role(ChatMessage message) {
    if (message instanceof SystemMessage) {
      return "system";
    }
    if (message instanceof UserMessage) {
      return "user";
    }
    return message instanceof AiMessage ? "assistant" : message.type().name().toLowerCase();
  }

  static String text(ChatMessage message) {
    if (message instanceof SystemMessage m) {
      return m.text();
    }
    if (message instanceof UserMessage m && m.hasSingleText()) {
      return m.singleText();
    }
    if (message instanceof AiMessage m) {
      return m.text();
    }
    return "";
  }
}
