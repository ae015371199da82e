package com.dispatchbot.activities.intent;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Intent classification settings (application.yaml {@code dispatch.nlu.*}).
 *
 * @param humanThreshold HUMAN_THRESHOLD: below this calibrated confidence the classifier asks the
 *     LLM when one is configured (and the conversation does not act without confirmation)
 * @param encoder NLU_ENCODER: {@code int8} (default, the quantized all-MiniLM-L6-v2: half the
 *     latency) or {@code fp32} (about a point more accurate)
 * @param llmTimeout NLU_LLM_TIMEOUT: how long the one LLM call of a classification may take; a
 *     plain number means seconds. It must fit in the classify activity's 10 s start-to-close
 *     timeout (ActivityPresets.nlu) together with the model: at most 8 s
 */
@Validated
@ConfigurationProperties("dispatch.nlu")
public record NluProperties(
    @DecimalMin("0.0") @DecimalMax("1.0") Double humanThreshold,
    @DurationUnit(ChronoUnit.SECONDS) @DurationMin(millis = 1) @DurationMax(seconds = 8)
        Duration llmTimeout,
    SentenceEncoder.Precision encoder) {

  public NluProperties {
    humanThreshold = humanThreshold == null ? 0.7 : humanThreshold;
    llmTimeout = llmTimeout == null ? Duration.ofSeconds(5) : llmTimeout;
    encoder = encoder == null ? SentenceEncoder.Precision.INT8 : encoder;
  }

  public static NluProperties defaults() {
    return new NluProperties(null, null, null);
  }
}
