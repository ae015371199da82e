package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.DispatchSearchAttributes;
import com.dispatchbot.workflows.answer.AnswerActivities;
import com.dispatchbot.workflows.answer.AnswerActivities.Answer;
import com.dispatchbot.workflows.answer.AnswerActivities.AnswerRequest;
import com.dispatchbot.workflows.cache.ResponseCacheActivities;
import com.dispatchbot.workflows.cache.ResponseCacheActivities.CacheEntry;
import com.dispatchbot.workflows.cache.ResponseCacheActivities.CacheLookup;
import com.dispatchbot.workflows.cache.ResponseCacheActivities.CachedAnswer;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.AiResponseRecord;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ConversationClosing;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ConversationOpening;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.MessageRecord;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ReplyRecord;
import com.dispatchbot.workflows.conversation.Messages.CallerMessage;
import com.dispatchbot.workflows.conversation.Messages.Carried;
import com.dispatchbot.workflows.conversation.Messages.ConversationResult;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.EndConversation;
import com.dispatchbot.workflows.conversation.Messages.HandBack;
import com.dispatchbot.workflows.conversation.Messages.Handoff;
import com.dispatchbot.workflows.conversation.Messages.OperatorClaim;
import com.dispatchbot.workflows.conversation.Messages.OperatorMessage;
import com.dispatchbot.workflows.conversation.Messages.ResolveHandoff;
import com.dispatchbot.workflows.conversation.Messages.Settings;
import com.dispatchbot.workflows.conversation.Messages.StartConversation;
import com.dispatchbot.workflows.conversation.Messages.Status;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.dispatchbot.workflows.conversation.TenantSettingsActivities.EmergencyPolicy;
import com.dispatchbot.workflows.conversation.TenantSettingsActivities.TenantSettings;
import com.dispatchbot.workflows.guardrails.GuardrailActivities;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.ScreenRequest;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.Screening;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.Verdict;
import com.dispatchbot.workflows.handoff.HandoffActivities;
import com.dispatchbot.workflows.handoff.HandoffActivities.CallbackRequest;
import com.dispatchbot.workflows.handoff.HandoffActivities.HandoffRequest;
import com.dispatchbot.workflows.handoff.HandoffActivities.PostedMessage;
import com.dispatchbot.workflows.handoff.HandoffActivities.RoutedHandoff;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrieveRequest;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import com.dispatchbot.workflows.llm.LlmActivities;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.dispatchbot.workflows.llm.LlmActivities.LlmRequest;
import com.dispatchbot.workflows.llm.LlmActivities.LlmResult;
import com.dispatchbot.workflows.llm.LlmActivities.ToolExchange;
import com.dispatchbot.workflows.llm.LlmActivities.ToolRequest;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmRouteActivities;
import com.dispatchbot.workflows.llm.LlmTarget;
import com.dispatchbot.workflows.slots.SlotActivities;
import com.dispatchbot.workflows.slots.SlotActivities.ExtractRequest;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import com.dispatchbot.workflows.tools.ToolActivities;
import com.dispatchbot.workflows.tools.ToolActivities.ToolCall;
import com.dispatchbot.workflows.tools.ToolActivities.ToolOutcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import org.slf4j.Logger;

public class ConversationWorkflowImpl implements ConversationWorkflow {
  private static final Logger log = Workflow.getLogger(ConversationWorkflowImpl.class);
  static final String RULES_PROVIDER = "rules";
  static final String DIALOGUE_PROVIDER = "dialogue";
  static final String DIALOGUE_MODEL = "booking-v1";
  static final String APOLOGY_PROVIDER = "none";
  static final String APOLOGY =
      "Sorry, I'm having trouble answering right now. I've flagged your call so a member of our"
          + " team will call you back shortly. If this is an emergency, please call 911.";
  static final String APOLOGY_RETRY =
      "Sorry, I'm having trouble answering right now. Could you say that another way? If this is"
          + " an emergency, please call 911.";
  static final String GUARDRAILS_PROVIDER = "guardrails";
  static final String HANDOFF_PROVIDER = "handoff";
  static final String ROUTE_ALL_REPLY =
      "Thanks for calling. I'm connecting you with a member of our team; they'll reply here"
          + " shortly.";
  static final String WAITING_REPLY =
      "Thanks, I've passed that on. A member of our team will be with you shortly.";
  static final String CLAIMED_REPLY =
      "Thanks, a member of our team is with you and will reply here.";
  static final String DANGER_LINE = " If anyone is in danger, leave the building now and call 911.";
  static final String BACK_TO_BOT =
      "You're back with our assistant. Our team member has left notes, so I can pick up from"
          + " here.";

  private final IntentActivities intents =
      Workflow.newActivityStub(IntentActivities.class, ActivityPresets.nlu());
  private final AnswerActivities answers =
      Workflow.newActivityStub(AnswerActivities.class, ActivityPresets.nlu());
  private final ConversationStoreActivities store =
      Workflow.newActivityStub(ConversationStoreActivities.class, ActivityPresets.store());
  private final LlmRouteActivities routes =
      Workflow.newLocalActivityStub(LlmRouteActivities.class, ActivityPresets.localConfig());
  private final SlotActivities slotExtractor =
      Workflow.newActivityStub(SlotActivities.class, ActivityPresets.nlu());
  private final IntentActivities localIntents =
      Workflow.newLocalActivityStub(IntentActivities.class, ActivityPresets.localNlu());
  private final SlotActivities localSlots =
      Workflow.newLocalActivityStub(SlotActivities.class, ActivityPresets.localNlu());
  private final KnowledgeActivities localKnowledge =
      Workflow.newLocalActivityStub(KnowledgeActivities.class, ActivityPresets.localKnowledge());
  private final TenantSettingsActivities tenantSettings =
      Workflow.newLocalActivityStub(TenantSettingsActivities.class, ActivityPresets.localConfig());
  private final KnowledgeActivities knowledge =
      Workflow.newActivityStub(KnowledgeActivities.class, ActivityPresets.knowledge());
  private final HandoffActivities handoffs =
      Workflow.newActivityStub(HandoffActivities.class, ActivityPresets.handoff());
  private final HandoffActivities webhooks =
      Workflow.newActivityStub(HandoffActivities.class, ActivityPresets.webhook());
  private final ResponseCacheActivities cache =
      Workflow.newActivityStub(ResponseCacheActivities.class, ActivityPresets.cache());
  private final GuardrailActivities guardrails =
      Workflow.newLocalActivityStub(GuardrailActivities.class, ActivityPresets.guardrails());

