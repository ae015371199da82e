package com.dispatchbot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.security.DispatchPrincipal.Role;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class RateLimitsTest {
  final RateLimits limits = new RateLimits(new RateLimitProperties(3, 2, 4, 5));

  @Test
  void givenAKeyOverItsMinute_itShouldBeRefusedWithTheSecondsToWait_andOtherKeysNot() {
    DispatchPrincipal a = new DispatchPrincipal("t1", "key_a", Role.CALLER_API);
    DispatchPrincipal b = new DispatchPrincipal("t1", "key_b", Role.CALLER_API);
    for (int i = 0; i < 3; i++) {
      assertThat(limits.apiRequest(a).allowed()).isTrue();
    }
    RateLimits.Verdict refused = limits.apiRequest(a);
    assertThat(refused.allowed()).isFalse();
    // 3 per minute refill one token every 20 s
    assertThat(refused.retryAfterSeconds()).isBetween(1L, 20L);
    assertThat(limits.apiRequest(b).allowed()).isTrue();
    assertThat(limits.apiRequest(new DispatchPrincipal("t2", "key_a", Role.CALLER_API)).allowed())
        .as("same key id, another tenant: another bucket")
        .isTrue();
  }

  @Test
  void givenAPhoneOverItsMinute_itShouldThrow429WithRetryAfter_comparingDigitsOnly() {
    limits.checkPhone("t1", "+1 303-555-0100");
    limits.checkPhone("t1", "13035550100");
    assertThatThrownBy(() -> limits.checkPhone("t1", "(1) 303 555 0100"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
              assertThat(p.retryAfterSeconds()).isBetween(1L, 30L);
              assertThat(p.getMessage()).contains("RATE_LIMIT_PER_PHONE");
            });
    limits.checkPhone("t1", "+13035550199");
    limits.checkPhone("t2", "+13035550100");
    limits.checkPhone("t1", null);
    limits.checkPhone("t1", "no digits");
  }

  @Test
  void givenPublicChatAndLogins_itShouldCountPerAddressSeparately() {
    for (int i = 0; i < 4; i++) {
      assertThat(limits.publicChat("198.51.100.1").allowed()).isTrue();
    }
    assertThat(limits.publicChat("198.51.100.1").allowed()).isFalse();
    assertThat(limits.publicChat("198.51.100.2").allowed()).isTrue();
    assertThat(limits.login("198.51.100.1").allowed()).as("logins: their own bucket").isTrue();
  }
}
