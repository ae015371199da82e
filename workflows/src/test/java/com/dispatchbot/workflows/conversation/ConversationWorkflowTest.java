package com.dispatchbot.workflows.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.workflows.DispatchSearchAttributes;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ReplyRecord;
import com.dispatchbot.workflows.conversation.Messages.CallerMessage;
import com.dispatchbot.workflows.conversation.Messages.ConversationResult;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.EndConversation;
import com.dispatchbot.workflows.conversation.Messages.Settings;
import com.dispatchbot.workflows.conversation.Messages.Status;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmRoute;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationWorkflowTest {
  private static final String TENANT = ConversationTestEnv.TENANT;

  private ConversationTestEnv test;
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private FakeActivities.Routes routes;
  private FakeActivities.Llm llm;
  private FakeActivities.Store store;
  private FakeActivities.Answers answers;

  @BeforeEach
  void setUp() {
    test = new ConversationTestEnv();
    env = test.env;
    client = test.client;
    routes = test.routes;
    llm = test.llm;
    store = test.store;
    answers = test.answers;
  }

  @AfterEach
  void tearDown() {
    test.close();
  }

  private ConversationWorkflow start(String conversationId, Settings settings) {
    return test.start(conversationId, settings);
  }

  private ConversationWorkflow start(String conversationId) {
    return test.start(conversationId);
  }

  @Test
  void givenAThreeTurnCall_whenEachTurnIsSent_itShouldReplyInOrderAndStoreEveryMessageOnce() {
    ConversationWorkflow call = start("three-turns");

    TurnReply first = call.sendMessage(new CallerMessage("Hi there"));
    TurnReply second = call.sendMessage(new CallerMessage("I want to book an appointment"));
    TurnReply third = call.sendMessage(new CallerMessage("How much is a drain cleaning?"));

    assertThat(List.of(first.turn(), second.turn(), third.turn())).containsExactly(1, 2, 3);
    assertThat(second.intent()).isEqualTo("book_appointment");
    assertThat(third.reply())
        .as("the question is answered first, then the booking goes on")
        .startsWith("gpt-primary says hello to: How much is a drain cleaning?")
        .endsWith("What's the address where you need the service? Street, city and ZIP, please.");
    assertThat(third.fallbackLevel()).isZero();
    assertThat(third.provider()).isEqualTo("openai");

    ConversationState state = call.state();
    assertThat(state.turnCount()).isEqualTo(3);
    assertThat(state.lastIntent()).isEqualTo("quote_pricing");
    assertThat(state.status()).isEqualTo(Status.ACTIVE);

    String workflowId = ConversationIds.workflowId(TENANT, "three-turns");
    assertThat(store.opened).containsExactly(workflowId);
    assertThat(store.messages).hasSize(3);
    assertThat(store.awaitReplies(3)).hasSize(3);
    ReplyRecord reply = store.replies.get(workflowId + "/3");
    assertThat(reply.ai().model()).isEqualTo("gpt-primary");
    assertThat(reply.ai().inputTokens()).isEqualTo(42);
    recordHistoryIfAsked(workflowId, "conversation-three-turns.json");
    // the booking turn is the dialogue's; the model is asked on turns 1 and 3, and the third turn
    // carries the first two exchanges as context, oldest first
    assertThat(llm.attempts).hasSize(2);
    assertThat(llm.attempts.get(1).request().history())
        .extracting(ChatTurn::text)
        .startsWith("Hi there")
        .contains("I want to book an appointment");
  }

  /**
   * With -Ddispatch.recordHistories=true, writes the history for ConversationReplayTest. Record
   * anew only when a change to the workflow is meant to be incompatible (and version it).
   */
  private void recordHistoryIfAsked(String workflowId, String file) {
    if (Boolean.getBoolean("dispatch.recordHistories")) {
      try {
        java.nio.file.Files.writeString(
            ConversationReplayTest.HISTORIES.resolve(file),
            client.fetchHistory(workflowId).toJson(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void givenBadMessages_whenSent_itShouldRejectThemBeforeTheyReachHistory() {
    ConversationWorkflow call = start("validator");
    call.sendMessage(new CallerMessage("hello"));

    assertThatThrownBy(() -> call.sendMessage(new CallerMessage("   ")))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f ->
                assertThat(ConversationRejections.of(f))
                    .contains(ConversationRejections.EMPTY_MESSAGE));
    assertThatThrownBy(() -> call.sendMessage(new CallerMessage("x".repeat(4001))))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(ConversationRejections.of(f))
                  .contains(ConversationRejections.MESSAGE_TOO_LONG);
              assertThat(ConversationRejections.detail(f)).contains("limit is 4000");
            });
    // exactly 4,000 characters is allowed
    assertThat(call.sendMessage(new CallerMessage("y".repeat(4000))).turn()).isEqualTo(2);

    String workflowId = ConversationIds.workflowId(TENANT, "validator");
    long accepted =
        client.fetchHistory(workflowId).getHistory().getEventsList().stream()
            .map(HistoryEvent::getEventType)
            .filter(t -> t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
            .count();
    assertThat(accepted).as("only the two valid messages are in history").isEqualTo(2);
    assertThat(call.state().turnCount()).isEqualTo(2);
  }

  @Test
  void givenAnEndedCall_whenAMessageArrives_itShouldBeRefusedAsClosed() {
    ConversationWorkflow call = start("ended");
    call.sendMessage(new CallerMessage("hello"));
    call.end(new EndConversation(null));
    ConversationResult result = WorkflowStub.fromTyped(call).getResult(ConversationResult.class);

    assertThat(result.outcome()).isEqualTo("caller_ended");
    assertThat(store.closed.get(result.workflowId()).outcome()).isEqualTo("caller_ended");
    assertThatThrownBy(() -> call.sendMessage(new CallerMessage("are you there?")))
        .isInstanceOf(RuntimeException.class);
    assertThat(store.messages).hasSize(1);
  }

  @Test
  void givenASilentCaller_whenThirtyMinutesPass_itShouldCloseTheCallAsInactive() {
    ConversationWorkflow call = start("silent");
    call.sendMessage(new CallerMessage("hello"));

    env.sleep(Duration.ofMinutes(29));
    assertThat(call.state().status()).isEqualTo(Status.ACTIVE);
    call.sendMessage(new CallerMessage("still here"));
    env.sleep(Duration.ofMinutes(29));
    assertThat(call.state().status())
        .as("a message resets the inactivity timer")
        .isEqualTo(Status.ACTIVE);
    env.sleep(Duration.ofMinutes(2));

    ConversationResult result = WorkflowStub.fromTyped(call).getResult(ConversationResult.class);
    assertThat(result.outcome()).isEqualTo("inactive");
    assertThat(result.turnCount()).isEqualTo(2);
    assertThat(store.closed.get(result.workflowId()).outcome()).isEqualTo("inactive");
    recordHistoryIfAsked(result.workflowId(), "conversation-inactive.json");
  }

  @Test
  void givenALongCall_whenHistoryPassesTheThreshold_itShouldContinueAsNewAndKeepItsState() {
    Settings small = new Settings(Duration.ofMinutes(30), 40, 4, true, 0.7, false);
    ConversationWorkflow call = start("long", small);
    String workflowId = ConversationIds.workflowId(TENANT, "long");
    String firstRun =
        client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();

    for (int i = 1; i <= 8; i++) {
      call.sendMessage(new CallerMessage("message " + i));
    }

    ConversationState state = call.state();
    assertThat(state.continuations()).isPositive();
    assertThat(state.turnCount()).isEqualTo(8);
    String lastRun = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
    assertThat(lastRun).isNotEqualTo(firstRun);
    // context carried across runs, bounded by maxHistoryMessages
    List<ChatTurn> context = llm.attempts.get(llm.attempts.size() - 1).request().history();
    assertThat(context).hasSize(4);
    assertThat(context.get(2).text()).isEqualTo("message 7");
    // what left the window is summarised, and the summary crossed the continue-as-new too
    String summary = llm.attempts.get(llm.attempts.size() - 1).request().summary();
    assertThat(summary)
        .startsWith("Caller: message 1\n")
        .contains("Assistant: gpt-primary says hello to: message 5")
        .doesNotContain("message 6");
    // the conversation is opened once, and turn numbers never restart
    assertThat(store.opened).hasSize(1);
    assertThat(store.awaitReplies(8)).hasSize(8).containsKey(workflowId + "/8");
  }

  @Test
  void
      givenTheModelRefusesThePromptsLength_whenAskedAgainWithLess_itShouldAnswerWithoutFallingBack() {
    llm.fitsFromShrink = 2;
    ConversationWorkflow call = start("too-long");

    TurnReply reply = call.sendMessage(new CallerMessage("Hi"));

    assertThat(reply.model()).isEqualTo("gpt-primary");
    assertThat(reply.fallbackLevel()).isZero();
    assertThat(llm.attempts)
        .extracting(a -> a.model() + "/" + a.request().shrink())
        .containsExactly("gpt-primary/0", "gpt-primary/1", "gpt-primary/2");
  }

  @Test
  void givenTheModelRefusesEvenTheSmallestPrompt_whenShrinkingRunsOut_itShouldMoveToTheFallback() {
    llm.fitsFromShrink = 99;
    ConversationWorkflow call = start("never-fits");

    TurnReply reply = call.sendMessage(new CallerMessage("Hi"));

    assertThat(reply.provider()).isEqualTo("rules");
    assertThat(llm.attempts)
        .filteredOn(a -> a.model().equals("gpt-primary"))
        .extracting(a -> a.request().shrink())
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void
      givenTheResponseCacheIsOn_whenTheSameQuestionComesAgain_itShouldAnswerFromTheCacheNotTheModel() {
    test.routes.route = withCache(LlmRoute.CACHE_ON);
    ConversationWorkflow first = start("cache-1");
    TurnReply asked =
        first.sendMessage(new CallerMessage("Do you install tankless water heaters?"));
    ConversationWorkflow second = start("cache-2");

    TurnReply again =
        second.sendMessage(new CallerMessage("Do you install tankless water heaters?"));
    TurnReply other = second.sendMessage(new CallerMessage("Do you clean gutters in winter?"));

    assertThat(asked.provider()).isEqualTo("openai");
    assertThat(again.provider()).isEqualTo("cache");
    assertThat(again.reply()).isEqualTo(asked.reply());
    assertThat(again.modelMillis()).isZero();
    assertThat(other.provider()).isEqualTo("openai");
    recordHistoryIfAsked(
        ConversationIds.workflowId(TENANT, "cache-2"), "conversation-cached-answer.json");
    assertThat(llm.attempts)
        .extracting(a -> a.request().callerText())
        .containsExactly(
            "Do you install tankless water heaters?", "Do you clean gutters in winter?");
  }

  @Test
  void givenTheCacheIsOn_whenAQuestionLeansOnTheCallSoFar_itShouldNeitherLookUpNorStoreIt() {
    test.routes.route = withCache(LlmRoute.CACHE_ON);
    ConversationWorkflow call = start("cache-context");

    call.sendMessage(new CallerMessage("How much is that?"));
    call.sendMessage(new CallerMessage("Hi there"));

    assertThat(test.cache.lookups).isEmpty();
    assertThat(test.cache.entries).isEmpty();
  }

  @Test
  void givenUseCachedOnly_whenTheCacheMisses_itShouldAnswerFromRulesWithoutAskingAModel() {
    test.routes.route = withCache(LlmRoute.CACHE_ONLY);
    ConversationWorkflow call = start("cache-only");

    TurnReply reply = call.sendMessage(new CallerMessage("Do you service tankless water heaters?"));

    assertThat(reply.provider()).isEqualTo("rules");
    assertThat(llm.attempts).isEmpty();
    assertThat(test.cache.lookups).hasSize(1);
  }

  @Test
  void givenTheModelCallsATool_whenTheToolAnswers_itShouldRunItAsAnActivityAndAskTheModelAgain() {
    llm.toolCalls.put("gpt-primary", "business_hours");
    test.tools.results.put("business_hours", "{\"sat\":\"9:00-13:00\"}");
    ConversationWorkflow call = start("tool-hours");

    TurnReply reply = call.sendMessage(new CallerMessage("Are you open on Saturday?"));

    assertThat(reply.reply()).isEqualTo("From business_hours: {\"sat\":\"9:00-13:00\"}");
    assertThat(test.tools.calls)
        .extracting(c -> c.name() + " " + c.callId() + " turn " + c.turn())
        .containsExactly("business_hours r1:call-1 turn 1");
    assertThat(llm.attempts).hasSize(2);
    assertThat(llm.attempts.get(1).request().toolExchanges())
        .singleElement()
        .satisfies(e -> assertThat(e.ok()).isTrue());
    ReplyRecord stored = store.awaitReplies(1).values().iterator().next();
    assertThat(stored.ai().inputTokens()).as("both model calls are billed").isEqualTo(80);
    assertThat(reply.modelMillis()).isEqualTo(170);
    recordHistoryIfAsked(
        ConversationIds.workflowId(TENANT, "tool-hours"), "conversation-tool-call.json");
  }

  @Test
  void givenAToolThatStaysDown_whenTheModelCallsIt_itShouldTellTheModelInsteadOfFailingTheTurn() {
    llm.toolCalls.put("gpt-primary", "check_availability");
    test.tools.down = true;
    ConversationWorkflow call = start("tool-down");

    TurnReply reply = call.sendMessage(new CallerMessage("Can someone come Saturday?"));

    assertThat(reply.provider()).isEqualTo("openai");
    assertThat(reply.reply()).startsWith("From check_availability: the tool is unavailable");
    assertThat(test.tools.calls).hasSize(5);
  }

  @Test
  void givenAModelThatKeepsCallingTools_whenTheRoundsRunOut_itShouldFallBack() {
    llm.toolCalls.put("gpt-primary", "business_hours");
    llm.toolRounds = 10;
    test.tools.results.put("business_hours", "{}");
    ConversationWorkflow call = start("tool-loop");

    TurnReply reply = call.sendMessage(new CallerMessage("Are you open on Saturday?"));

    assertThat(reply.model()).isEqualTo("gpt-fallback");
    assertThat(test.tools.calls).hasSize(3);
  }

  private static LlmRoute withCache(String cache) {
    LlmRoute route = FakeActivities.route("gpt-primary", "gpt-fallback");
    return new LlmRoute(
        route.targets(),
        route.callTimeout(),
        route.maxAttempts(),
        route.initialRetryInterval(),
        cache);
  }

  @Test
  void givenThePrimaryModelIsRateLimited_whenItKeepsFailing_itShouldAnswerFromTheFallbackModel() {
    llm.failures.put("gpt-primary", LlmFailures.RATE_LIMITED);
    ConversationWorkflow call = start("fallback");

    TurnReply reply = call.sendMessage(new CallerMessage("Hi"));

    assertThat(reply.fallbackLevel()).isEqualTo(1);
    assertThat(reply.model()).isEqualTo("gpt-fallback");
    assertThat(llm.attempts).filteredOn(a -> a.model().equals("gpt-primary")).hasSize(3);
    ReplyRecord stored = store.awaitReplies(1).values().iterator().next();
    assertThat(stored.ai().fallbackLevel()).isEqualTo(1);
    assertThat(stored.ai().fallbackReason()).contains("gpt-primary").contains("LlmRateLimited");
    recordHistoryIfAsked(
        ConversationIds.workflowId(TENANT, "fallback"), "conversation-fallback-model.json");
  }

  @Test
  void givenEveryModelFails_whenACallerAsks_itShouldStillAnswerFromRules() {
    llm.failures.put("gpt-primary", LlmFailures.UNAUTHORIZED);
    llm.failures.put("gpt-fallback", LlmFailures.UNAVAILABLE);
    ConversationWorkflow call = start("rules");

    TurnReply reply = call.sendMessage(new CallerMessage("How much for a drain?"));

    assertThat(reply.reply()).isEqualTo("rules answer for quote_pricing");
    assertThat(reply.fallbackLevel()).isEqualTo(2);
    assertThat(reply.provider()).isEqualTo("rules");
    // unauthorized is final: asked once; unavailable is retried to the limit
    assertThat(llm.attempts).filteredOn(a -> a.model().equals("gpt-primary")).hasSize(1);
    assertThat(llm.attempts).filteredOn(a -> a.model().equals("gpt-fallback")).hasSize(3);
  }

  @Test
  void givenNothingCanAnswer_whenTwoTurnsInARowFail_itShouldApologiseThenHandTheCallToAPerson() {
    routes.route = LlmRoute.rulesOnly();
    answers.broken = true;
    ConversationWorkflow call = start("broken");

    TurnReply first = call.sendMessage(new CallerMessage("Can someone fix my furnace?"));

    assertThat(first.reply()).contains("say that another way").doesNotContain("call you back");
    assertThat(first.provider()).isEqualTo("none");
    assertThat(first.fallbackLevel()).isEqualTo(1);
    assertThat(first.handoff()).as("one failed turn is not yet a reason for a person").isNull();
    assertThat(store.awaitReplies(1).values().iterator().next().ai().fallbackReason())
        .contains("IllegalStateException");

    TurnReply second = call.sendMessage(new CallerMessage("My furnace, it's broken"));

    assertThat(second.reply()).contains("call you back");
    assertThat(second.handoff().reason()).isEqualTo("repeated_failure");
    assertThat(second.handoff().status()).isEqualTo("open");
    assertThat(test.handoffs.created).containsKey(second.handoff().id());
  }

  @Test
  void givenTheProviderSaysRetryAfter_whenItRateLimits_itShouldWaitThatLongBeforeTheNextAttempt() {
    llm.failures.put("gpt-primary", LlmFailures.RATE_LIMITED);
    llm.retryAfter.put("gpt-primary", Duration.ofSeconds(7));
    ConversationWorkflow call = start("retry-after");

    call.sendMessage(new CallerMessage("Hi"));

    List<FakeActivities.Llm.Attempt> primary =
        llm.attempts.stream().filter(a -> a.model().equals("gpt-primary")).toList();
    assertThat(primary).hasSize(3);
    assertThat(primary.get(1).atMillis() - primary.get(0).atMillis())
        .as("waited the provider's Retry-After, not the 1 s backoff")
        .isGreaterThanOrEqualTo(7_000);
  }

  @Test
  void givenNoModelIsConfigured_whenACallerAsks_itShouldAnswerFromRulesAtLevelZero() {
    routes.route = LlmRoute.rulesOnly();
    ConversationWorkflow call = start("rules-only");

    TurnReply reply = call.sendMessage(new CallerMessage("I smell gas in the kitchen"));

    assertThat(reply.fallbackLevel()).isZero();
    assertThat(reply.provider()).isEqualTo("rules");
    assertThat(reply.emergency()).isTrue();
    assertThat(reply.handoff()).isNotNull();
    assertThat(reply.handoff().reason()).isEqualTo("emergency");
    assertThat(llm.attempts).isEmpty();
  }

  @Test
  void givenAnSmsChannel_whenAMessageIsSignalled_itShouldBeAnsweredAndStored() {
    ConversationWorkflow call = start("sms");
    call.receiveMessage(new CallerMessage("Hi, are you open today?"));
    call.receiveMessage(new CallerMessage(""));

    env.sleep(Duration.ofSeconds(5));

    String workflowId = ConversationIds.workflowId(TENANT, "sms");
    assertThat(call.state().turnCount()).isEqualTo(1);
    assertThat(store.awaitReplies(1).get(workflowId + "/1").text()).contains("gpt-primary");
  }

  @Test
  void givenACall_whenTurnsHappen_itShouldBeFindableBySearchAttributes() {
    routes.route = LlmRoute.rulesOnly();
    ConversationWorkflow call = start("indexed");
    call.sendMessage(new CallerMessage("there is a gas smell"));

    var attributes =
        client
            .newUntypedWorkflowStub(ConversationIds.workflowId(TENANT, "indexed"))
            .describe()
            .getTypedSearchAttributes();
    assertThat(attributes.get(DispatchSearchAttributes.INTENT)).isEqualTo("emergency");
    assertThat(attributes.get(DispatchSearchAttributes.EMERGENCY)).isTrue();
    assertThat(attributes.get(DispatchSearchAttributes.STATUS))
        .as("an emergency goes to a person, and the bot is muted until one has it")
        .isEqualTo("handed_off");
    assertThat(IndexedValueType.INDEXED_VALUE_TYPE_BOOL)
        .isEqualTo(DispatchSearchAttributes.EMERGENCY.getValueType());
  }
}