  /**
   * Version 1 added slots, the booking dialogue and the low-confidence policy to every turn. Calls
   * started before it keep the old path when they replay.
   */
  static final String DIALOGUE_CHANGE = "booking-dialogue";

  /**
   * Version 1 answers knowledge questions from the tenant's knowledge base (retrieveContext): the
   * model cites the chunks; without a model, an extractive answer; with nothing relevant, the
   * rules, then a person.
   */
  static final String KNOWLEDGE_CHANGE = "knowledge-retrieval";

  static final String EXTRACTIVE_MODEL = "retrieval-extractive-v1";

  /**
   * Version 1 routes handoffs to operators (routeToHuman): the bot is muted while a person has the
   * call, operator signals drive it, an SLA timer turns an unclaimed handoff into a callback. Also:
   * ROUTE_TO_HUMAN, the tenant's emergency policy, and a person after two failed turns in a row
   * instead of one.
   */
  static final String HANDOFF_CHANGE = "operator-handoff";

  /**
   * Version 1 screens every caller message first: injection and abuse get a polite refusal; card
   * numbers and SSNs are never stored; models see the message without PII.
   */
  static final String GUARDRAILS_CHANGE = "input-guardrails";

  /**
   * Version 1: a model that refuses the prompt for its length is asked again with a smaller context
   * (half the history and token budget, up to {@link #MAX_SHRINK} times) before the chain moves on.
   */
  static final String CONTEXT_CHANGE = "context-window";

  static final int MAX_SHRINK = 3;

  /**
   * Version 1 consults the semantic response cache (when the route says it is on) for stand-alone
   * price and knowledge questions, and stores what a model answered them.
   */
  static final String CACHE_CHANGE = "response-cache";

  static final String CACHE_PROVIDER = "cache";

  /**
   * Version 1 offers the model the tool registry (function calling): each tool call it asks for
   * runs as its own runTool activity, and the model is asked again with the results, up to {@link
   * #MAX_TOOL_ROUNDS} rounds a turn.
   */
  static final String TOOLS_CHANGE = "tool-calls";

  static final int MAX_TOOL_ROUNDS = 3;

  /**
   * Version 1 takes the live path's in-process steps off the task queues: intent, slots and
   * knowledge retrieval run as local activities on the conversation worker (no schedule, poll and
   * result round trip each), and the reply was written to Postgres after the update answered.
   * Version 2 writes the reply before answering again: a client that reads the transcript right
   * after the reply must find it there (read-your-writes), which is worth one round trip. Measured
   * with temporal-dev/bench (README: Performance).
   */
  static final String LIVE_PATH_CHANGE = "live-path";

  /** One turn at a time, whether it came as an update or a signal. */
  private final WorkflowLock turnLock = Workflow.newWorkflowLock();

  private final Queue<CallerMessage> inbox = new ArrayDeque<>();

  /** Operator signals, applied in order between turns. */
  private final Queue<Object> operatorEvents = new ArrayDeque<>();

  private final StartConversation start;
  private final Settings settings;
  private final String workflowId;
  private final List<ChatTurn> recentMessages = new ArrayList<>();

  private LlmRoute route;
  private boolean opened;
  private int turnCount;
  private int turnsStarted;
  private boolean turnInProgress;
  private String lastIntent;
  private Double lastConfidence;
  private boolean emergency;
  private Handoff pendingHandoff;
  private int continuations;
  private String endReason;
  private Status status = Status.ACTIVE;
  private String outcome;
  private int dialogueVersion = Workflow.DEFAULT_VERSION;
  private int knowledgeVersion = Workflow.DEFAULT_VERSION;
  private int handoffVersion = Workflow.DEFAULT_VERSION;
  private int guardrailsVersion = Workflow.DEFAULT_VERSION;
  private int contextVersion = Workflow.DEFAULT_VERSION;
  private int cacheVersion = Workflow.DEFAULT_VERSION;
  private int toolsVersion = Workflow.DEFAULT_VERSION;
  private int livePathVersion = Workflow.DEFAULT_VERSION;

  /** Transcript writes still running (live path): awaited before continue-as-new and closing. */
  private final List<Promise<Void>> pendingWrites = new ArrayList<>();

  private String summary;

  /** The streaming client's stream for the turn in progress (null: nobody streams it). */
  private String turnStreamId;

  /** Model calls made in the turn in progress: each streams as its own generation. */
  private int turnModelCalls;

  private int handoffCount;
  private int postedMessages;
  private int failedStreak;
  private TenantSettings tenant;
  private BookingDialogue dialogue;
  private BookingDialogue.State carriedDialogue;
  private int lowConfidenceStreak;
  private long lastTurnAtMillis;

  @WorkflowInit
  public ConversationWorkflowImpl(StartConversation start) {
    this.start = start;
    this.settings = start.settings() == null ? Settings.defaults() : start.settings();
    this.workflowId = Workflow.getInfo().getWorkflowId();
    Carried carried = start.carried();
    if (carried != null) {
      opened = true;
      turnCount = carried.turnCount();
      lastIntent = carried.lastIntent();
      lastConfidence = carried.lastConfidence();
      emergency = carried.emergency();
      pendingHandoff = carried.pendingHandoff();
      recentMessages.addAll(carried.recentMessages());
      continuations = carried.continuations();
      carriedDialogue = carried.dialogue();
      lowConfidenceStreak = carried.lowConfidenceStreak();
      handoffCount = carried.handoffCount();
      postedMessages = carried.postedMessages();
      failedStreak = carried.failedStreak();
      summary = carried.summary();
    }
  }

