package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.llm.LlmConfiguration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** {@code dispatch.nlu.*} binding and the activity bean, as the app's context builds them. */
class NluConfigurationTest {

  @Test
  void givenTheRunbookSettings_whenTheContextStarts_itShouldBindThemAndBuildTheActivity() {
    try (AnnotationConfigApplicationContext context =
        context(Map.of("dispatch.nlu.human-threshold", "0.8", "dispatch.nlu.llm-timeout", "3"))) {
      NluProperties nlu = context.getBean(NluProperties.class);

      assertThat(nlu.humanThreshold()).isEqualTo(0.8);
      assertThat(nlu.llmTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(context.getBean("intentActivities")).isInstanceOf(IntentActivitiesImpl.class);
    }
  }

  @Test
  void givenNothingSet_whenTheContextStarts_theDefaultsShouldApply() {
    try (AnnotationConfigApplicationContext context = context(Map.of())) {
      assertThat(context.getBean(NluProperties.class)).isEqualTo(NluProperties.defaults());
      assertThat(NluProperties.defaults().humanThreshold()).isEqualTo(0.7);
      assertThat(NluProperties.defaults().llmTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(NluProperties.defaults().encoder()).isEqualTo(SentenceEncoder.Precision.INT8);
    }
  }

  @Test
  void givenNluEncoderFp32_whenTheContextStarts_theIntentModelRunsOnTheFullPrecisionEncoder() {
    try (AnnotationConfigApplicationContext context =
        context(Map.of("dispatch.nlu.encoder", "fp32"))) {
      assertThat(context.getBean(NluProperties.class).encoder())
          .isEqualTo(SentenceEncoder.Precision.FP32);
      assertThat(IntentModel.base().encoder()).isSameAs(SentenceEncoder.miniLm());
    } finally {
      IntentModel.usePrecision(SentenceEncoder.Precision.INT8);
    }
    assertThat(IntentModel.base().encoder()).isSameAs(SentenceEncoder.miniLmInt8());
  }

  @Test
  void givenAThresholdAboveOne_whenTheContextStarts_itShouldRefuseToStart() {
    assertThatThrownBy(() -> context(Map.of("dispatch.nlu.human-threshold", "1.5")).close())
        .hasStackTraceContaining("humanThreshold");
  }

  private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("test", properties));
    context.register(NluConfiguration.class, LlmConfiguration.class, IntentActivitiesImpl.class);
    context.refresh();
    return context;
  }
}
