package com.dispatchbot.activities.intent;

import com.dispatchbot.activities.intent.IntentModel.Prediction;
import com.dispatchbot.activities.intent.KeywordIntentClassifier.Classification;
import com.dispatchbot.activities.intent.LlmIntentClassifier.Answer;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;

/**
 * Decides one caller message's intent in three stages, cheapest and most certain first:
 *
 * <ol>
 *   <li><b>Rules</b> ({@link KeywordIntentClassifier}): a hazard rule (gas, CO alarm, flooding,
 *       sparks, sewage, no heat in freezing weather, "it's an emergency") always sets {@code
 *       emergency}; when the hazard is the point of the message (the emergency evidence outweighs
 *       every other intent's) the intent is {@link Intent#EMERGENCY}, decided here with confidence
 *       at least {@value #RULE_EMERGENCY_CONFIDENCE} (the hazard rules' precision: no false alarm
 *       on the project's 747 labelled non-emergency utterances and 1 in CLINC150's 18,200). A short
 *       yes or no ("yep", "no thanks", "not that one": {@link Intent#CONFIRM} or {@link
 *       Intent#DENY} with rule confidence at least {@value #SHORT_ANSWER_CONFIDENCE} in at most
 *       {@value #SHORT_ANSWER_WORDS} words) is decided here too. Method {@value #RULES}.
 *   <li><b>Model</b> ({@link IntentModel}, the tenant's own if it has examples): calibrated
 *       probabilities over all intents. Method {@value #MODEL}.
 *   <li><b>LLM</b> ({@link LlmIntentClassifier}), only when the model's confidence is below the
 *       human threshold and a model is configured: its answer replaces the local one, method
 *       {@value #LLM}; when it fails the local answer stands.
 * </ol>
 *
 * The result is flagged {@code emergency} when a hazard rule fired, or when the model or the LLM
 * decided {@link Intent#EMERGENCY} with a confidence at or above the threshold. A less certain
 * {@link Intent#EMERGENCY} keeps the intent with its low confidence but not the flag: on CLINC150
 * such guesses were things like "whats left as far as gas goes" (a car's), and the conversation
 * asks before it acts on a low confidence anyway. What the conversation does with a confidence
 * below the threshold (clarify or hand off) is the workflow's decision. Thread-safe.
 */
public final class IntentClassifier {
  public static final String RULES = KeywordIntentClassifier.METHOD;
  public static final String MODEL = "model";
  public static final String LLM = "llm";

  static final double RULE_EMERGENCY_CONFIDENCE = 0.95;
  static final double SHORT_ANSWER_CONFIDENCE = 0.8;
  static final int SHORT_ANSWER_WORDS = 8;

  private final KeywordIntentClassifier rules = new KeywordIntentClassifier();
  private final TenantIntentModels models;
  private final LlmIntentClassifier llm;
  private final double humanThreshold;

  /**
   * @param llm asked below the threshold when it is {@link LlmIntentClassifier#configured()}; null
   *     for never
   */
  public IntentClassifier(
      IntentModel base,
      TenantIntentExamples tenantExamples,
      LlmIntentClassifier llm,
      double humanThreshold) {
    this.models = new TenantIntentModels(base, tenantExamples);
    this.llm = llm;
    this.humanThreshold = humanThreshold;
  }

  /** Every stage's view of one message, for the evaluation command and tests. */
  public record Decision(IntentResult result, Classification rules, Prediction model, Answer llm) {}

  public IntentResult classify(String tenantId, String text) {
    return decide(tenantId, text).result();
  }

  public Decision decide(String tenantId, String text) {
    Classification byRules = rules.explain(text);
    if (text == null || text.isBlank()) {
      return new Decision(byRules.toResult(), byRules, null, null);
    }
    if (byRules.emergency() && byRules.intent() == Intent.EMERGENCY) {
      double confidence = Math.max(byRules.confidence(), RULE_EMERGENCY_CONFIDENCE);
      return new Decision(
          new IntentResult(Intent.EMERGENCY, confidence, true, RULES), byRules, null, null);
    }
    if (isShortAnswer(byRules, text)) {
      return new Decision(byRules.toResult(), byRules, null, null);
    }
    Prediction prediction = models.forTenant(tenantId).predict(text);
    Intent intent = prediction.intent();
    double confidence = prediction.confidence();
    String method = MODEL;
    Answer answer = null;
    if (confidence < humanThreshold && llm != null && llm.configured()) {
      answer = llm.classify(text).orElse(null);
      if (answer != null) {
        intent = answer.intent();
        confidence = answer.confidence();
        method = LLM;
      }
    }
    boolean emergency =
        byRules.emergency() || (intent == Intent.EMERGENCY && confidence >= humanThreshold);
    return new Decision(
        new IntentResult(intent, round(confidence), emergency, method),
        byRules,
        prediction,
        answer);
  }

  /** The model's view alone (the tenant's model), without rules or LLM: for evaluation. */
  public Prediction model(String tenantId, String text) {
    return models.forTenant(tenantId).predict(text);
  }

  public double humanThreshold() {
    return humanThreshold;
  }

  private static boolean isShortAnswer(Classification c, String text) {
    return (c.intent() == Intent.CONFIRM || c.intent() == Intent.DENY)
        && !c.emergency()
        && c.confidence() >= SHORT_ANSWER_CONFIDENCE
        && IntentModel.clean(text).split(" ").length <= SHORT_ANSWER_WORDS;
  }

  private static double round(double p) {
    return Math.round(p * 1000.0) / 1000.0;
  }
}