  @Override
  public ConversationResult run(StartConversation ignored) {
    withTurnLock(this::ensureSetUp);
    upsertSearchAttributes();
    lastTurnAtMillis = Workflow.currentTimeMillis();
    while (endReason == null) {
      int seen = turnsStarted;
      Handoff seenHandoff = pendingHandoff;
      long holdsExpireAt = dialogue == null ? 0 : dialogue.holdsExpireAtMillis();
      boolean woke =
          Workflow.await(
              nextWait(holdsExpireAt),
              () ->
                  endReason != null
                      || !inbox.isEmpty()
                      || !operatorEvents.isEmpty()
                      || turnsStarted != seen
                      // a handoff opened or changed: its SLA is the next deadline
                      || (handoffVersion >= 1 && pendingHandoff != seenHandoff)
                      || (dialogue != null && dialogue.holdsExpireAtMillis() != holdsExpireAt));
      if (!woke) {
        if (turnInProgress) {
          Workflow.await(() -> !turnInProgress);
          continue;
        }
        long now = Workflow.currentTimeMillis();
        if (holdsExpireAt != 0 && now >= holdsExpireAt) {
          withTurnLock(dialogue::holdsExpired);
          continue;
        }
        if (slaPassed(now)) {
          withTurnLock(this::slaExpired);
          continue;
        }
        if (dialogueVersion >= 1
            && now < lastTurnAtMillis + settings.inactivityTimeout().toMillis()) {
          continue;
        }
        endReason = "inactive";
        break;
      }
      drainInbox();
      drainOperatorEvents();
      if (endReason == null && shouldContinueAsNew()) {
        // a turn may arrive while the writes finish: continue only when both are done at once
        do {
          Workflow.await(Workflow::isEveryHandlerFinished);
          awaitWrites();
        } while (!Workflow.isEveryHandlerFinished());
        if (inbox.isEmpty()) {
          Workflow.continueAsNew(continuedStart());
        }
      }
    }
    status = Status.CLOSED;
    Workflow.await(Workflow::isEveryHandlerFinished);
    drainInbox();
    drainOperatorEvents();
    if (dialogue != null) {
      withTurnLock(dialogue::abandon);
    }
    if (awaitingOperator()) {
      withTurnLock(() -> toCallback("The caller left before an operator picked up."));
    }
    outcome = endReason;
    awaitWrites();
    store.closeConversation(
        new ConversationClosing(
            workflowId, start.tenantId(), outcome, turnCount, Workflow.currentTimeMillis()));
    upsertSearchAttributes();
    return new ConversationResult(workflowId, outcome, turnCount);
  }

  @Override
  public TurnReply sendMessage(CallerMessage message) {
    return runTurn(message);
  }

  @Override
  public void validateMessage(CallerMessage message) {
    if (message == null || message.text() == null || message.text().isBlank()) {
      throw ConversationRejections.EMPTY_MESSAGE.failure("the message has no text");
    }
    if (message.text().length() > ConversationRejections.MAX_MESSAGE_CHARS) {
      throw ConversationRejections.MESSAGE_TOO_LONG.failure(
          "the message has "
              + message.text().length()
              + " characters; the limit is "
              + ConversationRejections.MAX_MESSAGE_CHARS);
    }
    if (status != Status.ACTIVE || endReason != null) {
      throw ConversationRejections.CONVERSATION_CLOSED.failure("the conversation has ended");
    }
  }

  @Override
  public void receiveMessage(CallerMessage message) {
    try {
      validateMessage(message);
    } catch (ApplicationFailure refused) {
      if (ConversationRejections.of(refused).orElse(null)
          != ConversationRejections.CONVERSATION_CLOSED) {
        log.warn("dropping a signalled message: {}", refused.getOriginalMessage());
        return;
      }
    }
    inbox.add(message);
  }

  @Override
  public void end(EndConversation request) {
    if (endReason == null) {
      endReason =
          request == null || request.reason() == null || request.reason().isBlank()
              ? "caller_ended"
              : request.reason();
    }
  }

  @Override
  public void claim(OperatorClaim claim) {
    operatorEvents.add(claim);
  }

  @Override
  public void operatorMessage(OperatorMessage message) {
    operatorEvents.add(message);
  }

  @Override
  public void handBack(HandBack handBack) {
    operatorEvents.add(handBack);
  }

  @Override
  public void resolve(ResolveHandoff resolve) {
    operatorEvents.add(resolve);
  }

  @Override
  public ConversationState state() {
    return new ConversationState(
        workflowId,
        start.tenantId(),
        start.conversationId(),
        start.channel(),
        status,
        turnCount,
        lastIntent,
        lastConfidence,
        emergency,
        pendingHandoff,
        outcome,
        continuations,
        dialogue == null
            ? null
            : dialogue.state().stage().name().toLowerCase(java.util.Locale.ROOT),
        dialogue == null || dialogue.state().lastBooked() == null
            ? null
            : dialogue.state().lastBooked().appointmentId());
  }

  private void drainInbox() {
    while (!inbox.isEmpty()) {
      runTurn(inbox.poll());
    }
  }

