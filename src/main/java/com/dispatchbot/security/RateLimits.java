package com.dispatchbot.security;

import com.dispatchbot.api.ApiProblem;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Token buckets per API key, per caller phone, per client IP on the public chat and per IP on the
 * login form. Each bucket holds a minute's allowance and refills continuously.
 *
 * <p>Buckets live in this node's memory, in caches bounded to {@link #MAX_BUCKETS} each: a bucket
 * unused for two minutes is full anyway and is dropped. With N nodes a client may get up to N times
 * a limit; cluster-wide limits would keep the buckets in Postgres (bucket4j's PostgreSQL proxy
 * manager) at the cost of a round trip per request.
 */
@Component
public class RateLimits {
  static final int MAX_BUCKETS = 100_000;

  /** A request allowed, or refused with the seconds to wait. */
  public record Verdict(boolean allowed, long retryAfterSeconds) {}

  private final LoadingCache<String, Bucket> keys;
  private final LoadingCache<String, Bucket> phones;
  private final LoadingCache<String, Bucket> publicChat;
  private final LoadingCache<String, Bucket> logins;
  private final RateLimitProperties limits;

  public RateLimits(RateLimitProperties limits) {
    this.limits = limits;
    this.keys = buckets(limits.perKey());
    this.phones = buckets(limits.perPhone());
    this.publicChat = buckets(limits.publicChat());
    this.logins = buckets(limits.login());
  }

  /** One API request of a key (or console user), named by tenant and key id or username. */
  public Verdict apiRequest(DispatchPrincipal principal) {
    return take(keys, principal.tenantId() + "/" + principal.name());
  }

  /** One keyless {@code POST /chat} from a client address. */
  public Verdict publicChat(String clientIp) {
    return take(publicChat, clientIp);
  }

  /** One login attempt from a client address. */
  public Verdict login(String clientIp) {
    return take(logins, clientIp);
  }

  /**
   * One conversation start or caller message from a phone; 429 when the phone is over
   * RATE_LIMIT_PER_PHONE. Phones are compared by their digits, so {@code +1 303-555-0100} and
   * {@code 13035550100} share a bucket. No phone, no limit.
   */
  public void checkPhone(String tenantId, String phone) {
    if (phone == null) {
      return;
    }
    String digits = phone.replaceAll("\\D", "");
    if (digits.isEmpty()) {
      return;
    }
    Verdict verdict = take(phones, tenantId + "/" + digits);
    if (!verdict.allowed()) {
      throw ApiProblem.tooManyRequests(
          "this caller's phone has sent more than "
              + limits.perPhone()
              + " messages in a minute (RATE_LIMIT_PER_PHONE); try again in "
              + verdict.retryAfterSeconds()
              + " s",
          verdict.retryAfterSeconds());
    }
  }

  public RateLimitProperties limits() {
    return limits;
  }

  private static Verdict take(LoadingCache<String, Bucket> buckets, String key) {
    ConsumptionProbe probe = buckets.get(key).tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return new Verdict(true, 0);
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L);
    return new Verdict(false, Math.max(1, seconds));
  }

  private static LoadingCache<String, Bucket> buckets(int perMinute) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_BUCKETS)
        .expireAfterAccess(Duration.ofMinutes(2))
        .build(
            key ->
                Bucket.builder()
                    .addLimit(
                        limit ->
                            limit
                                .capacity(perMinute)
                                .refillGreedy(perMinute, Duration.ofMinutes(1)))
                    .build());
  }
}
