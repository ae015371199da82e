package com.dispatchbot.cli.ops;

import com.dispatchbot.workflows.answer.AnswerActivities;
import com.dispatchbot.workflows.answer.AnswerActivities.Answer;
import com.dispatchbot.workflows.answer.AnswerActivities.AnswerRequest;
import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Availability;
import com.dispatchbot.workflows.booking.BookingActivities.AvailabilityRequest;
import com.dispatchbot.workflows.conversation.TenantSettingsActivities;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.geo.GeoActivities.GeocodeRequest;
import com.dispatchbot.workflows.guardrails.GuardrailActivities;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.ScreenRequest;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.Screening;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.Verdict;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrieveRequest;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import com.dispatchbot.workflows.llm.LlmActivities;
import com.dispatchbot.workflows.llm.LlmActivities.LlmRequest;
import com.dispatchbot.workflows.llm.LlmActivities.LlmResult;
import com.dispatchbot.workflows.llm.LlmRoute;
import com.dispatchbot.workflows.llm.LlmRouteActivities;
import com.dispatchbot.workflows.llm.LlmTarget;
import com.dispatchbot.workflows.slots.SlotActivities;
import com.dispatchbot.workflows.slots.SlotActivities.ExtractRequest;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One caller message through a turn's steps, in this process, with the worker's own activity
 * implementations, timed: the guardrails screen, intent and slots (in parallel, as the workflow
 * runs them), knowledge retrieval for knowledge questions, the model chain then the extractive or
 * rule-based answer, and the tools a booking turn uses (geocode, then availability; read-only: no
 * slot is held). Loading models and opening the store happen in a warm-up pass first, as a running
 * worker has them loaded, and are reported apart.
 *
 * <p>What it cannot show: Temporal's own overhead (task dispatch, history writes) and the booking
 * dialogue's scripted replies; the numbers are the activities' time.
 */
@Command(
    name = "profile-request",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one caller message through a turn's steps in-process (guardrails, intent and slots,"
          + " knowledge retrieval, model chain or rules, geocode and availability when the intent"
          + " books) and prints where the time went: vector search, LLM, tools, other.",
      "Exit: 0 answered, 1 no answer could be produced, 2 bad input, 3 database unavailable."
    })
public final class ProfileRequestCommand extends OpsCommand {
  private static final Set<Intent> BOOKING =
      Set.of(Intent.BOOK_APPOINTMENT, Intent.EMERGENCY, Intent.RESCHEDULE);

  @Mixin TenantOption tenant;

  @Option(
      names = {"--query", "-q"},
      required = true,
      paramLabel = "TEXT",
      description = "what the caller says")
  String query;

  /** Milliseconds per bucket of the measured pass. */
  private final long[] nanos = new long[Bucket.values().length];

  private enum Bucket {
    GUARDRAILS,
    NLU,
    VECTOR,
    LLM,
    TOOLS
  }

  @Override
  protected int run() throws Exception {
    String text = TestLlmCommand.checkPrompt("--query", query);
    AppConfig config = AppConfig.load();
    String tenantId;
    try (OpsDatabase db = OpsDatabase.open()) {
      tenantId = tenant.resolve(db, config);
    }
    try (AppBeans beans = AppBeans.start()) {
      Steps steps = new Steps(beans, tenantId);
      long warm = System.nanoTime();
      long modelLoad = Nlu.ready(beans);
      steps.localPass(text);
      long warmMs = (System.nanoTime() - warm) / 1_000_000;
      err.println(
          "(app context "
              + Format.millis(beans.startup().toMillis())
              + "; warm-up "
              + Format.millis(warmMs)
              + ", of it intent model "
              + Format.millis(modelLoad)
              + "; not counted below)");
      java.util.Arrays.fill(nanos, 0);
      long started = System.nanoTime();
      int code = measured(steps, tenantId, text);
      long total = System.nanoTime() - started;
      printTimes(total);
      return code;
    }
  }