  private TurnReply runTurn(CallerMessage message) {
    turnsStarted++;
    turnLock.lock();
    turnInProgress = true;
    try {
      ensureSetUp();
      int turn = ++turnCount;
      turnStreamId = message.streamId();
      turnModelCalls = 0;
      lastTurnAtMillis = Workflow.currentTimeMillis();
      String text = message.text().strip();
      String modelText = text;
      if (guardrailsVersion >= 1) {
        Screening screening = screen(text);
        if (screening.verdict() != Verdict.ALLOW) {
          return refuse(turn, screening);
        }
        text = screening.stored();
        modelText = screening.forModel();
      }
      IntentResult intent;
      Slots slots = null;
      if (dialogueVersion >= 1) {
        Promise<IntentResult> classified = Async.function(this::classify, text);
        Promise<Slots> extracted = Async.function(this::extractSlots, text);
        intent = classified.get();
        slots = extracted.get();
      } else {
        intent = classify(text);
      }
      Promise<Void> callerSaved =
          Async.procedure(
              store::recordMessage,
              new MessageRecord(
                  workflowId,
                  start.tenantId(),
                  turn,
                  ChatTurn.CALLER,
                  text,
                  intent.intent().code(),
                  intent.confidence(),
                  Workflow.currentTimeMillis()));
      if (handoffVersion >= 1 && pendingHandoff != null && pendingHandoff.mutesBot()) {
        callerSaved.get();
        return relayToOperator(turn, modelText, intent);
      }
      Reply reply;
      if (handoffVersion >= 1 && settings.routeAllToHuman() && handoffCount == 0) {
        reply = scripted(ROUTE_ALL_REPLY, Workflow.currentTimeMillis());
        if (pendingHandoff == null) {
          pendingHandoff =
              Handoff.requested("policy", turn, intent.intent().code(), intent.confidence());
        }
      } else if (dialogueVersion >= 1) {
        reply = converse(turn, text, modelText, intent, slots);
      } else {
        reply = reply(turn, text, modelText, intent);
      }
      callerSaved.get();
      ReplyRecord replyRecord =
          new ReplyRecord(
              workflowId,
              start.tenantId(),
              turn,
              reply.text(),
              Workflow.currentTimeMillis(),
              new AiResponseRecord(
                  reply.provider(),
                  reply.model(),
                  reply.inputTokens(),
                  reply.outputTokens(),
                  reply.latencyMillis(),
                  reply.fallbackLevel(),
                  reply.fallbackReason(),
                  reply.tokensEstimated()));
      // once the run is due to continue as new, writes are awaited here so it can go
      if (livePathVersion == 1 && !shouldContinueAsNew()) {
        pendingWrites.add(Async.procedure(store::recordReply, replyRecord));
      } else {
        store.recordReply(replyRecord);
      }
      remember(modelText, reply.text());
      lastIntent = intent.intent().code();
      lastConfidence = intent.confidence();
      emergency = emergency || intent.emergency();
      failedStreak = APOLOGY_PROVIDER.equals(reply.provider()) ? failedStreak + 1 : 0;
      if (pendingHandoff == null && wantsPerson(intent)) {
        pendingHandoff =
            Handoff.requested(
                intent.emergency() ? "emergency" : "caller_asked",
                turn,
                lastIntent,
                intent.confidence());
      }
      if (handoffVersion >= 1 && pendingHandoff != null && pendingHandoff.id() == null) {
        routeToHuman(turn, intent);
      }
      upsertSearchAttributes();
      return new TurnReply(
          turn,
          reply.text(),
          lastIntent,
          intent.confidence(),
          intent.emergency(),
          reply.fallbackLevel(),
          reply.provider(),
          reply.model(),
          pendingHandoff,
          reply.modelMillis());
    } finally {
      turnStreamId = null;
      turnInProgress = false;
      turnLock.unlock();
    }
  }

  /** Version 1 of a turn: the booking dialogue, the low-confidence policy, or an answer. */
  private Reply converse(
      int turn, String text, String modelText, IntentResult intent, Slots slots) {
    long startedAt = Workflow.currentTimeMillis();
    BookingDialogue.Step step = dialogue.onTurn(turn, text, intent, slots);
    if (step != null && !step.afterReply()) {
      lowConfidenceStreak = 0;
      return scripted(step.text(), startedAt);
    }
    if (step == null && intent.confidence() < settings.humanThreshold() && !intent.emergency()) {
      boolean handOff =
          tenant.lowConfidencePolicy() == TenantSettingsActivities.LowConfidencePolicy.HANDOFF
              || lowConfidenceStreak >= 1;
      lowConfidenceStreak++;
      if (handOff) {
        if (pendingHandoff == null) {
          pendingHandoff =
              Handoff.requested(
                  "low_confidence", turn, intent.intent().code(), intent.confidence());
        }
        return scripted(
            "I want to make sure you get the right help, so I'm bringing in a member of our"
                + " team. If nobody picks up right away, we'll call you back.",
            startedAt);
      }
      return scripted(
          "Sorry, I didn't quite get that. Are you looking to book a visit, get a price, or ask"
              + " about something else?",
          startedAt);
    }
    lowConfidenceStreak = 0;
    Reply answer = reply(turn, text, modelText, intent);
    return step == null ? answer : answer.followedBy(step.text());
  }

  private Reply scripted(String text, long startedAt) {
    return new Reply(
        text,
        DIALOGUE_PROVIDER,
        DIALOGUE_MODEL,
        0,
        0,
        0,
        Workflow.currentTimeMillis() - startedAt,
        null);
  }

  private Slots extractSlots(String text) {
    try {
      return (livePathVersion >= 1 ? localSlots : slotExtractor)
          .extractSlots(
              new ExtractRequest(
                  start.tenantId(),
                  text,
                  Workflow.currentTimeMillis(),
                  tenant.timezone(),
                  // the model refines slots while a booking is under way, not on every turn
                  dialogue.state().stage() != BookingDialogue.Stage.IDLE));
    } catch (ActivityFailure failure) {
      log.warn("slot extraction failed; going on without slots", failure);
      return Slots.none();
    }
  }

  /** Until the next deadline: the inactivity timeout, or sooner when offered windows expire. */
  private Duration nextWait(long holdsExpireAt) {
    if (dialogueVersion < 1) {
      return settings.inactivityTimeout();
    }
    long now = Workflow.currentTimeMillis();
    long deadline = lastTurnAtMillis + settings.inactivityTimeout().toMillis();
    if (holdsExpireAt != 0) {
      deadline = Math.min(deadline, holdsExpireAt);
    }
    if (awaitingOperator()) {
      deadline = Math.min(deadline, pendingHandoff.slaDueAtMillis());
    }
    return Duration.ofMillis(Math.max(1, deadline - now));
  }

