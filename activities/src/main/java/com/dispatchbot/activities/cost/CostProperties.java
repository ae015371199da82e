package com.dispatchbot.activities.cost;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What model calls cost and how much may be spent (application.yaml {@code dispatch.cost.*}).
 *
 * @param prices LLM_PRICES: {@code model=input/output,...} in USD per million tokens, over the
 *     built-in list ({@link #DEFAULT_PRICES}); a model is matched by its longest listed prefix, so
 *     {@code gpt-4o-mini-2024-07-18} pays gpt-4o-mini's price
 * @param unknownModelPrice LLM_UNKNOWN_MODEL_PRICE ({@code input/output}): for a model not listed.
 *     It defaults to gpt-4o's price on purpose: overestimating keeps the spend limits honest
 * @param dailySpendLimit DAILY_SPEND_LIMIT, USD per UTC day for the installation; 0 = none
 * @param hourlySpendLimit HOURLY_SPEND_LIMIT, USD per UTC hour for the installation; 0 = none
 * @param tenantDailySpendLimit TENANT_DAILY_SPEND_LIMIT: per tenant unless its profile says
 *     otherwise ({@code "spend": {"dailyLimit": 20}}); 0 = none
 * @param tenantHourlySpendLimit TENANT_HOURLY_SPEND_LIMIT, likewise ({@code hourlyLimit})
 * @param degradeAt SPEND_DEGRADE_AT: from this share of any limit the first-choice model is skipped
 *     and the fallback model answers; at the limit no model is asked and the rules answer
 * @param dailyTokenQuota DAILY_TOKEN_QUOTA, tokens per tenant per day (input + output) the cost
 *     report compares usage with; 0 = none; a tenant's profile may set {@code "tokenQuota"}
 */
@Validated
@ConfigurationProperties("dispatch.cost")
public record CostProperties(
    String prices,
    String unknownModelPrice,
    @DecimalMin("0") BigDecimal dailySpendLimit,
    @DecimalMin("0") BigDecimal hourlySpendLimit,
    @DecimalMin("0") BigDecimal tenantDailySpendLimit,
    @DecimalMin("0") BigDecimal tenantHourlySpendLimit,
    @DecimalMin("0.0") @DecimalMax("1.0") Double degradeAt,
    Long dailyTokenQuota) {

  /**
   * OpenAI's list prices (USD per million input / output tokens, standard tier) as published in
   * 2025. Prices change: set LLM_PRICES for the models you use.
   */
  public static final String DEFAULT_PRICES =
      "gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10.00,gpt-4.1-nano=0.10/0.40,gpt-4.1-mini=0.40/1.60,"
          + "gpt-4.1=2.00/8.00,gpt-5-nano=0.05/0.40,gpt-5-mini=0.25/2.00,gpt-5=1.25/10.00,"
          + "o4-mini=1.10/4.40,o3=2.00/8.00,gpt-3.5-turbo=0.50/1.50,gpt-4-turbo=10.00/30.00";

  public CostProperties {
    prices = prices == null ? "" : prices.strip();
    unknownModelPrice =
        unknownModelPrice == null || unknownModelPrice.isBlank()
            ? "2.50/10.00"
            : unknownModelPrice.strip();
    dailySpendLimit = zeroIfNull(dailySpendLimit);
    hourlySpendLimit = zeroIfNull(hourlySpendLimit);
    tenantDailySpendLimit = zeroIfNull(tenantDailySpendLimit);
    tenantHourlySpendLimit = zeroIfNull(tenantHourlySpendLimit);
    degradeAt = degradeAt == null ? 0.8 : degradeAt;
    dailyTokenQuota = dailyTokenQuota == null ? 0L : dailyTokenQuota;
    // fail at start-up, naming the bad entry, rather than at the first call (the parameters: a
    // compact constructor assigns the fields after its body)
    parseInto(prices, new LinkedHashMap<>());
    Price.parse("LLM_UNKNOWN_MODEL_PRICE", unknownModelPrice);
  }

  public static CostProperties defaults() {
    return new CostProperties(null, null, null, null, null, null, null, null);
  }

  /** USD per million tokens. */
  public record Price(BigDecimal input, BigDecimal output) {
    static Price parse(String what, String value) {
      String[] parts = value.split("/");
      try {
        if (parts.length == 2) {
          Price price =
              new Price(new BigDecimal(parts[0].strip()), new BigDecimal(parts[1].strip()));
          if (price.input.signum() >= 0 && price.output.signum() >= 0) {
            return price;
          }
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException(
          what
              + ": '"
              + value
              + "' is not a price; write input/output USD per million tokens, e.g. 0.15/0.60");
    }
  }

  /** The built-in prices with LLM_PRICES over them, model names in lower case. */
  public Map<String, Price> priceList() {
    Map<String, Price> list = new LinkedHashMap<>();
    parseInto(DEFAULT_PRICES, list);
    parseInto(prices, list);
    return list;
  }

  public Price unknownPrice() {
    return Price.parse("LLM_UNKNOWN_MODEL_PRICE", unknownModelPrice);
  }

  private static void parseInto(String spec, Map<String, Price> into) {
    if (spec == null || spec.isBlank()) {
      return;
    }
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "LLM_PRICES: '"
                + entry.strip()
                + "' should be model=input/output, e.g. gpt-4o-mini=0.15/0.60");
      }
      String model = entry.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      into.put(model, Price.parse("LLM_PRICES " + model, entry.substring(eq + 1)));
    }
  }

  private static BigDecimal zeroIfNull(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }
}
