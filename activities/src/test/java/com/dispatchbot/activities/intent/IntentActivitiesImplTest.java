package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

class IntentActivitiesImplTest {
  private static final IntentModel MODEL = IntentModel.base();

  private final IntentActivitiesImpl activities =
      new IntentActivitiesImpl(
          new IntentClassifier(
              MODEL,
              TenantIntentExamples.of(
                  Map.of(
                      "aqua",
                      List.of(
                          new LabelledUtterance(
                              Intent.KNOWLEDGE_QUESTION, "do you carry kinetico salt")))),
              null,
              0.7));

  @Test
  void givenAGasSmell_whenClassified_itShouldBeARuleDecidedEmergency() {
    IntentResult result =
        activities.classifyIntent(
            new ClassifyRequest("acme", "there's a gas smell in the basement"));

    assertThat(result.intent()).isEqualTo(Intent.EMERGENCY);
    assertThat(result.emergency()).isTrue();
    assertThat(result.confidence()).isGreaterThanOrEqualTo(0.7);
    assertThat(result.method()).isEqualTo("rules");
  }

  @Test
  void givenAnSmsStyleRequest_whenClassified_theModelShouldAnswerConfidently() {
    IntentResult result =
        activities.classifyIntent(new ClassifyRequest("acme", "can u move my appt to fri pls"));

    assertThat(result.intent()).isEqualTo(Intent.RESCHEDULE);
    assertThat(result.method()).isEqualTo("model");
    assertThat(result.confidence()).isGreaterThanOrEqualTo(0.7);
    assertThat(result.emergency()).isFalse();
  }

  @Test
  void givenATenantWithoutExamples_whenClassified_itShouldMatchNoTenantAtAll() {
    assertThat(activities.classifyIntent(new ClassifyRequest("acme", "cancel my appt")))
        .isEqualTo(activities.classifyIntent(new ClassifyRequest(null, "cancel my appt")));
  }

  @Test
  void givenNothingToClassify_whenClassified_itShouldBeOutOfScopeNotAnError() {
    assertThat(activities.classifyIntent(null).intent()).isEqualTo(Intent.OUT_OF_SCOPE);
    IntentResult blank = activities.classifyIntent(new ClassifyRequest("acme", "   "));
    assertThat(blank.intent()).isEqualTo(Intent.OUT_OF_SCOPE);
    assertThat(blank.emergency()).isFalse();
    assertThat(blank.confidence()).isBetween(0.0, 1.0);
  }

  @Test
  void givenTheModelIsStillLoading_whenClassified_itShouldAnswerWithTheKeywordRules() {
    IntentActivitiesImpl loading =
        new IntentActivitiesImpl(new CompletableFuture<>(), Duration.ofMillis(50));

    IntentResult result =
        loading.classifyIntent(new ClassifyRequest("acme", "can u move my appt to fri pls"));

    assertThat(result.method()).isEqualTo("rules");
    assertThat(result.intent()).isEqualTo(Intent.RESCHEDULE);
  }

  @Test
  void givenTheModelFailedToLoad_whenClassified_itShouldStillAnswerWithTheKeywordRules() {
    IntentActivitiesImpl broken =
        new IntentActivitiesImpl(
            CompletableFuture.failedFuture(new IllegalStateException("no ONNX runtime")),
            Duration.ofMillis(50));

    IntentResult result =
        broken.classifyIntent(new ClassifyRequest("acme", "there's a gas smell in the basement"));

    assertThat(result.method()).isEqualTo("rules");
    assertThat(result.emergency()).isTrue();
  }

  @Test
  void givenTheSpringConstructor_whenItsWarmUpIsDone_itShouldClassifyWithTheModel() {
    IntentActivitiesImpl fromConfig =
        new IntentActivitiesImpl(
            NluProperties.defaults(),
            LlmProperties.defaults(),
            new StaticListableBeanFactory().getBeanProvider(JdbcClient.class));

    IntentResult result = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      result =
          fromConfig.classifyIntent(new ClassifyRequest("acme", "can u move my appt to fri pls"));
      if (!result.method().equals("rules")) {
        break;
      }
    }

    assertThat(result.method()).isEqualTo("model");
    assertThat(result.intent()).isEqualTo(Intent.RESCHEDULE);
  }
}
