package com.dispatchbot.activities.intent;

import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.workflows.intent.IntentActivities;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Classifies each caller message with {@link IntentClassifier}: emergency and yes/no rules, the
 * in-process model (with the tenant's own examples from {@code intent_examples}), and the LLM below
 * HUMAN_THRESHOLD when one is configured.
 *
 * <p>The model loads and trains once per JVM, in the background from start-up (2-3 s to load the
 * embedding model, a few more to embed the training set the first time on a machine). A message
 * that arrives before it is ready waits up to {@link #MODEL_WAIT}, then gets the keyword rules'
 * answer (method {@code rules}) instead of failing the activity.
 */
@Component("intentActivities")
public class IntentActivitiesImpl implements IntentActivities {
  private static final Logger log = LoggerFactory.getLogger(IntentActivitiesImpl.class);

  static final Duration MODEL_WAIT = Duration.ofSeconds(3);

  private final CompletableFuture<IntentClassifier> classifier;
  private final Duration modelWait;
  private final KeywordIntentClassifier rulesOnly = new KeywordIntentClassifier();

  @Autowired
  public IntentActivitiesImpl(
      NluProperties nlu, LlmProperties llm, ObjectProvider<JdbcClient> jdbc) {
    JdbcClient db = jdbc.getIfAvailable();
    TenantIntentExamples examples =
        db == null ? TenantIntentExamples.NONE : new JdbcTenantIntentExamples(db);
    LlmIntentClassifier llmClassifier = new LlmIntentClassifier(llm, nlu.llmTimeout());
    this.classifier = new CompletableFuture<>();
    this.modelWait = MODEL_WAIT;
    Thread warmUp =
        new Thread(
            () -> {
              try {
                IntentModel base = IntentModel.base();
                log.info(
                    "intent model ready: {} examples, temperature {}, embedded in {} ms, trained"
                        + " in {} ms",
                    base.report().examples(),
                    String.format(java.util.Locale.ROOT, "%.2f", base.temperature()),
                    base.report().embedMillis(),
                    base.report().trainMillis());
                classifier.complete(
                    new IntentClassifier(base, examples, llmClassifier, nlu.humanThreshold()));
              } catch (Throwable e) {
                log.error("intent model failed to load; classifying with keyword rules only", e);
                classifier.completeExceptionally(e);
              }
            },
            "intent-model-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /** With a ready classifier (tests, tools). */
  public IntentActivitiesImpl(IntentClassifier classifier) {
    this(CompletableFuture.completedFuture(classifier), MODEL_WAIT);
  }

  IntentActivitiesImpl(CompletableFuture<IntentClassifier> classifier, Duration modelWait) {
    this.classifier = classifier;
    this.modelWait = modelWait;
  }

  @Override
  public IntentResult classifyIntent(ClassifyRequest request) {
    String tenantId = request == null ? null : request.tenantId();
    String text = request == null ? null : request.text();
    IntentClassifier ready = ready();
    return ready == null ? rulesOnly.classify(text) : ready.classify(tenantId, text);
  }

  private IntentClassifier ready() {
    try {
      return classifier.get(modelWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.info("intent model still loading; answering this message with keyword rules");
      return null;
    } catch (ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
