package com.dispatchbot.activities.answer;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.answer.AnswerActivities;
import io.temporal.failure.ApplicationFailure;
import org.springframework.stereotype.Component;

/** The last level of the fallback chain: {@link RuleBasedAnswers} over the tenant's profile. */
@Component("answerActivities")
public class AnswerActivitiesImpl implements AnswerActivities {
  /** Reported as {@link Answer#model()}; bump it when the answers change meaning. */
  public static final String MODEL = "rules-v1";

  /** The failure type when the tenant does not exist: retrying cannot make it appear. */
  public static final String UNKNOWN_TENANT = "UnknownTenant";

  private final TenantDirectory tenants;
  private final RuleBasedAnswers answers = new RuleBasedAnswers();

  public AnswerActivitiesImpl(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Override
  public Answer ruleBasedAnswer(AnswerRequest request) {
    if (request == null || request.tenantId() == null) {
      throw unknownTenant(null);
    }
    TenantProfile tenant =
        tenants.find(request.tenantId()).orElseThrow(() -> unknownTenant(request.tenantId()));
    String text =
        answers.answer(tenant, request.intent(), request.callerText(), request.emergency());
    return new Answer(text, MODEL, RuleBasedAnswers.KNOWLEDGE_UNKNOWN.equals(text));
  }

  private static ApplicationFailure unknownTenant(String tenantId) {
    return ApplicationFailure.newNonRetryableFailure(
        "no tenant with id " + tenantId, UNKNOWN_TENANT);
  }
}
