package com.dispatchbot.cli.ops;

import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import com.dispatchbot.workflows.conversation.ConversationIds;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Postgres of DATABASE_URL, as the app reads it, on one connection for the command's life (a report
 * runs dozens of queries; a connection each would cost more than the queries).
 *
 * <p>Unlike the account commands, ops commands never migrate: a report run with a newer jar must
 * not change a production schema. When the schema is behind the jar, they stop and say so.
 */
final class OpsDatabase implements AutoCloseable {
  /** Seconds to wait for Postgres before saying it is not there. */
  static final int CONNECT_TIMEOUT_SECONDS = 5;

  private final SingleConnectionDataSource dataSource;
  private final JdbcClient jdbc;

  private OpsDatabase(SingleConnectionDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** Connects and checks that every migration of this jar is applied. */
  static OpsDatabase open() {
    OpsDatabase db = connect();
    try {
      Migrations state = db.migrations();
      if (!state.pending().isEmpty()) {
        throw new OpsCommand.Unavailable(
            "the database schema is at "
                + state.current()
                + " but this jar needs "
                + state.latest()
                + " (pending: "
                + String.join(", ", state.pending())
                + "); start the app once, it migrates at start-up");
      }
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Connects without looking at the schema (validate-apis reports on it itself). */
  static OpsDatabase connect() {
    String url =
        System.getenv()
            .getOrDefault("DATABASE_URL", DatabaseUrlEnvironmentPostProcessor.DEFAULT_URL);
    Map<String, Object> props;
    try {
      props = DatabaseUrlEnvironmentPostProcessor.datasourceProperties(url);
    } catch (IllegalArgumentException e) {
      throw new OpsCommand.BadInput(e.getMessage());
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL((String) props.get("spring.datasource.url"));
    if (props.get("spring.datasource.username") != null) {
      pg.setUser((String) props.get("spring.datasource.username"));
    }
    if (props.get("spring.datasource.password") != null) {
      pg.setPassword((String) props.get("spring.datasource.password"));
    }
    pg.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    pg.setApplicationName("dispatch-bot ops");
    try {
      Connection connection = pg.getConnection();
      return new OpsDatabase(new SingleConnectionDataSource(connection, true));
    } catch (SQLException e) {
      throw new OpsCommand.Unavailable(
          "cannot connect to Postgres (DATABASE_URL; is it up? temporal-dev/up --stack-only starts"
              + " one): "
              + e.getMessage());
    }
  }

  JdbcClient jdbc() {
    return jdbc;
  }

  javax.sql.DataSource dataSource() {
    return dataSource;
  }

  /** What Flyway sees: the applied version, the jar's latest, and what is not applied yet. */
  record Migrations(String current, String latest, List<String> pending) {}

  Migrations migrations() {
    MigrationInfoService info =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().info();
    MigrationInfo current = info.current();
    MigrationInfo[] all = info.all();
    String latest = all.length == 0 ? "none" : "V" + all[all.length - 1].getVersion();
    return new Migrations(
        current == null ? "no schema" : "V" + current.getVersion(),
        latest,
        Arrays.stream(info.pending()).map(m -> "V" + m.getVersion()).toList());
  }

  /** The tenant id, when it is well-formed and a tenant; else bad input naming the option. */
  String requireTenant(String option, String tenantId) {
    if (tenantId == null || !ConversationIds.TENANT_ID.matcher(tenantId).matches()) {
      throw new OpsCommand.BadInput(
          option
              + ": '"
              + tenantId
              + "' is not a tenant id (lower-case letters, digits and '-', e.g. demo)");
    }
    boolean exists =
        jdbc.sql("select exists (select 1 from tenants where id = ?)")
            .param(tenantId)
            .query(Boolean.class)
            .single();
    if (!exists) {
      throw new OpsCommand.BadInput(option + ": unknown tenant '" + tenantId + "'");
    }
    return tenantId;
  }

  @Override
  public void close() {
    dataSource.destroy();
  }
}
