package com.dispatchbot.activities.backup;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Postgres database as pg_dump and pg_restore reach it. The password goes to the child process as
 * PGPASSWORD, never on its command line (where {@code ps} would show it) or in a message.
 *
 * @param schema the schema to dump; null for the whole database
 */
public record PgTarget(
    String host, int port, String database, String user, String password, String schema) {

  /** From a {@code jdbc:postgresql://host:port/db} URL and the datasource's user and password. */
  public static PgTarget fromJdbc(String jdbcUrl, String user, String password, String schema) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL: expected jdbc:postgresql://host:port/database");
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isBlank()) {
      throw new IllegalArgumentException("the database URL names no database");
    }
    return new PgTarget(
        uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path,
        user,
        password,
        schema);
  }

  /** Connection options for pg_dump / pg_restore. */
  List<String> connectionArgs() {
    List<String> args = new ArrayList<>(List.of("-h", host, "-p", String.valueOf(port)));
    if (user != null && !user.isBlank()) {
      args.addAll(List.of("-U", user));
    }
    args.add("--no-password");
    return args;
  }

  Map<String, String> environment() {
    return password == null ? Map.of() : Map.of("PGPASSWORD", password);
  }

  /** host:port/database, for messages (no user, no password). */
  public String describe() {
    return host + ":" + port + "/" + database + (schema == null ? "" : " (schema " + schema + ")");
  }

  @Override
  public String toString() {
    return "PgTarget[" + describe() + "]";
  }
}
