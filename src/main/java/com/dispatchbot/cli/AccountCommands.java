package com.dispatchbot.cli;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.AuditLog;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.DispatchPrincipal.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bootstrap commands: the first API key or console user of a tenant, made straight in Postgres
 * (DATABASE_URL, as the app reads it; migrations run first, as at the app's start), so they work
 * before anyone can call the admin API. The secret is printed once, alone on stdout, so a script
 * can capture it; everything else goes to stderr. Each creation is audited with the actor {@code
 * cli}.
 */
final class AccountCommands {
  private AccountCommands() {}

  /** Exit code for input the command refuses (unknown role, weak password, unknown tenant...). */
  static final int BAD_INPUT = 2;

  @Command(
      name = "create-api-key",
      mixinStandardHelpOptions = true,
      description =
          "Create an API key for a tenant and print it once (stdout). Roles: caller_api,"
              + " operator, admin.")
  static final class CreateApiKey implements Callable<Integer> {
    @Option(names = "--tenant", required = true, description = "tenant id, e.g. demo")
    String tenant;

    @Option(names = "--role", required = true, description = "caller_api, operator or admin")
    String role;

    @Option(names = "--name", required = true, description = "who uses the key, e.g. sms-gateway")
    String name;

    @Override
    public Integer call() {
      return run(
          System.err,
          () -> {
            Role parsed = Accounts.role(role);
            Store store = Store.open();
            Accounts.IssuedKey key = store.accounts.createApiKey(tenant, name, parsed);
            store.audit.record(
                actor(tenant),
                "api_key.create",
                "api_key",
                key.id(),
                Map.of("name", name.strip(), "role", parsed.code(), "prefix", key.prefix()));
            System.err.println(
                "created API key "
                    + key.id()
                    + " ("
                    + parsed.code()
                    + ") for tenant "
                    + tenant
                    + "; it is shown once, below. Send it as 'Authorization: Bearer <key>'.");
            System.out.println(key.key());
          });
    }
  }

  @Command(
      name = "create-user",
      mixinStandardHelpOptions = true,
      description =
          "Create a console user (operator or admin). The password is read from stdin with"
              + " --password-stdin, else generated and printed once (stdout).")
  static final class CreateUser implements Callable<Integer> {
    @Option(names = "--tenant", required = true, description = "tenant id, e.g. demo")
    String tenant;

    @Option(names = "--username", required = true, description = "unique across all tenants")
    String username;

    @Option(names = "--role", required = true, description = "operator or admin")
    String role;

    @Option(
        names = "--password-stdin",
        description = "read the password (at least 12 characters) from stdin")
    boolean passwordStdin;

    @Override
    public Integer call() {
      return run(
          System.err,
          () -> {
            Role parsed = Accounts.role(role);
            String password = passwordStdin ? readPassword(System.in) : null;
            if (password != null) {
              Accounts.checkPassword(password);
            }
            Store store = Store.open();
            String actual = password != null ? password : store.accounts.generatePassword();
            store.accounts.createUser(tenant, username, actual, parsed);
            store.audit.record(
                actor(tenant),
                "user.create",
                "console_user",
                username.strip().toLowerCase(java.util.Locale.ROOT),
                Map.of("role", parsed.code()));
            System.err.println(
                "created "
                    + parsed.code()
                    + " '"
                    + username.strip().toLowerCase(java.util.Locale.ROOT)
                    + "' for tenant "
                    + tenant
                    + "; log in at /console/login"
                    + (password == null ? " with the password below (shown once)" : ""));
            if (password == null) {
              System.out.println(actual);
            }
          });
    }
  }

  /** The password as piped in: one line, its line break removed. */
  static String readPassword(InputStream in) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static DispatchPrincipal actor(String tenant) {
    return new DispatchPrincipal(tenant, "cli", Role.ADMIN);
  }

  interface Action {
    void run() throws Exception;
  }

  /**
   * Runs the action; a refusal is one line on stderr and a non-zero exit, never a stack trace.
   * Library logging is turned down meanwhile, so stdout carries the secret and nothing else.
   */
  static int run(PrintStream err, Action action) {
    ch.qos.logback.classic.Logger root = null;
    ch.qos.logback.classic.Level before = null;
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext logs) {
      root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      before = root.getLevel();
      root.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    try {
      action.run();
      return 0;
    } catch (ApiProblem e) {
      err.println("error: " + e.getMessage());
      return BAD_INPUT;
    } catch (org.springframework.dao.DataAccessException
        | org.flywaydb.core.api.FlywayException e) {
      err.println(
          "error: the database cannot be used (DATABASE_URL; is it up? temporal-dev/up --stack-only"
              + " starts one): "
              + rootMessage(e));
      return 1;
    } catch (Exception e) {
      err.println("error: " + rootMessage(e));
      return 1;
    } finally {
      if (root != null) {
        root.setLevel(before);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Postgres from DATABASE_URL, migrated, with the two beans the commands need. */
  private record Store(Accounts accounts, AuditLog audit) {
    static Store open() {
      DataSource db =
          DatabaseUrlEnvironmentPostProcessor.dataSource(
              DatabaseUrlEnvironmentPostProcessor.fromEnvironment());
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      JdbcClient jdbc = JdbcClient.create(db);
      return new Store(
          new Accounts(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder()),
          new AuditLog(jdbc));
    }
  }
}
