package com.dispatchbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.DispatchPrincipal.Role;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * {@code create-api-key} and {@code create-user} as an operator runs them, against the Postgres of
 * DATABASE_URL (temporal-dev/test's dispatch_test).
 */
class AccountCommandsIT {
  static JdbcClient jdbc;
  static Accounts accounts;
  static String tenant = "cli-" + UUID.randomUUID().toString().substring(0, 8);

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void database() {
    // the first command migrates, as the app does at start
    run(null, "create-api-key", "--tenant", "nobody", "--role", "admin", "--name", "x");
    jdbc =
        JdbcClient.create(
            DatabaseUrlEnvironmentPostProcessor.dataSource(
                DatabaseUrlEnvironmentPostProcessor.fromEnvironment()));
    jdbc.sql("insert into tenants (id, name, timezone, profile) values (?, 'CLI', 'UTC', '{}')")
        .param(tenant)
        .update();
    accounts = new Accounts(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder());
  }

  @Test
  void givenATenantAndRole_createApiKeyPrintsOnlyTheKey_whichAuthenticates() {
    Run run =
        run(null, "create-api-key", "--tenant", tenant, "--role", "operator", "--name", "ops");
    assertThat(run.code()).as(run.err()).isZero();
    String key = run.out().strip();
    assertThat(key).matches("dbk_[0-9A-Za-z]{40}");
    assertThat(run.err()).contains("shown once").doesNotContain(key);
    DispatchPrincipal who = accounts.apiKey(key).orElseThrow();
    assertThat(who.tenantId()).isEqualTo(tenant);
    assertThat(who.role()).isEqualTo(Role.OPERATOR);
    assertThat(
            jdbc.sql("select count(*) from audit_log where tenant_id = ? and actor = 'cli'")
                .param(tenant)
                .query(Long.class)
                .single())
        .isPositive();
  }

  @Test
  void givenNoPassword_createUserGeneratesOnePrintsItOnce_andItLogsIn() {
    String name = "cli-admin-" + UUID.randomUUID().toString().substring(0, 6);
    Run run = run(null, "create-user", "--tenant", tenant, "--username", name, "--role", "admin");
    assertThat(run.code()).as(run.err()).isZero();
    String password = run.out().strip();
    assertThat(password).hasSizeGreaterThanOrEqualTo(12);
    Accounts.ConsoleUser user = accounts.findUser(name).orElseThrow();
    assertThat(
            PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .matches(password, user.passwordHash()))
        .isTrue();
  }

  @Test
  void givenAPasswordOnStdin_createUserUsesItAndPrintsNoSecret() {
    String name = "cli-op-" + UUID.randomUUID().toString().substring(0, 6);
    Run run =
        run(
            "a long piped password\n",
            "create-user",
            "--tenant",
            tenant,
            "--username",
            name,
            "--role",
            "operator",
            "--password-stdin");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(
            PasswordEncoderFactories.createDelegatingPasswordEncoder()
                .matches(
                    "a long piped password", accounts.findUser(name).orElseThrow().passwordHash()))
        .isTrue();
  }

  @Test
  void givenBadInput_theCommandsExitNonZeroWithOneClearLine() {
    Run weak =
        run(
            "short\n",
            "create-user",
            "--tenant",
            tenant,
            "--username",
            "cli-weak",
            "--role",
            "admin",
            "--password-stdin");
    assertThat(weak.code()).isEqualTo(2);
    assertThat(weak.err()).contains("at least 12 characters").doesNotContain("Exception");
    Run unknownTenant =
        run(null, "create-api-key", "--tenant", "no-such-tenant", "--role", "admin", "--name", "x");
    assertThat(unknownTenant.code()).isEqualTo(2);
    assertThat(unknownTenant.err()).contains("unknown tenant 'no-such-tenant'");
    Run callerUser =
        run(null, "create-user", "--tenant", tenant, "--username", "cli-x", "--role", "caller_api");
    assertThat(callerUser.code()).isEqualTo(2);
    assertThat(callerUser.err()).contains("operator or admin");
    assertThat(run(null, "create-api-key", "--tenant", tenant, "--role", "admin").code())
        .as("--name missing")
        .isNotZero();
  }

  static synchronized Run run(String stdin, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    InputStream in = System.in;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      System.setIn(
          new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
      int code = DispatchCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
      System.setIn(in);
    }
  }
}
