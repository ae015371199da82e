package com.dispatchbot.workflows.answer;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The last level of the fallback chain: answers from rules and the tenant's profile. */
@ActivityInterface
public interface AnswerActivities {

  record AnswerRequest(String tenantId, String callerText, String intent, boolean emergency) {}

  /**
   * @param followUp true when the rules had no answer and the reply promises that a person will
   *     follow up (the conversation then flags a handoff)
   */
  record Answer(String text, String model, boolean followUp) {}

  @ActivityMethod
  Answer ruleBasedAnswer(AnswerRequest request);
}
