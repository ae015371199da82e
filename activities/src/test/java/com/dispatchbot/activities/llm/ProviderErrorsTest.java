package com.dispatchbot.activities.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {
  private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

  @Test
  void retryAfterInSecondsIsWaitedExactly() {
    assertThat(retryAfter(Map.of("Retry-After", "7"))).hasValue(Duration.ofSeconds(7));
    assertThat(retryAfter(Map.of("retry-after", "1.5"))).hasValue(Duration.ofMillis(1500));
  }

  @Test
  void retryAfterAsAnHttpDateIsWaitedUntilThatTime() {
    assertThat(retryAfter(Map.of("Retry-After", "Mon, 10 Mar 2025 12:00:42 GMT")))
        .hasValue(Duration.ofSeconds(42));
  }

  @Test
  void openAisRetryAfterMillisecondsWinsOverTheCoarserHeader() {
    assertThat(retryAfter(Map.of("retry-after-ms", "750", "retry-after", "1")))
        .hasValue(Duration.ofMillis(750));
  }

  @Test
  void aVeryLongRetryAfterIsCappedSoTheFallbackChainCanMoveOn() {
    assertThat(retryAfter(Map.of("Retry-After", "3600"))).hasValue(Duration.ofSeconds(120));
  }

  @Test
  void aRetryAfterInThePastOrUnreadableLeavesTheBackoffToTheRetryPolicy() {
    assertThat(retryAfter(Map.of("Retry-After", "Mon, 10 Mar 2025 11:59:00 GMT"))).isEmpty();
    assertThat(retryAfter(Map.of("Retry-After", "soon"))).isEmpty();
    assertThat(retryAfter(Map.of("Retry-After", "0"))).isEmpty();
    assertThat(retryAfter(Map.of())).isEmpty();
  }

  @Test
  void messagesNeverShowTheKeyOrAnythingShapedLikeOne() {
    ProviderErrors errors = new ProviderErrors("my-azure-key-0123456789", Clock.systemUTC());

    assertThat(errors.clean("bad key my-azure-key-0123456789 and sk-proj-abcdefghijklmnop"))
        .isEqualTo("bad key *** and sk-***");
  }

  private static Optional<Duration> retryAfter(Map<String, String> headers) {
    Map<String, List<String>> multi = new HashMap<>();
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return ProviderErrors.retryAfter(
        new ProviderHttpClient.ErrorResponse(429, "{}", HttpHeaders.of(multi, (n, v) -> true)),
        NOW);
  }
}