  private IntentResult classify(String text) {
    try {
      return (livePathVersion >= 1 ? localIntents : intents)
          .classifyIntent(new ClassifyRequest(start.tenantId(), text));
    } catch (ActivityFailure failure) {
      log.warn("intent classification failed; answering without an intent", failure);
      return new IntentResult(Intent.OUT_OF_SCOPE, 0.0, false, "unavailable");
    }
  }

  /**
   * Tries each configured model in order, then answers from rules.
   *
   * @param modelText what a model may see of the caller's message; null when it could not be
   *     screened, and then no model is asked
   */
  private Reply reply(int turn, String text, String modelText, IntentResult intent) {
    RetrievedContext context =
        knowledgeVersion >= 1 && intent.intent() == Intent.KNOWLEDGE_QUESTION
            ? retrieve(text)
            : null;
    boolean cacheable = cacheVersion >= 1 && route.cacheEnabled() && cacheable(modelText, intent);
    if (cacheable) {
      long askedAt = Workflow.currentTimeMillis();
      CachedAnswer cached = lookUpCache(modelText, intent);
      if (cached.hit()) {
        return new Reply(
            cached.answer(),
            CACHE_PROVIDER,
            cached.model(),
            0,
            0,
            0,
            Workflow.currentTimeMillis() - askedAt,
            null);
      }
    }
    boolean modelsAllowed = modelText != null && !(cacheVersion >= 1 && route.cachedOnly());
    String lastFailure = null;
    // tool calls already made stay made: a fallback model is told about them too
    List<ToolExchange> exchanges = new ArrayList<>();
    int toolRounds = 0;
    ModelSpend spent = new ModelSpend();
    for (LlmTarget target : modelsAllowed ? route.targets() : List.<LlmTarget>of()) {
      LlmActivities llm =
          Workflow.newActivityStub(LlmActivities.class, ActivityPresets.llm(route, target));
      int shrink = 0;
      LlmResult result = null;
      while (result == null) {
        LlmResult answer;
        try {
          answer =
              llm.callLlm(
                  new LlmRequest(
                      start.tenantId(),
                      workflowId,
                      turn,
                      target,
                      List.copyOf(recentMessages),
                      modelText,
                      intent.intent().code(),
                      context == null ? List.of() : context.chunks(),
                      summary,
                      shrink,
                      turnStreamId,
                      turnModelCalls++,
                      toolsVersion >= 1,
                      exchanges));
        } catch (ActivityFailure failure) {
          if (contextVersion >= 1
              && shrink < MAX_SHRINK
              && LlmFailures.CONTEXT_LENGTH.equals(failureType(failure))) {
            shrink++;
            log.info("model {} refused the prompt's length; shrinking it ({})", target, shrink);
            continue;
          }
          lastFailure = target.model() + ": " + describe(failure);
          log.warn("model {} failed, falling back: {}", target.model(), lastFailure);
          break;
        }
        spent.add(answer);
        if (answer.toolCalls().isEmpty()) {
          result = answer;
        } else if (toolsVersion >= 1 && toolRounds < MAX_TOOL_ROUNDS) {
          toolRounds++;
          for (ToolRequest call : answer.toolCalls()) {
            exchanges.add(runTool(turn, toolRounds, call));
          }
        } else {
          lastFailure = target.model() + ": still asking for tools after " + toolRounds + " rounds";
          log.warn("model {} kept calling tools; falling back", target.model());
          break;
        }
      }
      if (result != null) {
        if (cacheable) {
          Async.procedure(
              cache::store,
              new CacheEntry(
                  start.tenantId(),
                  modelText,
                  intent.intent().code(),
                  result.text(),
                  result.provider(),
                  result.model()));
        }
        return new Reply(
            result.text(),
            result.provider(),
            result.model(),
            target.level(),
            spent.inputTokens,
            spent.outputTokens,
            spent.millis,
            lastFailure,
            spent.estimated);
      }
    }
    long askedAt = Workflow.currentTimeMillis();
    if (context != null && context.relevant() && context.extractiveAnswer() != null) {
      return new Reply(
          context.extractiveAnswer(),
          RULES_PROVIDER,
          EXTRACTIVE_MODEL,
          route.targets().size(),
          0,
          0,
          Workflow.currentTimeMillis() - askedAt,
          lastFailure);
    }
    try {
      Answer answer =
          answers.ruleBasedAnswer(
              new AnswerRequest(
                  start.tenantId(), text, intent.intent().code(), intent.emergency()));
      if (knowledgeVersion >= 1 && answer.followUp() && pendingHandoff == null) {
        // Neither the knowledge base nor the rules know: a person has to answer this one.
        pendingHandoff =
            Handoff.requested("knowledge_gap", turn, intent.intent().code(), intent.confidence());
      }
      return new Reply(
          answer.text(),
          RULES_PROVIDER,
          answer.model(),
          route.targets().size(),
          0,
          0,
          Workflow.currentTimeMillis() - askedAt,
          lastFailure);
    } catch (ActivityFailure failure) {
      // Nothing could answer: apologise, and make sure a person calls back.
      String reason =
          (lastFailure == null ? "" : lastFailure + "; ") + "rules: " + describe(failure);
      log.error("no answer could be produced: {}", reason);
      // Since operator handoff: a person after the second failed turn in a row, not the first.
      boolean giveUp = handoffVersion < 1 || failedStreak >= 1;
      if (pendingHandoff == null && giveUp) {
        pendingHandoff =
            Handoff.requested(
                handoffVersion < 1 ? "bot_failure" : "repeated_failure",
                turn,
                intent.intent().code(),
                intent.confidence());
      }
      return new Reply(
          giveUp ? APOLOGY : APOLOGY_RETRY,
          APOLOGY_PROVIDER,
          APOLOGY_PROVIDER,
          route.targets().size() + 1,
          0,
          0,
          Workflow.currentTimeMillis() - askedAt,
          reason);
    }
  }

