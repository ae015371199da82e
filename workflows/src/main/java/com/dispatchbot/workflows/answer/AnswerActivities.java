package com.dispatchbot.workflows.answer;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The last level of the fallback chain: answers from rules and the tenant's profile. */
@ActivityInterface
public interface AnswerActivities {

  record AnswerRequest(String tenantId, String callerText, String intent, boolean emergency) {}

  record Answer(String text, String model) {}

  @ActivityMethod
  Answer ruleBasedAnswer(AnswerRequest request);
}
