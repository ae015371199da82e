package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.DispatchSearchAttributes;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.conversation.Messages.Caller;
import com.dispatchbot.workflows.conversation.Messages.Settings;
import com.dispatchbot.workflows.conversation.Messages.StartConversation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/** The SDK's test server with the conversation workflow and in-memory activities on each queue. */
final class ConversationTestEnv implements AutoCloseable {
  static final String TENANT = "demo";
  static final String CALLER_PHONE = "+13035550100";

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final FakeActivities.Routes routes =
      new FakeActivities.Routes(FakeActivities.route("gpt-primary", "gpt-fallback"));
  final FakeActivities.Llm llm;
  final FakeActivities.Store store = new FakeActivities.Store();
  final FakeActivities.Answers answers = new FakeActivities.Answers();
  final FakeActivities.Knowledge knowledge = new FakeActivities.Knowledge();
  final FakeActivities.Cache cache = new FakeActivities.Cache();
  final FakeActivities.Tools tools = new FakeActivities.Tools();
  final DispatchFakes.Settings settings = new DispatchFakes.Settings();
  final DispatchFakes.Calendar calendar = new DispatchFakes.Calendar();
  final HandoffFakes.Handoffs handoffs = new HandoffFakes.Handoffs();

  ConversationTestEnv() {
    env = TestWorkflowEnvironment.newInstance();
    for (SearchAttributeKey<?> key : DispatchSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), key.getValueType());
    }
    llm = new FakeActivities.Llm(env::currentTimeMillis);
    Worker conversations = env.newWorker(TaskQueues.CONVERSATIONS);
    conversations.registerWorkflowImplementationTypes(ConversationWorkflowImpl.class);
    FakeActivities.Intents intents = new FakeActivities.Intents();
    DispatchFakes.Slots slots = new DispatchFakes.Slots();
    // the live path runs intent, slots and retrieval as local activities of this worker
    conversations.registerActivitiesImplementations(
        routes, settings, new HandoffFakes.Guardrails(), intents, slots, knowledge);
    env.newWorker(TaskQueues.NLU).registerActivitiesImplementations(intents, answers, slots, cache);
    env.newWorker(TaskQueues.LLM).registerActivitiesImplementations(llm);
    env.newWorker(TaskQueues.KNOWLEDGE).registerActivitiesImplementations(knowledge);
    env.newWorker(TaskQueues.GEO).registerActivitiesImplementations(new DispatchFakes.Geo());
    env.newWorker(TaskQueues.STORE)
        .registerActivitiesImplementations(store, calendar, handoffs, tools);
    env.start();
    client = env.getWorkflowClient();
  }

  ConversationWorkflow start(String conversationId, Settings settings) {
    String workflowId = ConversationIds.workflowId(TENANT, conversationId);
    ConversationWorkflow workflow =
        client.newWorkflowStub(
            ConversationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.CONVERSATIONS)
                .build());
    WorkflowClient.start(
        workflow::run,
        new StartConversation(
            TENANT, conversationId, "voice", new Caller(CALLER_PHONE, "Pat"), settings, null));
    return client.newWorkflowStub(ConversationWorkflow.class, workflowId);
  }

  ConversationWorkflow start(String conversationId) {
    return start(conversationId, Settings.defaults());
  }

  static String workflowId(String conversationId) {
    return ConversationIds.workflowId(TENANT, conversationId);
  }

  @Override
  public void close() {
    env.close();
  }
}