  // ---- guardrails -------------------------------------------------------------------------

  private Screening screen(String text) {
    try {
      return guardrails.screen(new ScreenRequest(start.tenantId(), text));
    } catch (ActivityFailure failure) {
      log.error("guardrails failed; this message will not reach a model", failure);
      return new Screening(Verdict.ALLOW, text, null, List.of("guardrails_unavailable"), null);
    }
  }

  /** A hostile message: stored (redacted) for the record, answered with a refusal, not learnt. */
  private TurnReply refuse(int turn, Screening screening) {
    String verdict = screening.verdict().name().toLowerCase(Locale.ROOT);
    long now = Workflow.currentTimeMillis();
    store.recordMessage(
        new MessageRecord(
            workflowId,
            start.tenantId(),
            turn,
            ChatTurn.CALLER,
            screening.stored(),
            null,
            null,
            now));
    store.recordReply(
        new ReplyRecord(
            workflowId,
            start.tenantId(),
            turn,
            screening.refusal(),
            Workflow.currentTimeMillis(),
            new AiResponseRecord(GUARDRAILS_PROVIDER, verdict, 0, 0, 0, 0, null)));
    upsertSearchAttributes();
    return new TurnReply(
        turn,
        screening.refusal(),
        null,
        0.0,
        false,
        0,
        GUARDRAILS_PROVIDER,
        verdict,
        pendingHandoff);
  }

  // ---- handoff to operators -----------------------------------------------------------------

  /** While a person has (or is about to take) the call, the bot only acknowledges. */
  private TurnReply relayToOperator(int turn, String modelText, IntentResult intent) {
    lastIntent = intent.intent().code();
    lastConfidence = intent.confidence();
    emergency = emergency || intent.emergency();
    String ack =
        (Handoff.CLAIMED.equals(pendingHandoff.status()) ? CLAIMED_REPLY : WAITING_REPLY)
            + (intent.emergency() ? DANGER_LINE : "");
    handoffs.postMessage(
        new PostedMessage(
            start.tenantId(),
            workflowId,
            turn,
            0,
            "system",
            "bot",
            ack,
            Workflow.currentTimeMillis()));
    if (modelText != null) {
      recentMessages.add(new ChatTurn(ChatTurn.CALLER, modelText));
      trimHistory();
    }
    upsertSearchAttributes();
    return new TurnReply(
        turn,
        ack,
        lastIntent,
        intent.confidence(),
        intent.emergency(),
        0,
        HANDOFF_PROVIDER,
        pendingHandoff.status(),
        pendingHandoff);
  }

  /** Creates the handoff operators see, starts its SLA and tells the tenant's webhook. */
  private void routeToHuman(int turn, IntentResult intent) {
    handoffCount++;
    String id = workflowId + "-h" + handoffCount;
    long now = Workflow.currentTimeMillis();
    long due = now + tenant.handoffSlaOrDefault().toMillis();
    RoutedHandoff routed =
        handoffs.routeToHuman(
            new HandoffRequest(
                id,
                start.tenantId(),
                workflowId,
                start.conversationId(),
                pendingHandoff.reason(),
                intent.emergency() || "emergency".equals(pendingHandoff.reason()),
                turn,
                intent.intent().code(),
                intent.confidence(),
                slotSummary(),
                callerPhone(),
                List.copyOf(recentMessages),
                now,
                due));
    pendingHandoff = pendingHandoff.routed(id, due);
    if (routed.webhook()) {
      Async.procedure(webhooks::notifyWebhook, start.tenantId(), id);
    }
  }

  /** Routed, and no operator has it yet. */
  private boolean awaitingOperator() {
    return handoffVersion >= 1
        && pendingHandoff != null
        && pendingHandoff.id() != null
        && Handoff.OPEN.equals(pendingHandoff.status());
  }

  private boolean slaPassed(long now) {
    return awaitingOperator() && now >= pendingHandoff.slaDueAtMillis();
  }

  private void slaExpired() {
    if (!awaitingOperator()) {
      return;
    }
    Duration sla = tenant.handoffSlaOrDefault();
    if (toCallback("Nobody claimed the call within " + sla.toSeconds() + " s.")) {
      String phone = callerPhone();
      post(
          ChatTurn.ASSISTANT,
          "bot",
          "Sorry to keep you waiting: our team is busy right now. I've logged a callback request,"
              + " and a member of our team will call you back"
              + (phone == null ? "" : " at " + phone)
              + " as soon as they can. Meanwhile I'm happy to keep helping here.");
    }
    upsertSearchAttributes();
  }

  /**
   * The open handoff becomes a callback task. False when an operator claimed it first: the claim
   * signal is on its way, so until it lands the handoff counts as claimed.
   */
  private boolean toCallback(String note) {
    boolean expired =
        handoffs.expireToCallback(
            new CallbackRequest(
                pendingHandoff.id(), start.tenantId(), note, Workflow.currentTimeMillis()));
    pendingHandoff = pendingHandoff.withStatus(expired ? Handoff.CALLBACK : Handoff.CLAIMED, null);
    return expired;
  }

  private void drainOperatorEvents() {
    while (!operatorEvents.isEmpty()) {
      Object event = operatorEvents.poll();
      withTurnLock(() -> apply(event));
    }
  }

  private void apply(Object event) {
    String handoffId = handoffIdOf(event);
    if (handoffVersion < 1
        || pendingHandoff == null
        || pendingHandoff.id() == null
        || !pendingHandoff.id().equals(handoffId)) {
      log.warn(
          "ignoring an operator signal for handoff {}: not this call's live handoff", handoffId);
      return;
    }
    if (event instanceof OperatorClaim claim) {
      pendingHandoff = pendingHandoff.withStatus(Handoff.CLAIMED, claim.operator());
    } else if (event instanceof OperatorMessage message) {
      post(ChatTurn.OPERATOR, message.operator(), message.text());
      recentMessages.add(new ChatTurn(ChatTurn.OPERATOR, message.text()));
      trimHistory();
    } else if (event instanceof HandBack handBack) {
      post("system", "bot", BACK_TO_BOT);
      if (handBack.notes() != null && !handBack.notes().isBlank()) {
        recentMessages.add(new ChatTurn(ChatTurn.OPERATOR_NOTES, handBack.notes().strip()));
        trimHistory();
      }
      pendingHandoff = null;
      lowConfidenceStreak = 0;
      failedStreak = 0;
    } else if (event instanceof ResolveHandoff) {
      pendingHandoff = null;
      if (endReason == null) {
        endReason = "resolved";
      }
    }
    upsertSearchAttributes();
  }

