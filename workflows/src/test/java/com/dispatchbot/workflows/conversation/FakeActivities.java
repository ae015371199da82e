package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.answer.AnswerActivities;
import com.dispatchbot.workflows.cache.ResponseCacheActivities;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities;
import com.dispatchbot.workflows.llm.LlmActivities;
import com.dispatchbot.workflows.llm.LlmActivities.ToolExchange;
import com.dispatchbot.workflows.llm.LlmActivities.ToolRequest;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmRouteActivities;
import com.dispatchbot.workflows.llm.LlmTarget;
import com.dispatchbot.workflows.tools.ToolActivities;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * In-memory activities for workflow tests. The store behaves like the real one where it matters: a
 * row is keyed by workflow id + turn + role, so a retried write does not add a second row.
 */
final class FakeActivities {
  private FakeActivities() {}

  static LlmRoute route(String... models) {
    List<LlmTarget> targets = new java.util.ArrayList<>();
    for (int i = 0; i < models.length; i++) {
      targets.add(new LlmTarget(i, "openai", models[i]));
    }
    return new LlmRoute(targets, Duration.ofSeconds(10), 3, Duration.ofSeconds(1));
  }

  static final class Routes implements LlmRouteActivities {
    volatile LlmRoute route;

    Routes(LlmRoute route) {
      this.route = route;
    }

    @Override
    public LlmRoute currentRoute() {
      return route;
    }
  }

  static final class Intents implements IntentActivities {
    @Override
    public IntentResult classifyIntent(ClassifyRequest request) {
      String text = request.text().toLowerCase();
      if (text.contains("gas")) {
        return new IntentResult(Intent.EMERGENCY, 0.97, true, "rules");
      }
      if (text.contains("reschedule") || text.contains("move my")) {
        return new IntentResult(Intent.RESCHEDULE, 0.9, false, "rules");
      }
      if (text.contains("cancel")) {
        return new IntentResult(Intent.CANCEL, 0.9, false, "rules");
      }
      if (text.contains("book") || text.contains("appointment")) {
        return new IntentResult(Intent.BOOK_APPOINTMENT, 0.9, false, "rules");
      }
      if (text.contains("person") || text.contains("human")) {
        return new IntentResult(Intent.TALK_TO_HUMAN, 0.92, false, "rules");
      }
      if (text.contains("warranty") || text.contains("do you") || text.contains("what should")) {
        return new IntentResult(Intent.KNOWLEDGE_QUESTION, 0.88, false, "model");
      }
      if (text.contains("how much")) {
        return new IntentResult(Intent.QUOTE_PRICING, 0.85, false, "rules");
      }
      if (text.matches("(yes|yep|sure|yes please).*")) {
        return new IntentResult(Intent.CONFIRM, 0.95, false, "rules");
      }
      if (text.matches("(no|nope|none of those).*")) {
        return new IntentResult(Intent.DENY, 0.95, false, "rules");
      }
      if (text.contains("mumble")) {
        return new IntentResult(Intent.OUT_OF_SCOPE, 0.3, false, "model");
      }
      return new IntentResult(Intent.GREETING_SMALLTALK, 0.8, false, "rules");
    }
  }

  static final class Answers implements AnswerActivities {
    volatile boolean broken;

    @Override
    public Answer ruleBasedAnswer(AnswerRequest request) {
      if (broken) {
        throw new IllegalStateException("rules are broken");
      }
      // Like the real rules: a knowledge question they cannot answer promises a follow-up.
      return new Answer(
          "rules answer for " + request.intent(),
          "rules-v1",
          "knowledge_question".equals(request.intent()));
    }
  }

  /** A knowledge base that knows about warranties and nothing else; can be broken. */
  static final class Knowledge implements KnowledgeActivities {
    volatile boolean broken;
    final List<RetrieveRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public RetrievedContext retrieveContext(RetrieveRequest request) {
      requests.add(request);
      if (broken) {
        throw ApplicationFailure.newFailure("vector store down", "StoreUnavailable");
      }
      if (!request.question().toLowerCase().contains("warranty")) {
        return RetrievedContext.none();
      }
      return new RetrievedContext(
          List.of(
              new ContextChunk(
                  1,
                  "warranty",
                  "demo/warranty/0",
                  "Warranty",
                  "Repairs are guaranteed for one year, parts and labour.",
                  0.81)),
          0.81,
          "From our Warranty page: Repairs are guaranteed for one year, parts and labour.");
    }
  }

  /** A model per name: answers, or fails as told. Records every attempt with its time. */
  static final class Llm implements LlmActivities {
    record Attempt(String model, int attempt, long atMillis, LlmRequest request) {}

    final Map<String, String> failures = new ConcurrentHashMap<>();
    final Map<String, Duration> retryAfter = new ConcurrentHashMap<>();
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    /** Per model: the tool it calls when tools are offered, {@link #toolRounds} times a turn. */
    final Map<String, String> toolCalls = new ConcurrentHashMap<>();

