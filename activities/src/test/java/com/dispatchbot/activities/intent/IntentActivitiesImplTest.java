package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import org.junit.jupiter.api.Test;

class IntentActivitiesImplTest {
  private final IntentActivitiesImpl activities = new IntentActivitiesImpl();

  @Test
  void givenACallerMessage_whenClassified_itShouldReturnTheRulesResult() {
    IntentResult result =
        activities.classifyIntent(
            new ClassifyRequest("acme", "there's a gas smell in the basement"));

    assertThat(result.intent()).isEqualTo(Intent.EMERGENCY);
    assertThat(result.emergency()).isTrue();
    assertThat(result.confidence()).isGreaterThanOrEqualTo(0.7);
    assertThat(result.method()).isEqualTo("rules");
  }

  @Test
  void givenAnyTenant_whenClassified_itShouldNotChangeTheResultYet() {
    assertThat(activities.classifyIntent(new ClassifyRequest("a", "cancel my appt")))
        .isEqualTo(activities.classifyIntent(new ClassifyRequest(null, "cancel my appt")));
  }
}
