package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.PriceTable;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.workflows.answer.AnswerActivities;
import com.dispatchbot.workflows.answer.AnswerActivities.Answer;
import com.dispatchbot.workflows.answer.AnswerActivities.AnswerRequest;
import com.dispatchbot.workflows.conversation.ConversationRejections;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.dispatchbot.workflows.llm.LlmActivities;
import com.dispatchbot.workflows.llm.LlmActivities.LlmRequest;
import com.dispatchbot.workflows.llm.LlmActivities.LlmResult;
import com.dispatchbot.workflows.llm.LlmTarget;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One answer through the worker's own code: {@code openai} calls the model the way the {@code
 * dispatch-llm} worker does (LlmActivitiesImpl: the tenant's front-desk prompt, redaction, output
 * guard, spend limits), {@code rules} asks the rule-based answer (AnswerActivitiesImpl). The intent
 * is classified first by the intent activity, as in a turn, unless given.
 */
@Command(
    name = "test-llm",
    mixinStandardHelpOptions = true,
    description = {
      "One call through the worker's LLM code (openai: the configured OpenAI-compatible"
          + " provider, LLM_PROVIDER openai, azure or local) or its rule-based answer (rules);"
          + " prints the text, tokens, cost and latency.",
      "Exit: 0 answered, 1 no answer (the failure is printed), 2 bad input, 3 database"
          + " unavailable."
    })
public final class TestLlmCommand extends OpsCommand {
  static final String DEFAULT_PROMPT = "Hi, how much do you charge to unclog a kitchen sink?";

  @Mixin TenantOption tenant;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "openai|rules",
      description = "openai: the configured model provider; rules: the rule-based answer")
  String provider;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      description = "what the caller says (default: \"" + DEFAULT_PROMPT + "\")")
  String prompt = DEFAULT_PROMPT;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "ask this model instead of MODEL_NAME (e.g. FALLBACK_MODEL)")
  String model;

  @Option(
      names = "--intent",
      paramLabel = "CODE",
      description = "skip classification and use this intent, e.g. quote_pricing")
  String intent;

  @Override
  protected int run() {
    String kind = provider.strip().toLowerCase(Locale.ROOT);
    if (!kind.equals("openai") && !kind.equals("rules")) {
      throw new BadInput("--provider must be openai or rules, not '" + provider + "'");
    }
    String text = checkPrompt("--prompt", prompt);
    Intent given = intent == null ? null : intent("--intent", intent);
    AppConfig config = AppConfig.load();
    String tenantId;
    try (OpsDatabase db = OpsDatabase.open()) {
      tenantId = tenant.resolve(db, config);
    }
    try (AppBeans beans = AppBeans.start()) {
      err.println("(app context started in " + Format.millis(beans.startup().toMillis()) + ")");
      IntentResult classified;
      if (given != null) {
        classified = new IntentResult(given, 1.0, given == Intent.EMERGENCY, "given");
      } else {
        long load = Nlu.ready(beans);
        if (load > 0) {
          err.println("(intent model loaded in " + Format.millis(load) + ")");
        }
        long t = System.nanoTime();
        classified =
            beans
                .get("intentActivities", IntentActivities.class)
                .classifyIntent(new ClassifyRequest(tenantId, text));
        out.printf(
            Locale.ROOT,
            "intent %s (%.2f, %s, %s)%n",
            classified.intent().code(),
            classified.confidence(),
            classified.method(),
            Format.millis((System.nanoTime() - t) / 1e6));
      }
      return kind.equals("rules")
          ? rules(beans, tenantId, text, classified)
          : model(beans, tenantId, text, classified);
    }
  }

  private int rules(AppBeans beans, String tenantId, String text, IntentResult intent) {
    long t = System.nanoTime();
    Answer answer =
        beans
            .get("answerActivities", AnswerActivities.class)
            .ruleBasedAnswer(
                new AnswerRequest(tenantId, text, intent.intent().code(), intent.emergency()));
    double ms = (System.nanoTime() - t) / 1e6;
    out.println("provider rules, model " + answer.model());
    out.println("reply: " + answer.text());
    out.println("tokens: 0 (no model asked), cost $0");
    out.println(
        "latency: "
            + Format.millis(ms)
            + (answer.followUp() ? "; the rules had no answer: a person would follow up" : ""));
    return OK;
  }

  private int model(AppBeans beans, String tenantId, String text, IntentResult intent) {
    LlmProperties llm = beans.get(LlmProperties.class);
    if (llm.whyNoModel().isPresent()) {
      out.println("FAIL no model can be asked: " + llm.whyNoModel().get());
      return PROBLEM;
    }
    String name = model == null || model.isBlank() ? llm.model() : model.strip();
    LlmTarget target = new LlmTarget(0, llm.provider().code(), name);
    out.println(
        "asking "
            + llm.provider().code()
            + " model "
            + name
            + " at "
            + llm.effectiveBaseUrl().orElse("?")
            + " (timeout "
            + llm.timeout().toSeconds()
            + " s)");
    LlmResult result;
    try {
      result =
          beans
              .get("llmActivities", LlmActivities.class)
              .callLlm(
                  new LlmRequest(
                      tenantId,
                      "ops-test-llm",
                      1,
                      target,
                      List.of(),
                      text,
                      intent.intent().code(),
                      List.of()));
    } catch (ApplicationFailure failure) {
      out.println("FAIL " + failure.getType() + ": " + failure.getOriginalMessage());
      return PROBLEM;
    }
    var cost =
        beans
            .get(PriceTable.class)
            .cost(result.model(), result.inputTokens(), result.outputTokens());
    out.println("provider " + result.provider() + ", model " + result.model());
    out.println("reply: " + result.text());
    out.println(
        "tokens: "
            + Format.count(result.inputTokens())
            + " in + "
            + Format.count(result.outputTokens())
            + " out ("
            + (result.tokensEstimated() ? "estimated with a tokenizer" : "reported by the provider")
            + "), cost "
            + Format.usd(cost));
    out.println(
        "latency: "
            + Format.millis(result.latencyMillis())
            + " (model call), finish reason "
            + result.finishReason());
    return OK;
  }

  static String checkPrompt(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new BadInput(option + ": the message has no text");
    }
    if (text.length() > ConversationRejections.MAX_MESSAGE_CHARS) {
      throw new BadInput(
          option
              + ": the message has "
              + text.length()
              + " characters; the limit is "
              + ConversationRejections.MAX_MESSAGE_CHARS);
    }
    return text.strip();
  }

  static Intent intent(String option, String code) {
    for (Intent i : Intent.values()) {
      if (i.code().equals(code.strip().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    throw new BadInput(
        option
            + ": '"
            + code
            + "' is not an intent; one of "
            + String.join(
                ", ", java.util.Arrays.stream(Intent.values()).map(Intent::code).toList()));
  }
}
