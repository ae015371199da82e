package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;

/**
 * What was said before the kept history began: each message that leaves the window (past
 * MAX_HISTORY_MESSAGES) leaves one abbreviated line here, and the oldest lines go once the digest
 * passes {@link #MAX_CHARS}. Rule-based and deterministic (workflow code); carried through
 * continue-as-new and shown to the model as "earlier in this call". The booking slots are kept
 * separately, in full, by the dialogue.
 */
final class ConversationSummary {
  static final int MAX_CHARS = 1_200;
  static final int PER_MESSAGE = 160;

  private ConversationSummary() {}

  /** The digest with {@code dropped} added as its newest line. */
  static String fold(String summary, ChatTurn dropped) {
    if (dropped == null || dropped.text() == null || dropped.text().isBlank()) {
      return summary;
    }
    String line = label(dropped.role()) + ": " + abbreviate(dropped.text().strip());
    String folded = summary == null || summary.isEmpty() ? line : summary + "\n" + line;
    while (folded.length() > MAX_CHARS) {
      int cut = folded.indexOf('\n');
      if (cut < 0) {
        return folded.substring(folded.length() - MAX_CHARS);
      }
      folded = folded.substring(cut + 1);
    }
    return folded;
  }

  private static String label(String role) {
    return switch (role == null ? "" : role) {
      case ChatTurn.CALLER -> "Caller";
      case ChatTurn.ASSISTANT -> "Assistant";
      case ChatTurn.OPERATOR -> "Team member";
      case ChatTurn.OPERATOR_NOTES -> "Team notes";
      default -> "Note";
    };
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= PER_MESSAGE
        ? oneLine
        : oneLine.substring(0, PER_MESSAGE - 1).stripTrailing() + "…";
  }
}
