package com.dispatchbot.activities.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.answer.AnswerActivities.Answer;
import com.dispatchbot.workflows.answer.AnswerActivities.AnswerRequest;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswerActivitiesImplTest {
  private final TenantDirectory tenants =
      new TenantDirectory(null) {
        @Override
        public Optional<TenantProfile> find(String id) {
          return "acme".equals(id) ? Optional.of(RuleBasedAnswersTest.ACME) : Optional.empty();
        }
      };
  private final AnswerActivitiesImpl activities = new AnswerActivitiesImpl(tenants);

  @Test
  void givenAKnownTenant_whenAnswering_itShouldAnswerFromItsProfileAsRulesV1() {
    Answer answer =
        activities.ruleBasedAnswer(
            new AnswerRequest("acme", "how much to unclog a drain", "quote_pricing", false));

    assertThat(answer.model()).isEqualTo("rules-v1");
    assertThat(answer.text()).contains("$149");
  }

  @Test
  void givenAnUnknownTenant_whenAnswering_itShouldFailForGoodAsUnknownTenant() {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                activities.ruleBasedAnswer(
                    new AnswerRequest("nobody", "hi", "greeting_smalltalk", false)));

    assertThat(failure.getType()).isEqualTo("UnknownTenant");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("nobody");
  }
}
