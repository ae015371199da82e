package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.intent.IntentModel;
import com.dispatchbot.activities.intent.NluConfiguration;
import com.dispatchbot.workflows.intent.IntentActivities;

/**
 * The worker's intent activity, ready to classify. A worker loads the intent model in the
 * background and answers with keyword rules until it is ready; a command wants the model's answer,
 * so it waits for the model first (and says how long that took).
 */
final class Nlu {
  private Nlu() {}

  /**
   * @return milliseconds spent loading the model (0 when it was loaded already)
   */
  static long ready(AppBeans beans) {
    // NLU_ENCODER is applied when the NLU configuration is created: before the model is built
    beans.get(NluConfiguration.class);
    beans.get("intentActivities", IntentActivities.class);
    long t = System.nanoTime();
    IntentModel.base();
    return (System.nanoTime() - t) / 1_000_000;
  }
}
