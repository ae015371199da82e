package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import java.util.ArrayList;
import java.util.List;

/**
 * The history a model is given, rebuilt from the stored transcript the way ConversationWorkflowImpl
 * builds its {@code recentMessages} while the call runs:
 *
 * <ul>
 *   <li>a turn the bot answered adds the caller's message, then the reply;
 *   <li>a turn refused by the guardrails adds nothing;
 *   <li>a turn that arrived while an operator had the call (acknowledged by a system notice) adds
 *       the caller's message only;
 *   <li>an operator's message adds an operator turn; system notices and the bot's own notices
 *       ("sorry to keep you waiting") add nothing;
 *   <li>only the last MAX_HISTORY_MESSAGES are kept.
 * </ul>
 *
 * Texts are redacted for the model ({@link PiiRedactor#forModel}), as LlmActivitiesImpl does again
 * before every call. Not stored, so not rebuilt: the notes an operator leaves on hand-back (the
 * live workflow has them) and messages a failed guardrails screen kept out of a model's sight.
 */
final class HistoryWindow {
  /** What the rebuild found, beside the window itself. */
  record Rebuilt(
      List<ChatTurn> turns,
      int eligible,
      int refusedTurns,
      int relayedTurns,
      int notices,
      int inFlightTurns) {

    int dropped() {
      return eligible - turns.size();
    }
  }

  private HistoryWindow() {}

  /**
   * @param messages a conversation's messages in stored order ({@link Transcript#messages})
   * @param beforeTurn only turns before this one count (the window as it stood when that turn was
   *     asked); {@code Integer.MAX_VALUE} for the next turn
   */
  static Rebuilt rebuild(
      List<Transcript.Message> messages, int beforeTurn, int maxHistoryMessages) {
    PiiRedactor redactor = new PiiRedactor();
    List<ChatTurn> all = new ArrayList<>();
    int refused = 0;
    int relayed = 0;
    int notices = 0;
    int inFlight = 0;
    for (int i = 0; i < messages.size(); i++) {
      Transcript.Message m = messages.get(i);
      if (m.turn() >= beforeTurn) {
        break;
      }
      switch (m.role()) {
        case "caller" -> {
          Transcript.Message reply = replyOf(messages, i + 1, m.turn());
          if (reply != null && "guardrails".equals(reply.provider())) {
            // refused: neither the message nor the refusal is remembered
            refused++;
          } else if (reply != null) {
            all.add(new ChatTurn(ChatTurn.CALLER, redactor.forModel(m.text())));
            all.add(new ChatTurn(ChatTurn.ASSISTANT, reply.text()));
          } else if (acknowledged(messages, i + 1, m.turn())) {
            relayed++;
            all.add(new ChatTurn(ChatTurn.CALLER, redactor.forModel(m.text())));
          } else {
            // neither answered nor acknowledged yet: the workflow has not remembered it either
            inFlight++;
          }
        }
        case "operator" -> all.add(new ChatTurn(ChatTurn.OPERATOR, redactor.forModel(m.text())));
        case "assistant" -> {
          if (!m.isReply()) {
            notices++;
          }
          // a reply was added with its caller message
        }
        default -> notices++;
      }
    }
    int eligible = all.size();
    List<ChatTurn> window =
        all.size() > maxHistoryMessages
            ? new ArrayList<>(all.subList(all.size() - maxHistoryMessages, all.size()))
            : all;
    // what the model sees of each reply: redacted like every other turn
    List<ChatTurn> redacted =
        window.stream().map(t -> new ChatTurn(t.role(), redactor.forModel(t.text()))).toList();
    return new Rebuilt(redacted, eligible, refused, relayed, notices, inFlight);
  }

  private static Transcript.Message replyOf(List<Transcript.Message> messages, int from, int turn) {
    for (int j = from; j < messages.size() && messages.get(j).turn() == turn; j++) {
      if (messages.get(j).isReply()) {
        return messages.get(j);
      }
    }
    return null;
  }

  /** A system notice of the same turn, seq 0: "a member of our team will be with you". */
  private static boolean acknowledged(List<Transcript.Message> messages, int from, int turn) {
    for (int j = from; j < messages.size() && messages.get(j).turn() == turn; j++) {
      Transcript.Message m = messages.get(j);
      if ("system".equals(m.role()) && m.seq() == 0) {
        return true;
      }
    }
    return false;
  }
}
