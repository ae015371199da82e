package com.dispatchbot.activities.slots;

import static com.dispatchbot.activities.slots.SlotFixtures.slots;
import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.tenant.TenantProfile;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceSlotsTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "my kitchen drain is clogged                 | drain_cleaning",
        "the shower won't drain                      | drain_cleaning",
        "we have no hot water                        | water_heater",
        "the water heater is leaking                 | water_heater",
        "the AC is not cooling                       | ac_repair",
        "air conditioner blowing warm air            | ac_repair",
        "I'd like an AC tune-up before summer        | ac_tune_up",
        "the furnace won't turn on                   | furnace_repair",
        "there's no heat in the house                | furnace_repair",
        "my toilet keeps running                     | toilet_repair",
        "the toilet is clogged                       | toilet_repair",
        "a pipe burst under the sink                 | leak_repair",
        "dripping faucet in the bathroom             | leak_repair",
      })
  void givenACommonProblem_whenExtracting_itShouldNameTheTenantsService(String text, String code) {
    assertThat(slots(text).serviceType()).isEqualTo(code);
  }

  @Test
  void givenAProblemTheTenantDoesNotHandle_whenExtracting_itShouldGiveNoService() {
    assertThat(slots("the electrical outlet in the garage is sparking").serviceType()).isNull();
    assertThat(slots("can you come Tuesday?").serviceType()).isNull();
  }

  @Test
  void givenATenantsOwnServiceName_whenMatching_itShouldMatchItWithoutSynonyms() {
    List<TenantProfile.Service> electrician =
        List.of(
            new TenantProfile.Service("panel_upgrade", "Panel upgrade", "from $1,800"),
            new TenantProfile.Service("ev_charger", "EV charger installation", "from $650"));
    ServiceMatcher matcher = new ServiceMatcher();

    assertThat(matcher.match("I want an EV charger installed", electrician))
        .isEqualTo("ev_charger");
    assertThat(matcher.match("quote for a panel upgrade please", electrician))
        .isEqualTo("panel_upgrade");
    assertThat(matcher.match("my drain is clogged", electrician)).isNull();
  }
}
