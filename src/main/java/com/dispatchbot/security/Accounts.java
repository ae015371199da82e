package com.dispatchbot.security;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * API keys and console users of each tenant (tables {@code api_keys}, {@code console_users}).
 *
 * <p>A key is {@code dbk_} + 40 base62 characters from {@link SecureRandom} (about 238 bits). Only
 * its SHA-256 is stored: with that much entropy nobody can guess a key or reverse the hash, so a
 * fast hash is right (a slow one like BCrypt guards low-entropy passwords, and would cost every API
 * request tens of milliseconds). Lookups are cached for {@link #CACHE_TTL}: a revoked key stops
 * working on this node at once and on every other node within that time.
 */
@Component
public class Accounts implements Credentials {
  /** How long a key lookup (or a user's active flag) is reused before Postgres is asked again. */
  public static final Duration CACHE_TTL = Duration.ofSeconds(10);

  public static final String KEY_PREFIX = "dbk_";
  public static final int MIN_PASSWORD_CHARS = 12;

  /** BCrypt reads at most 72 bytes of a password; longer ones would be cut silently. */
  static final int MAX_PASSWORD_BYTES = 72;

  private static final Pattern KEY = Pattern.compile("dbk_[0-9A-Za-z]{40}");
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,63}");
  private static final Pattern KEY_ID = Pattern.compile("key_[0-9A-Za-z]{12}");
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  /** The key as shown once, to the one who created it. */
  public record IssuedKey(String id, String key, String prefix, Role role) {}

  /** A key as lists show it: never the key, never its hash. */
  public record ApiKeyView(
      String id,
      String name,
      String role,
      String prefix,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  public record UserView(String username, String role, Instant createdAt, Instant disabledAt) {}

  /** What the login form checks a password against. */
  public record ConsoleUser(
      String username, String tenantId, String passwordHash, Role role, boolean disabled) {}

  private record StoredKey(String id, String tenantId, Role role, boolean revoked) {}

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Optional<StoredKey>> keysByHash =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();
  private final Cache<String, Boolean> activeUsers =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();

  /** Keys whose last_used_at this node wrote within the last minute. */
  private final Cache<String, Boolean> touched =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(TOUCH_INTERVAL).build();

  public Accounts(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  /** Creates a key; the answer is the only time the key itself is seen. */
  public IssuedKey createApiKey(String tenantId, String name, Role role) {
    requireTenant(tenantId);
    if (role == null) {
      throw badRequest("role must be caller_api, operator or admin");
    }
    String label = name == null ? "" : name.strip();
    if (label.isEmpty() || label.length() > 100) {
      throw badRequest("name must be 1-100 characters, e.g. the gateway or script using the key");
    }
    String key = KEY_PREFIX + randomBase62(40);
    String id = "key_" + randomBase62(12);
    String prefix = key.substring(0, 8);
    jdbc.sql(
            """
            insert into api_keys (id, tenant_id, name, role, key_hash, prefix)
            values (?, ?, ?, ?, ?, ?)
            """)
        .params(id, tenantId, label, role.code(), sha256(key), prefix)
        .update();
    return new IssuedKey(id, key, prefix, role);
  }

  /** Revokes a key of the tenant (again: no change). 404 when the tenant has no such key. */
  public void revokeApiKey(String tenantId, String id) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw ApiProblem.notFound("no API key '" + id + "'");
    }
    int found =
        jdbc.sql(
                """
                update api_keys set revoked_at = coalesce(revoked_at, now())
                 where tenant_id = ? and id = ?
                """)
            .params(tenantId, id)
            .update();
    if (found == 0) {
      throw ApiProblem.notFound("no API key '" + id + "'");
    }
    keysByHash.asMap().values().removeIf(k -> k.isPresent() && k.get().id().equals(id));
  }

  public List<ApiKeyView> apiKeys(String tenantId) {
    return jdbc.sql(
            """
            select id, name, role, prefix, created_at, last_used_at, revoked_at
              from api_keys where tenant_id = ? order by created_at desc, id
            """)
        .param(tenantId)
        .query(
            (rs, n) ->
                new ApiKeyView(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    instant(rs.getTimestamp(5)),
                    instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7))))
        .list();
  }

  /**
   * Creates a console user. Usernames are global (the login form names no tenant) and lower-cased.
   *
   * @throws ApiProblem 400 for a weak password or a bad username or role, 409 when the name is
   *     taken, 404 for an unknown tenant
   */
  public void createUser(String tenantId, String username, String rawPassword, Role role) {
    requireTenant(tenantId);
    String name = normalizeUsername(username);
    if (!USERNAME.matcher(name).matches()) {
      throw badRequest(
          "username must be 3-64 characters: letters, digits, '.', '_', '@' or '-', starting with"
              + " a letter or digit");
    }
    if (role != Role.OPERATOR && role != Role.ADMIN) {
      throw badRequest("a console user's role is operator or admin");
    }
    checkPassword(rawPassword);
    try {
      jdbc.sql(
              """
              insert into console_users (username, tenant_id, password_hash, role)
              values (?, ?, ?, ?)
              """)
          .params(name, tenantId, passwords.encode(rawPassword), role.code())
          .update();
    } catch (DuplicateKeyException e) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Username taken",
          "the username '" + name + "' is taken (usernames are unique across all tenants)");
    }
  }

  public List<UserView> users(String tenantId) {
    return jdbc.sql(
            """
            select username, role, created_at, disabled_at
              from console_users where tenant_id = ? order by username
            """)
        .param(tenantId)
        .query(
            (rs, n) ->
                new UserView(
                    rs.getString(1),
                    rs.getString(2),
                    instant(rs.getTimestamp(3)),
                    instant(rs.getTimestamp(4))))
        .list();
  }

  /** The user a login names (any tenant), disabled ones included. */
  public Optional<ConsoleUser> findUser(String username) {
    if (username == null) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select username, tenant_id, password_hash, role, disabled_at is not null
              from console_users where username = ?
            """)
        .param(normalizeUsername(username))
        .query(
            (rs, n) ->
                new ConsoleUser(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    role(rs.getString(4)),
                    rs.getBoolean(5)))
        .optional();
  }

  /** True when the tenant has neither keys nor console users yet. */
  public boolean hasNoCredentials(String tenantId) {
    return jdbc.sql(
            """
            select not exists (select 1 from api_keys where tenant_id = ?)
               and not exists (select 1 from console_users where tenant_id = ?)
            """)
        .params(tenantId, tenantId)
        .query(Boolean.class)
        .single();
  }

  @Override
  public Optional<DispatchPrincipal> apiKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    Optional<StoredKey> stored = keysByHash.get(sha256(key), this::loadKey);
    if (stored.isEmpty() || stored.get().revoked()) {
      return Optional.empty();
    }
    StoredKey k = stored.get();
    if (touched.asMap().putIfAbsent(k.id(), Boolean.TRUE) == null) {
      jdbc.sql(
              """
              update api_keys set last_used_at = now()
               where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')
              """)
          .param(k.id())
          .update();
    }
    return Optional.of(new DispatchPrincipal(k.tenantId(), k.id(), k.role()));
  }

  @Override
  public boolean consoleUserActive(String username) {
    return activeUsers.get(
        normalizeUsername(username), name -> findUser(name).map(u -> !u.disabled()).orElse(false));
  }

  /** The password rules of {@link #createUser}; 400 with the reason when one fails. */
  public static void checkPassword(String rawPassword) {
    if (rawPassword == null
        || rawPassword.codePointCount(0, rawPassword.length()) < MIN_PASSWORD_CHARS) {
      throw badRequest("the password must have at least " + MIN_PASSWORD_CHARS + " characters");
    }
    if (rawPassword.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw badRequest(
          "the password must fit in " + MAX_PASSWORD_BYTES + " bytes of UTF-8 (BCrypt's limit)");
    }
    if (rawPassword.isBlank()) {
      throw badRequest("the password must not be blank");
    }
  }

  /** A random password for generated accounts: 20 base62 characters (about 119 bits). */
  public String generatePassword() {
    return randomBase62(20);
  }

  /** The role of a code such as {@code caller_api}; 400 when there is none. */
  public static Role role(String code) {
    if (code != null) {
      for (Role role : Role.values()) {
        if (role.code().equals(code.strip().toLowerCase(Locale.ROOT))) {
          return role;
        }
      }
    }
    throw badRequest("role must be caller_api, operator or admin, not '" + code + "'");
  }

  private Optional<StoredKey> loadKey(String hash) {
    return jdbc.sql(
            "select id, tenant_id, role, revoked_at is not null from api_keys where key_hash = ?")
        .param(hash)
        .query(
            (rs, n) ->
                new StoredKey(
                    rs.getString(1), rs.getString(2), role(rs.getString(3)), rs.getBoolean(4)))
        .optional();
  }

  private void requireTenant(String tenantId) {
    boolean exists =
        tenantId != null
            && jdbc.sql("select exists (select 1 from tenants where id = ?)")
                .param(tenantId)
                .query(Boolean.class)
                .single();
    if (!exists) {
      throw ApiProblem.notFound("unknown tenant '" + tenantId + "'");
    }
  }

  private static String normalizeUsername(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  private String randomBase62(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    return s.toString();
  }

  static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static ApiProblem badRequest(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }
}
