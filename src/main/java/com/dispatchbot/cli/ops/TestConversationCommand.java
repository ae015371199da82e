package com.dispatchbot.cli.ops;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.conversation.Conversations;
import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.conversation.Messages.Caller;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A real conversation on the configured Temporal, started and fed as the API does (through the
 * API's own {@link Conversations} client: same workflow id scheme, options, search attributes and
 * update), answered by whatever workers serve the namespace. It checks first that a worker polls
 * the conversation queue, since without one the first message would just wait out REPLY_TIMEOUT.
 */
@Command(
    name = "test-conversation",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a real conversation workflow on the configured Temporal (as the API does), sends"
          + " each --message as a caller turn and prints every reply with its provider, model,"
          + " intent and latency; then ends the conversation.",
      "Exit: 0 every message answered, 1 a reply did not come (or no worker polls), 2 bad input,"
          + " 3 database or Temporal unavailable."
    })
public final class TestConversationCommand extends OpsCommand {
  static final List<String> DEFAULT_MESSAGES =
      List.of(
          "Hi, my kitchen sink is clogged and the water won't drain.",
          "How much do you charge to clear a drain?");

  @Mixin TenantOption tenant;

  @Option(
      names = "--message",
      paramLabel = "TEXT",
      description = "a caller message; repeat for more turns (default: two drain questions)")
  List<String> messages;

  @Option(names = "--channel", paramLabel = "web|sms|voice", description = "default: web")
  String channel = "web";

  @Option(names = "--phone", paramLabel = "E164", description = "the caller's phone, if any")
  String phone;

  @Option(
      names = "--keep-open",
      description = "leave the conversation running (default: end it after the last reply)")
  boolean keepOpen;

  @Override
  protected int run() {
    List<String> texts =
        (messages == null || messages.isEmpty() ? DEFAULT_MESSAGES : messages)
            .stream().map(m -> TestLlmCommand.checkPrompt("--message", m)).toList();
    String ch = channel.strip().toLowerCase(Locale.ROOT);
    if (!List.of("web", "sms", "voice").contains(ch)) {
      throw new BadInput("--channel must be web, sms or voice, not '" + channel + "'");
    }
    AppConfig config = AppConfig.load();
    String tenantId;
    try (OpsDatabase db = OpsDatabase.open()) {
      tenantId = tenant.resolve(db, config);
    }
    try (AppBeans beans = AppBeans.start()) {
      err.println("(app context started in " + Format.millis(beans.startup().toMillis()) + ")");
      String namespace = beans.get(WorkflowClient.class).getOptions().getNamespace();
      int pollers = pollers(beans.get(WorkflowServiceStubs.class), namespace);
      if (pollers == 0) {
        out.println(
            "FAIL no worker polls "
                + TaskQueues.CONVERSATIONS
                + " in namespace "
                + namespace
                + " at "
                + config.temporalTarget()
                + ": start the app (temporal-dev/up) or its workers, then retry");
        return PROBLEM;
      }
      Conversations conversations = beans.get(Conversations.class);
      JdbcClient jdbc = beans.get(JdbcClient.class);
      String id = "ops-test-" + UUID.randomUUID().toString().substring(0, 8);
      Conversations.Started started =
          conversations.start(tenantId, id, ch, new Caller(phone, null));
      out.println(
          "conversation "
              + id
              + " (workflow "
              + started.workflowId()
              + ", namespace "
              + namespace
              + ", "
              + pollers
              + " worker(s) polling), tenant "
              + tenantId);
      int failed = 0;
      // each reply is printed as it comes: that is the progress of this command
      try {
        for (String text : texts) {
          long t = System.nanoTime();
          Optional<TurnReply> reply;
          try {
            reply = conversations.send(tenantId, id, text, null);
          } catch (ApiProblem e) {
            out.println("> " + text);
            out.println("  FAIL " + e.getMessage());
            failed++;
            break;
          }
          long ms = (System.nanoTime() - t) / 1_000_000;
          out.println("> " + text);
          if (reply.isEmpty()) {
            out.println("  FAIL no reply within REPLY_TIMEOUT (" + Format.millis(ms) + ")");
            failed++;
            continue;
          }
          TurnReply r = reply.get();
          Long modelMs =
              jdbc.sql(
                      "select latency_ms from ai_responses"
                          + " where tenant_id = ? and workflow_id = ? and turn = ?")
                  .params(tenantId, started.workflowId(), r.turn())
                  .query(Long.class)
                  .optional()
                  .orElse(null);
          out.println("< " + r.reply());
          out.printf(
              Locale.ROOT,
              "  [%s/%s, intent %s %.2f, round trip %s, answer %s%s%s]%n",
              r.provider(),
              r.model(),
              r.intent() == null ? "-" : r.intent(),
              r.confidence(),
              Format.millis(ms),
              modelMs == null ? "n/a" : Format.millis(modelMs),
              r.fallbackLevel() > 0 ? ", fallback level " + r.fallbackLevel() : "",
              r.handoff() != null ? ", handoff " + r.handoff().reason() : "");
        }
      } finally {
        if (!keepOpen) {
          try {
            conversations.end(tenantId, id, "ops_test");
            out.println("ended the conversation (outcome ops_test)");
          } catch (RuntimeException e) {
            out.println("could not end the conversation: " + rootMessage(e));
          }
        }
      }
      out.println(
          (texts.size() - failed)
              + " of "
              + texts.size()
              + " messages answered; transcript: dispatch-bot conversations get "
              + id
              + " --tenant "
              + tenantId);
      return failed == 0 ? OK : PROBLEM;
    }
  }

  /** Workers that polled the conversation queue lately (the server forgets them after ~5 min). */
  static int pollers(WorkflowServiceStubs stubs, String namespace) {
    try {
      return stubs
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .describeTaskQueue(
              DescribeTaskQueueRequest.newBuilder()
                  .setNamespace(namespace)
                  .setTaskQueue(TaskQueue.newBuilder().setName(TaskQueues.CONVERSATIONS).build())
                  .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                  .build())
          .getPollersCount();
    } catch (io.grpc.StatusRuntimeException e) {
      throw new Unavailable(
          "Temporal cannot be asked about its workers ("
              + e.getStatus().getCode()
              + "): is it up?");
    }
  }
}