  private int measured(Steps steps, String tenantId, String text) {
    Screening screening = time(Bucket.GUARDRAILS, () -> steps.screen(text));
    out.println(
        "guardrails: "
            + screening.verdict().name().toLowerCase(Locale.ROOT)
            + (screening.findings().isEmpty() ? "" : " " + screening.findings()));
    if (screening.verdict() != Verdict.ALLOW) {
      out.println("reply (refusal, no model asked): " + screening.refusal());
      return OK;
    }
    String stored = screening.stored();
    String forModel = screening.forModel();
    IntentResult[] intent = new IntentResult[1];
    Slots[] slots = new Slots[1];
    time(
        Bucket.NLU,
        () -> {
          CompletableFuture<IntentResult> classified =
              CompletableFuture.supplyAsync(() -> steps.classify(stored));
          CompletableFuture<Slots> extracted =
              CompletableFuture.supplyAsync(() -> steps.slots(stored));
          intent[0] = classified.join();
          slots[0] = extracted.join();
          return null;
        });
    out.printf(
        Locale.ROOT,
        "intent: %s (%.2f, %s)%s%n",
        intent[0].intent().code(),
        intent[0].confidence(),
        intent[0].method(),
        intent[0].emergency() ? ", emergency" : "");
    RetrievedContext context = null;
    if (intent[0].intent() == Intent.KNOWLEDGE_QUESTION) {
      context = time(Bucket.VECTOR, () -> steps.retrieve(stored));
      if (steps.knowledgeProblem != null) {
        out.println("knowledge: not searched: " + steps.knowledgeProblem);
      } else {
        out.printf(
            Locale.ROOT,
            "knowledge: %d chunks passed the threshold (best score %.3f)%n",
            context.chunks().size(),
            context.bestScore());
      }
    }
    RetrievedContext retrieved = context;
    String[] answer = new String[2];
    List<String> failures = new ArrayList<>();
    time(
        Bucket.LLM,
        () -> {
          for (LlmTarget target : steps.route.targets()) {
            try {
              LlmResult r = steps.callLlm(target, forModel, intent[0], retrieved);
              answer[0] = r.text();
              answer[1] =
                  r.provider()
                      + "/"
                      + r.model()
                      + ", "
                      + r.inputTokens()
                      + "+"
                      + r.outputTokens()
                      + " tokens, model call "
                      + Format.millis(r.latencyMillis());
              return null;
            } catch (ApplicationFailure failure) {
              failures.add(target.model() + ": " + failure.getType());
            }
          }
          if (retrieved != null && retrieved.relevant() && retrieved.extractiveAnswer() != null) {
            answer[0] = retrieved.extractiveAnswer();
            answer[1] = "rules/retrieval-extractive-v1";
            return null;
          }
          Answer rules = steps.rules(stored, intent[0]);
          answer[0] = rules.text();
          answer[1] = "rules/" + rules.model();
          return null;
        });
    if (steps.route.targets().isEmpty()) {
      failures.add("no model configured (" + steps.noModelReason + ")");
    }
    if (BOOKING.contains(intent[0].intent())) {
      tools(steps, tenantId, intent[0], slots[0]);
    } else {
      out.println("tools: none (" + intent[0].intent().code() + " needs no geocode or booking)");
    }
    out.println(
        "reply ("
            + answer[1]
            + (failures.isEmpty() ? "" : "; before it: " + String.join(", ", failures))
            + "): "
            + answer[0]);
    return answer[0] == null ? PROBLEM : OK;
  }

  private void tools(Steps steps, String tenantId, IntentResult intent, Slots slots) {
    if (slots.address() == null) {
      out.println("tools: none yet (no address in the message: the dialogue would ask for it)");
      return;
    }
    GeoPoint point;
    try {
      point = time(Bucket.TOOLS, () -> steps.geocode(slots.address().line()));
    } catch (ApplicationFailure failure) {
      out.println("tools: geocode failed (" + failure.getType() + ")");
      return;
    }
    out.println(
        "tools: geocoded by "
            + point.provider()
            + " ("
            + point.precision()
            + (point.cached() ? ", cached" : "")
            + ")");
    if (slots.serviceType() == null && !intent.emergency()) {
      out.println("tools: no availability asked (no service named: the dialogue would ask)");
      return;
    }
    Availability availability =
        time(Bucket.TOOLS, () -> steps.availability(slots, point, intent.emergency()));
    out.println(
        "tools: availability "
            + (availability.inServiceArea()
                ? availability.options().size() + " options"
                : "outside the service area (" + availability.reason() + ")")
            + " (read-only: nothing held)");
  }

  private <T> T time(Bucket bucket, Supplier<T> step) {
    long t = System.nanoTime();
    try {
      return step.get();
    } finally {
      nanos[bucket.ordinal()] += System.nanoTime() - t;
    }
  }