  private static String handoffIdOf(Object event) {
    if (event instanceof OperatorClaim claim) {
      return claim.handoffId();
    }
    if (event instanceof OperatorMessage message) {
      return message.handoffId();
    }
    if (event instanceof HandBack handBack) {
      return handBack.handoffId();
    }
    return ((ResolveHandoff) event).handoffId();
  }

  /** A message outside the turn's own reply, numbered so a retry stores it once. */
  private void post(String role, String author, String text) {
    handoffs.postMessage(
        new PostedMessage(
            start.tenantId(),
            workflowId,
            Math.max(1, turnCount),
            ++postedMessages,
            role,
            author,
            text,
            Workflow.currentTimeMillis()));
  }

  /** What the bot understood so far, for the operator. */
  private Map<String, String> slotSummary() {
    Map<String, String> slots = new LinkedHashMap<>();
    if (dialogue == null) {
      return slots;
    }
    BookingDialogue.State state = dialogue.state();
    if (state.kind() != null) {
      slots.put("request", state.kind().name().toLowerCase(Locale.ROOT));
    }
    putIfPresent(slots, "service", state.serviceType());
    putIfPresent(slots, "address", state.address() == null ? null : state.address().line());
    putIfPresent(slots, "phone", state.phone());
    putIfPresent(slots, "name", state.name());
    putIfPresent(slots, "preferredTime", state.preferredLabel());
    if (state.lastBooked() != null) {
      putIfPresent(slots, "appointment", state.lastBooked().appointmentId());
    }
    return slots;
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }

  private String callerPhone() {
    if (dialogue != null && dialogue.state().phone() != null) {
      return dialogue.state().phone();
    }
    return start.caller() == null ? null : start.caller().phone();
  }

  private RetrievedContext retrieve(String text) {
    try {
      return (livePathVersion >= 1 ? localKnowledge : knowledge)
          .retrieveContext(new RetrieveRequest(start.tenantId(), text, 0));
    } catch (ActivityFailure failure) {
      log.warn("knowledge retrieval failed; answering without the knowledge base", failure);
      return RetrievedContext.none();
    }
  }

  /**
   * Stand-alone questions whose answer does not depend on the call so far: prices and knowledge
   * questions of a few words at least ("how much is that?" leans on what came before).
   */
  private static boolean cacheable(String modelText, IntentResult intent) {
    if (modelText == null || intent.emergency()) {
      return false;
    }
    Intent kind = intent.intent();
    if (kind != Intent.QUOTE_PRICING && kind != Intent.KNOWLEDGE_QUESTION) {
      return false;
    }
    String lower = modelText.toLowerCase(Locale.ROOT);
    return modelText.strip().split("\\s+").length >= 4
        && !lower.matches(".*\\b(that|it|this|those|them)\\?*\\s*$");
  }

  /** One tool call the model asked for, as its own activity; a tool that stays down is an error. */
  private ToolExchange runTool(int turn, int round, ToolRequest call) {
    // some servers number calls afresh each round ("call_0"): unique within the turn, with the
    // round
    String callId = "r" + round + ":" + call.callId();
    ToolActivities tools =
        Workflow.newActivityStub(ToolActivities.class, ActivityPresets.tools(call.name()));
    try {
      ToolOutcome outcome =
          tools.runTool(
              new ToolCall(
                  start.tenantId(), workflowId, turn, callId, call.name(), call.argumentsJson()));
      return new ToolExchange(
          round,
          callId,
          call.name(),
          call.argumentsJson(),
          outcome.ok(),
          outcome.resultJson(),
          outcome.error());
    } catch (ActivityFailure failure) {
      log.warn("tool {} failed for good: {}", call.name(), describe(failure));
      return new ToolExchange(
          round,
          callId,
          call.name(),
          call.argumentsJson(),
          false,
          null,
          "the tool is unavailable right now; tell the caller a team member will follow up");
    }
  }

  /** What the model calls of one reply cost, tool rounds included. */
  private static final class ModelSpend {
    int inputTokens;
    int outputTokens;
    long millis;
    boolean estimated;

    void add(LlmResult result) {
      inputTokens += result.inputTokens();
      outputTokens += result.outputTokens();
      millis += result.latencyMillis();
      estimated = estimated || result.tokensEstimated();
    }
  }

  private CachedAnswer lookUpCache(String modelText, IntentResult intent) {
    try {
      return cache.lookup(new CacheLookup(start.tenantId(), modelText, intent.intent().code()));
    } catch (ActivityFailure failure) {
      log.warn("response cache unavailable; asking the model", failure);
      return CachedAnswer.miss();
    }
  }

  private static String failureType(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : null;
  }

