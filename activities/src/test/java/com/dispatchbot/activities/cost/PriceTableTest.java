package com.dispatchbot.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  static CostProperties prices(String prices, String unknown) {
    return new CostProperties(prices, unknown, null, null, null, null, null, null);
  }

  @Test
  void givenAModelSnapshotName_itPaysItsFamilysListPrice_notAShorterPrefixs() {
    PriceTable table = new PriceTable(CostProperties.defaults());
    // 212 prompt + 17 completion tokens of gpt-4o-mini at 0.15 / 0.60 USD per million
    assertThat(table.cost("gpt-4o-mini-2024-07-18", 212, 17))
        .isEqualByComparingTo(new BigDecimal("0.000042"));
    // gpt-4o (2.50 / 10.00), not gpt-4o-mini, for the big model
    assertThat(table.cost("gpt-4o-2024-08-06", 1_000_000, 0)).isEqualByComparingTo("2.50");
    assertThat(table.cost("GPT-4.1-mini", 0, 1_000_000)).isEqualByComparingTo("1.60");
  }

  @Test
  void givenLlmPrices_theyOverrideTheBuiltInListAndAddModels() {
    PriceTable table = new PriceTable(prices("gpt-4o-mini=1/2, llama3.1:8b=0/0", null));
    assertThat(table.cost("gpt-4o-mini", 1_000_000, 1_000_000)).isEqualByComparingTo("3.00");
    assertThat(table.cost("llama3.1:8b", 5_000, 900)).isEqualByComparingTo("0");
  }

  @Test
  void givenAModelWithoutAPrice_itIsCountedAtTheUnknownModelPrice_conservatively() {
    PriceTable table = new PriceTable(CostProperties.defaults());
    assertThat(table.cost("my-finetune", 1_000_000, 1_000_000)).isEqualByComparingTo("12.50");
    assertThat(new PriceTable(prices(null, "0.5/1")).cost("my-finetune", 2_000_000, 0))
        .isEqualByComparingTo("1.00");
  }

  @Test
  void givenNoTokens_theCostIsZero() {
    assertThat(new PriceTable(CostProperties.defaults()).cost("rules", 0, 0)).isZero();
  }

  @Test
  void givenAMalformedPrice_startUpFailsNamingTheEntry() {
    for (String bad : List.of("gpt-4o-mini=cheap", "gpt-4o=1", "nomodel", "gpt-4o=-1/2")) {
      assertThatThrownBy(() -> prices(bad, null))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("LLM_PRICES");
    }
    assertThatThrownBy(() -> prices(null, "free")).hasMessageContaining("LLM_UNKNOWN_MODEL_PRICE");
  }
}
