package com.dispatchbot.activities.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The real Postgres of temporal-dev/test (DATABASE_URL, the dispatch_test database) for *IT tests
 * of activities. Each caller names its own schema, migrated with the project's Flyway files, so
 * test classes never see each other's rows and a migration being edited is re-applied from scratch
 * instead of failing on its checksum.
 */
public final class PostgresTestDatabase {
  private static final Map<String, PostgresTestDatabase> BY_SCHEMA = new ConcurrentHashMap<>();

  private final HikariDataSource dataSource;

  private PostgresTestDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A pool on {@code schema} (with {@code public} behind it for extensions), migrated. */
  public static PostgresTestDatabase schema(String schema) {
    return BY_SCHEMA.computeIfAbsent(schema, PostgresTestDatabase::open);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  public TransactionTemplate transactions() {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  private static PostgresTestDatabase open(String schema) {
    String url = System.getenv("DATABASE_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "DATABASE_URL is not set: run the tests with temporal-dev/test");
    }
    URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
    HikariConfig config = new HikariConfig();
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    config.setJdbcUrl(
        "jdbc:postgresql://"
            + uri.getHost()
            + ":"
            + port
            + uri.getPath()
            + "?currentSchema="
            + schema
            + ",public");
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        config.setPassword(decode(userInfo.substring(colon + 1)));
      }
    }
    // Up to 20 for the concurrent-booking test, but idle pools shrink: every IT class keeps its
    // schema's pool for the JVM's life, and Postgres allows 100 connections in all.
    config.setMaximumPoolSize(20);
    config.setMinimumIdle(1);
    config.setIdleTimeout(10_000);
    config.setPoolName("it-" + schema);
    HikariDataSource dataSource = new HikariDataSource(config);
    Flyway flyway =
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .cleanDisabled(false)
            .locations("classpath:db/migration")
            .load();
    try {
      flyway.migrate();
    } catch (FlywayException changed) {
      // a migration was edited since this schema was built: rebuild it
      flyway.clean();
      flyway.migrate();
    }
    return new PostgresTestDatabase(dataSource);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
