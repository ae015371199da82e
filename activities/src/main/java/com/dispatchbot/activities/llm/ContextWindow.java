package com.dispatchbot.activities.llm;

import com.dispatchbot.activities.cost.TokenCounter;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits one model call into the context window: at most MAX_CONTEXT_MESSAGES earlier messages, and
 * the whole prompt within MAX_CONTEXT_LENGTH tokens (counted with the model's tokenizer). Over
 * budget it drops the oldest messages first, then the lowest-ranked knowledge excerpts; the system
 * prompt and the caller's message always go. After the model refused a prompt for its length
 * ({@code shrink} times) both limits are halved each time.
 */
public final class ContextWindow {

  /**
   * @param messages what the model is sent
   * @param keptMessages earlier messages that made it in
   * @param droppedMessages earlier messages left out (the summary still covers what came before)
   * @param droppedExcerpts knowledge excerpts left out for the budget
   * @param tokens the prompt's size as counted
   */
  public record Fitted(
      List<ChatMessage> messages,
      int keptMessages,
      int droppedMessages,
      int droppedExcerpts,
      int tokens) {}

  private final ContextProperties limits;
  private final TokenCounter tokens;

  public ContextWindow(ContextProperties limits, TokenCounter tokens) {
    this.limits = limits;
    this.tokens = tokens;
  }

  public Fitted fit(
      String model,
      TenantProfile tenant,
      List<ChatTurn> history,
      String summary,
      String callerText,
      String intent,
      List<ContextChunk> context,
      int shrink) {
    int factor = 1 << Math.min(Math.max(shrink, 0), 8);
    int maxMessages = limits.maxContextMessages() / factor;
    int budget = limits.maxContextLength() / factor;
    List<ChatTurn> all = history == null ? List.of() : history;
    List<ChatTurn> kept =
        new ArrayList<>(all.subList(Math.max(0, all.size() - maxMessages), all.size()));
    List<ContextChunk> excerpts = new ArrayList<>(context == null ? List.of() : context);
    int droppedExcerpts = 0;
    List<ChatMessage> messages =
        FrontDeskPrompt.messages(tenant, kept, summary, callerText, intent, excerpts);
    int size = count(model, messages);
    while (size > budget && (!kept.isEmpty() || !excerpts.isEmpty())) {
      if (!kept.isEmpty()) {
        kept.remove(0);
      } else {
        excerpts.remove(excerpts.size() - 1);
        droppedExcerpts++;
      }
      messages = FrontDeskPrompt.messages(tenant, kept, summary, callerText, intent, excerpts);
      size = count(model, messages);
    }
    return new Fitted(messages, kept.size(), all.size() - kept.size(), droppedExcerpts, size);
  }

  int count(String model, List<ChatMessage> messages) {
    return tokens.countChat(model, texts(messages));
  }

  static List<String> texts(List<ChatMessage> messages) {
    List<String> texts = new ArrayList<>();
    for (ChatMessage message : messages) {
      if (message instanceof SystemMessage m) {
        texts.add(m.text());
      } else if (message instanceof UserMessage m && m.hasSingleText()) {
        texts.add(m.singleText());
      } else if (message instanceof AiMessage m && m.text() != null) {
        texts.add(m.text());
      }
    }
    return texts;
  }
}