    volatile int toolRounds = 1;

    /** The model refuses prompts for their length until asked with this much shrinking. */
    volatile int fitsFromShrink;

    private final LongSupplier clock;

    Llm(LongSupplier clock) {
      this.clock = clock;
    }

    @Override
    public LlmResult callLlm(LlmRequest request) {
      String model = request.target().model();
      attempts.add(
          new Attempt(
              model,
              Activity.getExecutionContext().getInfo().getAttempt(),
              clock.getAsLong(),
              request));
      if (request.shrink() < fitsFromShrink) {
        throw ApplicationFailure.newNonRetryableFailure(
            model + ": maximum context length exceeded", LlmFailures.CONTEXT_LENGTH);
      }
      String wanted = toolCalls.get(model);
      if (wanted != null && request.tools() && request.toolExchanges().size() < toolRounds) {
        int round = request.toolExchanges().size() + 1;
        return new LlmResult(
            "",
            "openai",
            model,
            30,
            5,
            80,
            "tool_execution",
            false,
            List.of(new ToolRequest("call-" + round, wanted, "{\"day\":\"sat\"}")));
      }
      if (!request.toolExchanges().isEmpty()) {
        ToolExchange last = request.toolExchanges().get(request.toolExchanges().size() - 1);
        return new LlmResult(
            "From " + last.name() + ": " + (last.ok() ? last.resultJson() : last.error()),
            "openai",
            model,
            50,
            9,
            90,
            "stop");
      }
      String failure = failures.get(model);
      if (failure != null) {
        Duration delay = retryAfter.get(model);
        if (delay != null) {
          throw ApplicationFailure.newFailureWithCauseAndDelay(
              "429 Too Many Requests", failure, null, delay);
        }
        if (LlmFailures.NON_RETRYABLE.contains(failure)) {
          throw ApplicationFailure.newNonRetryableFailure(model + " refused", failure);
        }
        throw ApplicationFailure.newFailure(model + " failed", failure);
      }
      return new LlmResult(
          model + " says hello to: " + request.callerText(), "openai", model, 42, 7, 120, "stop");
    }
  }

  /** Tools that answer from a map; records every call. */
  static final class Tools implements ToolActivities {
    final List<ToolCall> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> results = new ConcurrentHashMap<>();
    volatile boolean down;

    @Override
    public ToolOutcome runTool(ToolCall call) {
      calls.add(call);
      if (down) {
        throw ApplicationFailure.newFailure("database down", TOOL_UNAVAILABLE);
      }
      String result = results.get(call.name());
      return result == null
          ? new ToolOutcome(call.callId(), call.name(), false, null, "unknown tool", 1)
          : new ToolOutcome(call.callId(), call.name(), true, result, null, 3);
    }
  }

  /** The response cache by exact question and tenant (the real one compares embeddings). */
  static final class Cache implements ResponseCacheActivities {
    final Map<String, CacheEntry> entries = new ConcurrentHashMap<>();
    final List<CacheLookup> lookups = new CopyOnWriteArrayList<>();

    @Override
    public CachedAnswer lookup(CacheLookup lookup) {
      lookups.add(lookup);
      CacheEntry entry = entries.get(lookup.tenantId() + "/" + lookup.question());
      return entry == null
          ? CachedAnswer.miss()
          : new CachedAnswer(true, entry.answer(), entry.provider(), entry.model(), 1.0);
    }

    @Override
    public void store(CacheEntry entry) {
      entries.put(entry.tenantId() + "/" + entry.question(), entry);
    }
  }

  static final class Store implements ConversationStoreActivities {
    final Map<String, MessageRecord> messages = new ConcurrentHashMap<>();
    final Map<String, ReplyRecord> replies = new ConcurrentHashMap<>();
    final Set<String> opened = ConcurrentHashMap.newKeySet();
    final Map<String, ConversationClosing> closed = new ConcurrentHashMap<>();

    @Override
    public void openConversation(ConversationOpening opening) {
      opened.add(opening.workflowId());
    }

    @Override
    public void recordMessage(MessageRecord m) {
      messages.putIfAbsent(m.workflowId() + "/" + m.turn() + "/" + m.role(), m);
    }

    /**
     * The replies once {@code count} are there: a reply is written after the turn answered (the
     * live path), so a test waits for it as a reader of the transcript would.
     */
    Map<String, ReplyRecord> awaitReplies(int count) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (replies.size() < count && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return replies;
    }

    @Override
    public void recordReply(ReplyRecord r) {
      replies.putIfAbsent(r.workflowId() + "/" + r.turn(), r);
    }

    @Override
    public void closeConversation(ConversationClosing closing) {
      closed.put(closing.workflowId(), closing);
    }
  }
}
