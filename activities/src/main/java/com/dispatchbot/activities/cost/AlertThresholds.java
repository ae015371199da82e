package com.dispatchbot.activities.cost;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The runbooks' alert thresholds the daily cost report checks (application.yaml {@code
 * dispatch.alerts.*}).
 *
 * @param costPerCall ALERT_COST_PER_CALL: USD per call (default 0.50)
 * @param tokenQuota ALERT_TOKEN_QUOTA: share of the daily token quota (default 0.9)
 * @param fallbackRate ALERT_FALLBACK_RATE: share of replies not from the first choice (0.10)
 * @param errorRate ALERT_ERROR_RATE: share of turns nothing could answer (0.05)
 * @param minResponses ALERT_MIN_RESPONSES: below this many replies a day the rates are not judged
 *     (one fallback in three replies is not a trend)
 */
@Validated
@ConfigurationProperties("dispatch.alerts")
public record AlertThresholds(
    @DecimalMin("0") BigDecimal costPerCall,
    @DecimalMin("0.0") @DecimalMax("1.0") Double tokenQuota,
    @DecimalMin("0.0") @DecimalMax("1.0") Double fallbackRate,
    @DecimalMin("0.0") @DecimalMax("1.0") Double errorRate,
    @Min(0) Integer minResponses) {

  public AlertThresholds {
    costPerCall = costPerCall == null ? new BigDecimal("0.50") : costPerCall;
    tokenQuota = tokenQuota == null ? 0.9 : tokenQuota;
    fallbackRate = fallbackRate == null ? 0.10 : fallbackRate;
    errorRate = errorRate == null ? 0.05 : errorRate;
    minResponses = minResponses == null ? 20 : minResponses;
  }

  public static AlertThresholds defaults() {
    return new AlertThresholds(null, null, null, null, null);
  }
}
