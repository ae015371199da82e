package com.dispatchbot.support;

import com.dispatchbot.security.Credentials;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.security.RateLimits;
import com.dispatchbot.security.SecurityConfig;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The app's real security rules for WebMvcTest slices, with API keys held in memory instead of
 * Postgres: {@code @Import(WebSecurityTestSupport.class)}, then send {@code header("Authorization",
 * bearer(key("demo", Role.CALLER_API)))}. Keys are made at run time.
 */
@TestConfiguration
@Import({SecurityConfig.class, RateLimits.class})
public class WebSecurityTestSupport {
  private static final Map<String, DispatchPrincipal> KEYS = new ConcurrentHashMap<>();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key of the tenant with the role (the same one for the same tenant and role). */
  public static String key(String tenant, Role role) {
    for (var e : KEYS.entrySet()) {
      if (e.getValue().tenantId().equals(tenant) && e.getValue().role() == role) {
        return e.getKey();
      }
    }
    StringBuilder key = new StringBuilder("dbk_");
    String chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int i = 0; i < 40; i++) {
      key.append(chars.charAt(RANDOM.nextInt(chars.length())));
    }
    KEYS.put(key.toString(), new DispatchPrincipal(tenant, "key_test" + KEYS.size(), role));
    return key.toString();
  }

  public static String bearer(String key) {
    return "Bearer " + key;
  }

  @Bean
  Credentials inMemoryCredentials() {
    return new Credentials() {
      @Override
      public Optional<DispatchPrincipal> apiKey(String key) {
        return Optional.ofNullable(KEYS.get(key));
      }

      @Override
      public boolean consoleUserActive(String username) {
        return false;
      }
    };
  }
}
