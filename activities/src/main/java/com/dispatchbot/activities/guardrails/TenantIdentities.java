package com.dispatchbot.activities.guardrails;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The name and phone numbers of every business in the {@code tenants} table, so a model's reply to
 * one business's caller can be checked for another's. Cached briefly, like TenantDirectory: tenants
 * change rarely and replies are checked on every turn.
 */
@Component
public class TenantIdentities {
  private static final Duration CACHE_FOR = Duration.ofSeconds(30);

  /**
   * @param phones the tenant's phone and emergency line, as stored (any format)
   */
  public record Identity(String tenantId, String name, List<String> phones) {}

  private final JdbcClient jdbc;
  private final AtomicReference<Cached> cache = new AtomicReference<>();

  public TenantIdentities(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Nobody: for a worker (or a test) that has no tenants table. */
  public static TenantIdentities none() {
    return new TenantIdentities(null) {
      @Override
      public List<Identity> all() {
        return List.of();
      }
    };
  }

  public List<Identity> all() {
    Cached hit = cache.get();
    if (hit != null && hit.until().isAfter(Instant.now())) {
      return hit.identities();
    }
    List<Identity> loaded =
        jdbc.sql("select id, name, phone, profile->>'emergencyLine' from tenants")
            .query(
                (rs, n) -> {
                  List<String> phones = new ArrayList<>(2);
                  for (int column = 3; column <= 4; column++) {
                    String phone = rs.getString(column);
                    if (phone != null && !phone.isBlank()) {
                      phones.add(phone);
                    }
                  }
                  return new Identity(rs.getString(1), rs.getString(2), List.copyOf(phones));
                })
            .list();
    List<Identity> identities = List.copyOf(loaded);
    cache.set(new Cached(identities, Instant.now().plus(CACHE_FOR)));
    return identities;
  }

  private record Cached(List<Identity> identities, Instant until) {}
}
