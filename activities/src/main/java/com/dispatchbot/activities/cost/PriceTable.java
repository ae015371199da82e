package com.dispatchbot.activities.cost;

import com.dispatchbot.activities.cost.CostProperties.Price;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** What a model call cost, from the configured price list. */
@Component
public class PriceTable {
  private static final Logger log = LoggerFactory.getLogger(PriceTable.class);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private final Map<String, Price> prices;
  private final Price unknown;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public PriceTable(CostProperties properties) {
    this.prices = properties.priceList();
    this.unknown = properties.unknownPrice();
  }

  /** USD for the tokens, to the millionth of a dollar. */
  public BigDecimal cost(String model, long inputTokens, long outputTokens) {
    if (inputTokens <= 0 && outputTokens <= 0) {
      return BigDecimal.ZERO.setScale(6);
    }
    Price price = priceOf(model);
    return price
        .input()
        .multiply(BigDecimal.valueOf(Math.max(0, inputTokens)))
        .add(price.output().multiply(BigDecimal.valueOf(Math.max(0, outputTokens))))
        .divide(MILLION, 6, RoundingMode.HALF_UP);
  }

  /** The listed price of the longest prefix of the model's name, else the unknown-model price. */
  public Price priceOf(String model) {
    String name = model == null ? "" : model.strip().toLowerCase(Locale.ROOT);
    String best = null;
    for (String listed : prices.keySet()) {
      if (name.startsWith(listed) && (best == null || listed.length() > best.length())) {
        best = listed;
      }
    }
    if (best != null) {
      return prices.get(best);
    }
    if (warned.add(name)) {
      log.warn(
          "no price for model '{}' (LLM_PRICES): counting it at {}/{} USD per million tokens",
          model,
          unknown.input(),
          unknown.output());
    }
    return unknown;
  }
}
