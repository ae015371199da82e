package com.dispatchbot.activities.intent;

import com.dispatchbot.workflows.intent.IntentActivities;
import org.springframework.stereotype.Component;

/** Classifies each caller message with {@link KeywordIntentClassifier}: in-process, no I/O. */
@Component("intentActivities")
public class IntentActivitiesImpl implements IntentActivities {
  private final KeywordIntentClassifier classifier = new KeywordIntentClassifier();

  @Override
  public IntentResult classifyIntent(ClassifyRequest request) {
    // The tenant id is unused for now: it is in the request for the model that replaces these
    // rules, which will add each tenant's own labelled examples.
    return classifier.classify(request == null ? null : request.text());
  }
}
