package com.dispatchbot.workflows.intent;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface IntentActivities {

  record ClassifyRequest(String tenantId, String text) {}

  /**
   * @param confidence calibrated to [0, 1]; below HUMAN_THRESHOLD the conversation does not act on
   *     the intent without confirmation
   * @param method how it was decided, e.g. {@code rules}
   */
  record IntentResult(Intent intent, double confidence, boolean emergency, String method) {}

  @ActivityMethod
  IntentResult classifyIntent(ClassifyRequest request);
}