  private void printTimes(long totalNanos) {
    long vector = nanos[Bucket.VECTOR.ordinal()];
    long llm = nanos[Bucket.LLM.ordinal()];
    long tools = nanos[Bucket.TOOLS.ordinal()];
    long other = totalNanos - vector - llm - tools;
    out.println();
    Format.Table table = new Format.Table("step", ">time", ">share");
    row(table, "vector search (embedding + hybrid search)", vector, totalNanos);
    row(table, "LLM (model chain, or the rules answer)", llm, totalNanos);
    row(table, "tools (geocode, availability)", tools, totalNanos);
    row(table, "other (guardrails, intent + slots, glue)", other, totalNanos);
    row(table, "  of it guardrails", nanos[Bucket.GUARDRAILS.ordinal()], totalNanos);
    row(table, "  of it intent + slots", nanos[Bucket.NLU.ordinal()], totalNanos);
    row(table, "total", totalNanos, totalNanos);
    table.print(out);
  }

  private static void row(Format.Table table, String name, long nanos, long total) {
    table.row(
        name,
        Format.millis(nanos / 1e6),
        total == 0 ? "n/a" : Format.percent((double) nanos / total));
  }

  /** The worker's activities, called as the workflow calls them. */
  private static final class Steps {
    final String tenantId;
    final GuardrailActivities guardrails;
    final IntentActivities intents;
    final SlotActivities slotExtractor;
    final AppBeans beans;
    final LlmRoute route;
    final String noModelReason;
    final String timezone;

    Steps(AppBeans beans, String tenantId) {
      this.beans = beans;
      this.tenantId = tenantId;
      this.guardrails = beans.get("guardrailActivities", GuardrailActivities.class);
      this.intents = beans.get("intentActivities", IntentActivities.class);
      this.slotExtractor = beans.get("slotActivities", SlotActivities.class);
      this.route = beans.get("llmRouteActivities", LlmRouteActivities.class).currentRoute();
      this.noModelReason =
          beans.get(com.dispatchbot.activities.llm.LlmProperties.class).whyNoModel().orElse("none");
      this.timezone =
          beans
              .get("tenantSettingsActivities", TenantSettingsActivities.class)
              .tenantSettings(tenantId)
              .timezone();
    }

    /** Everything but the model and the tools, once: models load, the store opens. */
    void localPass(String text) {
      Screening s = screen(text);
      IntentResult intent = classify(s.stored());
      slots(s.stored());
      if (intent.intent() == Intent.KNOWLEDGE_QUESTION) {
        retrieve(s.stored());
      }
    }

    Screening screen(String text) {
      return guardrails.screen(new ScreenRequest(tenantId, text));
    }

    IntentResult classify(String text) {
      return intents.classifyIntent(new ClassifyRequest(tenantId, text));
    }

    Slots slots(String text) {
      return slotExtractor.extractSlots(
          new ExtractRequest(tenantId, text, System.currentTimeMillis(), timezone));
    }

    /** Why the knowledge base could not be asked (null when it could). */
    String knowledgeProblem;

    /** As the workflow does: a failed retrieval answers without the knowledge base. */
    RetrievedContext retrieve(String text) {
      try {
        return beans
            .get("knowledgeActivities", KnowledgeActivities.class)
            .retrieveContext(new RetrieveRequest(tenantId, text, 0));
      } catch (org.springframework.beans.BeansException | IllegalStateException e) {
        knowledgeProblem = Knowledge.whyUnavailable(e);
        return RetrievedContext.none();
      }
    }

    LlmResult callLlm(
        LlmTarget target, String forModel, IntentResult intent, RetrievedContext context) {
      return beans
          .get("llmActivities", LlmActivities.class)
          .callLlm(
              new LlmRequest(
                  tenantId,
                  "ops-profile-request",
                  1,
                  target,
                  List.of(),
                  forModel,
                  intent.intent().code(),
                  context == null ? List.of() : context.chunks()));
    }

    Answer rules(String text, IntentResult intent) {
      return beans
          .get("answerActivities", AnswerActivities.class)
          .ruleBasedAnswer(
              new AnswerRequest(tenantId, text, intent.intent().code(), intent.emergency()));
    }

    GeoPoint geocode(String address) {
      return beans
          .get("geoActivities", GeoActivities.class)
          .geocode(new GeocodeRequest(tenantId, address));
    }

    Availability availability(Slots slots, GeoPoint point, boolean emergency) {
      String start = slots.timeWindow() == null ? null : slots.timeWindow().start();
      String end = slots.timeWindow() == null ? null : slots.timeWindow().end();
      return beans
          .get("bookingActivities", BookingActivities.class)
          .findAvailability(
              new AvailabilityRequest(
                  tenantId,
                  slots.serviceType(),
                  point.lat(),
                  point.lng(),
                  point.zip(),
                  point.city(),
                  emergency,
                  System.currentTimeMillis(),
                  start,
                  end,
                  3));
    }
  }
}