  private static String describe(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getType() + " (" + app.getOriginalMessage() + ")";
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timeout " + timeout.getTimeoutType();
    }
    return cause == null ? failure.getMessage() : cause.getClass().getSimpleName();
  }

  private boolean wantsPerson(IntentResult intent) {
    if (intent.intent() == Intent.TALK_TO_HUMAN) {
      return true;
    }
    return intent.emergency()
        && (handoffVersion < 1
            || tenant == null
            || tenant.emergencyPolicyOrDefault() == EmergencyPolicy.HANDOFF);
  }

  /**
   * @param callerText null when the message could not be screened: it then stays out of what models
   *     see
   */
  private void remember(String callerText, String replyText) {
    if (callerText != null) {
      recentMessages.add(new ChatTurn(ChatTurn.CALLER, callerText));
    }
    recentMessages.add(new ChatTurn(ChatTurn.ASSISTANT, replyText));
    trimHistory();
  }

  /** Keeps MAX_HISTORY_MESSAGES; what leaves the window is folded into the summary. */
  private void trimHistory() {
    while (recentMessages.size() > settings.maxHistoryMessages()) {
      summary = ConversationSummary.fold(summary, recentMessages.remove(0));
    }
  }

  private void ensureSetUp() {
    if (route == null) {
      dialogueVersion = Workflow.getVersion(DIALOGUE_CHANGE, Workflow.DEFAULT_VERSION, 1);
      knowledgeVersion = Workflow.getVersion(KNOWLEDGE_CHANGE, Workflow.DEFAULT_VERSION, 1);
      handoffVersion = Workflow.getVersion(HANDOFF_CHANGE, Workflow.DEFAULT_VERSION, 1);
      guardrailsVersion = Workflow.getVersion(GUARDRAILS_CHANGE, Workflow.DEFAULT_VERSION, 1);
      contextVersion = Workflow.getVersion(CONTEXT_CHANGE, Workflow.DEFAULT_VERSION, 1);
      cacheVersion = Workflow.getVersion(CACHE_CHANGE, Workflow.DEFAULT_VERSION, 1);
      toolsVersion = Workflow.getVersion(TOOLS_CHANGE, Workflow.DEFAULT_VERSION, 1);
      livePathVersion = Workflow.getVersion(LIVE_PATH_CHANGE, Workflow.DEFAULT_VERSION, 2);
      route = routes.currentRoute();
      if (dialogueVersion >= 1) {
        tenant = tenantSettings.tenantSettings(start.tenantId());
        Messages.Caller caller = start.caller();
        dialogue =
            new BookingDialogue(
                start.tenantId(),
                workflowId,
                tenant,
                carriedDialogue != null
                    ? carriedDialogue
                    : BookingDialogue.State.idle(
                        caller == null ? null : caller.phone(),
                        caller == null ? null : caller.name()));
      }
    }
    if (!opened) {
      Messages.Caller caller = start.caller();
      store.openConversation(
          new ConversationOpening(
              workflowId,
              start.tenantId(),
              start.conversationId(),
              start.channel(),
              caller == null ? null : caller.phone(),
              caller == null ? null : caller.name(),
              Workflow.currentTimeMillis()));
      opened = true;
    }
  }

  private void withTurnLock(Runnable work) {
    turnLock.lock();
    try {
      work.run();
    } finally {
      turnLock.unlock();
    }
  }

  private void awaitWrites() {
    Promise.allOf(pendingWrites).get();
    pendingWrites.clear();
  }

  private boolean shouldContinueAsNew() {
    return Workflow.getInfo().isContinueAsNewSuggested()
        || Workflow.getInfo().getHistoryLength() > settings.historyEventsBeforeContinueAsNew();
  }

  private StartConversation continuedStart() {
    return new StartConversation(
        start.tenantId(),
        start.conversationId(),
        start.channel(),
        start.caller(),
        settings,
        new Carried(
            turnCount,
            lastIntent,
            lastConfidence,
            emergency,
            pendingHandoff,
            List.copyOf(recentMessages),
            continuations + 1,
            dialogue == null ? null : dialogue.state(),
            lowConfidenceStreak,
            handoffCount,
            postedMessages,
            failedStreak,
            summary));
  }

  private void upsertSearchAttributes() {
    if (!settings.upsertSearchAttributes()) {
      return;
    }
    List<io.temporal.common.SearchAttributeUpdate<?>> updates = new ArrayList<>();
    String shownStatus =
        status == Status.ACTIVE && pendingHandoff != null && pendingHandoff.mutesBot()
            ? "handed_off"
            : status.name().toLowerCase(Locale.ROOT);
    updates.add(DispatchSearchAttributes.STATUS.valueSet(shownStatus));
    updates.add(DispatchSearchAttributes.EMERGENCY.valueSet(emergency));
    if (lastIntent != null) {
      updates.add(DispatchSearchAttributes.INTENT.valueSet(lastIntent));
    }
    if (outcome != null) {
      updates.add(DispatchSearchAttributes.OUTCOME.valueSet(outcome));
    }
    Workflow.upsertTypedSearchAttributes(
        updates.toArray(io.temporal.common.SearchAttributeUpdate<?>[]::new));
  }

  private record Reply(
      String text,
      String provider,
      String model,
      int fallbackLevel,
      int inputTokens,
      int outputTokens,
      long latencyMillis,
      String fallbackReason,
      boolean tokensEstimated) {

    /** A reply whose tokens (if any) the provider reported. */
    Reply(
        String text,
        String provider,
        String model,
        int fallbackLevel,
        int inputTokens,
        int outputTokens,
        long latencyMillis,
        String fallbackReason) {
      this(
          text,
          provider,
          model,
          fallbackLevel,
          inputTokens,
          outputTokens,
          latencyMillis,
          fallbackReason,
          false);
    }

    /** Time in the model that answered; rules and scripts are not a model. */
    long modelMillis() {
      return inputTokens > 0 || outputTokens > 0 || isModel(provider) ? latencyMillis : 0;
    }

    private static boolean isModel(String provider) {
      return !RULES_PROVIDER.equals(provider)
          && !DIALOGUE_PROVIDER.equals(provider)
          && !APOLOGY_PROVIDER.equals(provider)
          && !GUARDRAILS_PROVIDER.equals(provider)
          && !HANDOFF_PROVIDER.equals(provider)
          && !CACHE_PROVIDER.equals(provider);
    }

    Reply followedBy(String more) {
      return new Reply(
          text + " " + more,
          provider,
          model,
          fallbackLevel,
          inputTokens,
          outputTokens,
          latencyMillis,
          fallbackReason,
          tokensEstimated);
    }
  }
}
