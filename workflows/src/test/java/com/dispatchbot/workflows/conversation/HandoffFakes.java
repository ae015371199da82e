package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.guardrails.GuardrailActivities;
import com.dispatchbot.workflows.handoff.HandoffActivities;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory handoff table and guardrails, for workflow tests. */
final class HandoffFakes {
  private HandoffFakes() {}

  /**
   * Keeps what the real activity keeps: one row per handoff id, one message per (turn, seq, role),
   * and a claim made in the "database" wins over the SLA.
   */
  static final class Handoffs implements HandoffActivities {
    final Map<String, HandoffRequest> created = new ConcurrentHashMap<>();
    final Map<String, String> status = new ConcurrentHashMap<>();
    final Map<String, PostedMessage> posted = new ConcurrentHashMap<>();
    final List<String> webhookCalls = new CopyOnWriteArrayList<>();
    final Map<String, String> callbacks = new ConcurrentHashMap<>();
    final AtomicInteger routeCalls = new AtomicInteger();
    volatile boolean webhook;

    @Override
    public RoutedHandoff routeToHuman(HandoffRequest request) {
      routeCalls.incrementAndGet();
      created.putIfAbsent(request.handoffId(), request);
      status.putIfAbsent(request.handoffId(), "open");
      return new RoutedHandoff(request.handoffId(), "summary of " + request.reason(), webhook);
    }

    @Override
    public void notifyWebhook(String tenantId, String handoffId) {
      webhookCalls.add(handoffId);
    }

    @Override
    public void postMessage(PostedMessage message) {
      posted.putIfAbsent(
          message.workflowId() + "/" + message.turn() + "/" + message.seq() + "/" + message.role(),
          message);
    }

    @Override
    public boolean expireToCallback(CallbackRequest request) {
      boolean expired = status.replace(request.handoffId(), "open", "callback");
      if (expired) {
        callbacks.put(request.handoffId(), request.note());
      }
      return expired;
    }

    /** What the API does before it signals a claim. */
    void claimInDatabase(String handoffId) {
      status.put(handoffId, "claimed");
    }

    List<PostedMessage> postedBy(String role) {
      return posted.values().stream()
          .filter(m -> m.role().equals(role))
          .sorted(java.util.Comparator.comparingInt(PostedMessage::seq))
          .toList();
    }
  }

  /** Refuses "ignore previous instructions"; redacts one well-known test card number. */
  static final class Guardrails implements GuardrailActivities {
    static final String TEST_CARD = "4111 1111 1111 1111";
    static final String REFUSAL = "I can only help with our services and appointments.";

    @Override
    public Screening screen(ScreenRequest request) {
      String text = request.text();
      if (text.toLowerCase().contains("ignore previous instructions")) {
        return new Screening(
            Verdict.INJECTION, text, text, List.of("injection:ignore-instructions"), REFUSAL);
      }
      String stored = text.replace(TEST_CARD, "[CARD]");
      String forModel = stored.replace(ConversationTestEnv.CALLER_PHONE, "[PHONE]");
      return new Screening(Verdict.ALLOW, stored, forModel, List.of(), null);
    }
  }
}
