package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.cost.CostProperties;
import com.dispatchbot.activities.knowledge.KnowledgeProperties;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.security.AuthProperties;
import com.dispatchbot.security.RateLimitProperties;
import com.dispatchbot.workflows.TaskQueues;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A read-only audit of an installation, as its configuration and database show it: secrets set or
 * not (never their values), limits, unencrypted connections, the sample tenant's demo credentials,
 * the keyless public chat; the database's size and a tenant's rows; handoffs nobody claimed within
 * their SLA; the alerts of the last 24 hours. Each line is OK, INFO, WARN or FAIL.
 */
@Command(
    name = "system-audit",
    mixinStandardHelpOptions = true,
    description = {
      "Configuration sanity (secrets set but never printed, limits, TLS, demo credentials, public"
          + " chat), database stats, open handoffs past their SLA and the alerts of the last day.",
      "Exit: 0 no FAIL line, 1 at least one FAIL, 2 bad input, 3 database unavailable."
    })
public final class SystemAuditCommand extends OpsCommand {
  @Mixin TenantOption tenant;

  private int failures;
  private int warnings;

  @Override
  protected int run() {
    AppConfig config = AppConfig.load();
    out.println("configuration");
    configuration(config);
    out.println();
    out.println("database");
    try (OpsDatabase db = OpsDatabase.connect()) {
      OpsDatabase.Migrations m = db.migrations();
      if (!m.pending().isEmpty()) {
        line(
            "FAIL",
            "schema at "
                + m.current()
                + ", this jar needs "
                + m.latest()
                + ": start the app to migrate; the data checks are skipped");
        return summary();
      }
      line("OK", "schema at " + m.current() + " (current)");
      String tenantId = tenant.resolve(db, config);
      database(db.jdbc(), tenantId);
      out.println();
      out.println("handoffs and alerts, tenant " + tenantId);
      handoffs(db.jdbc(), tenantId);
      alerts(db.jdbc(), tenantId);
      out.println();
      demoCredentials(db.jdbc(), config);
    }
    return summary();
  }

  private int summary() {
    out.println();
    out.println(
        failures == 0
            ? "audit passed (" + warnings + " warnings)"
            : "audit FAILED: " + failures + " failures, " + warnings + " warnings");
    return failures == 0 ? OK : PROBLEM;
  }

  private void configuration(AppConfig config) {
    LlmProperties llm = config.llm();
    line(
        "INFO",
        "OPENAI_API_KEY "
            + (llm.hasApiKey() ? "set" : "not set")
            + "; answers: "
            + llm.whyNoModel()
                .map(why -> "rules only (" + why + ")")
                .orElse(llm.provider().code() + " " + llm.model() + ", then rules"));
    if (llm.hasApiKey() && llm.whyNoModel().isEmpty()) {
      llm.effectiveBaseUrl()
          .ifPresent(
              url -> transport("LLM_BASE_URL", url, "the model key and callers' words travel"));
    }
    line(
        "INFO",
        "GOOGLE_MAPS_API_KEY " + (config.geo().hasGoogleKey() ? "set" : "not set (no Google)"));
    CostProperties cost = config.cost();
    boolean spendLimit =
        cost.dailySpendLimit().signum() > 0
            || cost.hourlySpendLimit().signum() > 0
            || cost.tenantDailySpendLimit().signum() > 0
            || cost.tenantHourlySpendLimit().signum() > 0;
    line(
        spendLimit || llm.whyNoModel().isPresent() ? "OK" : "WARN",
        spendLimit
            ? "spend limits: daily "
                + Format.usd(cost.dailySpendLimit())
                + ", hourly "
                + Format.usd(cost.hourlySpendLimit())
                + ", per tenant daily "
                + Format.usd(cost.tenantDailySpendLimit())
                + " (0 = none)"
            : llm.whyNoModel().isPresent()
                ? "no spend limit, and none needed: no model is asked"
                : "no spend limit (DAILY_SPEND_LIMIT, HOURLY_SPEND_LIMIT, TENANT_*_SPEND_LIMIT"
                    + " all 0): a runaway loop of model calls would only stop at the bill");
    line(
        "INFO",
        "model limits: MAX_TOKENS "
            + llm.maxTokens()
            + ", LLM_TIMEOUT "
            + llm.timeout().toSeconds()
            + " s, LLM_MAX_RETRIES "
            + llm.maxRetries()
            + ", MAX_CONCURRENT_REQUESTS "
            + config.workerProperty(
                TaskQueues.LLM, "capacity.max-concurrent-activity-executors", "?")
            + ", LLM_RATE_LIMIT "
            + config.workerProperty(
                TaskQueues.LLM, "rate-limits.max-task-queue-activities-per-second", "?")
            + "/s");
    RateLimitProperties rates = config.rateLimits();
    line(
        "INFO",
        "rate limits per minute: API key "
            + rates.perKey()
            + ", caller phone "
            + rates.perPhone()
            + ", public chat per IP "
            + rates.publicChat()
            + ", logins per IP "
            + rates.login());
    AuthProperties auth = config.auth();
    line(
        auth.publicChat() ? "WARN" : "OK",
        auth.publicChat()
            ? "PUBLIC_CHAT=true: POST /chat answers without a key for tenant "
                + config.defaultTenant()
                + " (rate limited per IP); set false unless the web chat is meant to be public"
            : "public chat off (PUBLIC_CHAT=false)");
    boolean sampleData = Boolean.parseBoolean(config.property("dispatch.sample-data", "true"));
    if (sampleData) {
      line("WARN", "SAMPLE_DATA=true: the demo tenant is (re)loaded at every start");
    }
    if (Boolean.parseBoolean(config.property("dispatch.conversation.route-to-human", "false"))) {
      line("INFO", "ROUTE_TO_HUMAN=true: every call goes to an operator on its first message");
    }
    String databaseUrl = System.getenv("DATABASE_URL");
    if (databaseUrl == null) {
      line("INFO", "DATABASE_URL not set: the local default database");
    } else {
      boolean ssl = databaseUrl.matches("(?i).*[?&]sslmode=(require|verify-ca|verify-full).*");
      String host = host(databaseUrl.replaceFirst("^jdbc:", ""));
      line(
          ssl || local(host) ? "OK" : "WARN",
          "DATABASE_URL host "
              + host
              + (ssl
                  ? ", sslmode requires TLS"
                  : local(host) ? " (local)" : ", no sslmode=require"));
    }
    String temporal = config.temporalTarget();
    String temporalHost =
        temporal.contains(":") ? temporal.substring(0, temporal.lastIndexOf(':')) : temporal;
    line(
        local(temporalHost) ? "OK" : "WARN",
        "Temporal at "
            + temporal
            + (local(temporalHost)
                ? " (local)"
                : ": this app connects without TLS; keep it on a private network"));
    KnowledgeProperties knowledge = config.knowledge();
    if (knowledge.openSearch()) {
      transport("VECTOR_STORE_URL", knowledge.vectorStoreUrl(), "the store's password travels");
    } else {
      line("INFO", "vector store: embedded, in KNOWLEDGE_DIR " + knowledge.dataDir());
    }
    Path demo = auth.demoCredentialsFile().toAbsolutePath().normalize();
    line(
        Files.exists(demo) ? "WARN" : "OK",
        Files.exists(demo)
            ? "demo credentials file still present: "
                + demo
                + " (store its secrets elsewhere, then delete it)"
            : "no demo credentials file at " + demo);
  }

  /** FAIL when a secret would go over plain http to another machine. */
  private void transport(String name, String url, String what) {
    String host = host(url);
    boolean plain = url.toLowerCase(Locale.ROOT).startsWith("http://");
    if (plain && !local(host)) {
      line("FAIL", name + " is plain http to " + host + ": " + what + " unencrypted");
    } else {
      line("OK", name + " " + (plain ? "http to a local host " : "https to ") + host);
    }
  }

  private void database(JdbcClient jdbc, String tenantId) {
    jdbc.sql(
            "select split_part(version(), ' ', 2),"
                + " pg_size_pretty(pg_database_size(current_database())), (select count(*) from"
                + " pg_stat_activity where datname = current_database()),"
                + " current_setting('max_connections')::int")
        .query(
            (rs, n) -> {
              line(
                  rs.getInt(3) > 0.8 * rs.getInt(4) ? "WARN" : "OK",
                  "Postgres "
                      + rs.getString(1)
                      + ", database "
                      + rs.getString(2)
                      + ", "
                      + rs.getInt(3)
                      + " of "
                      + rs.getInt(4)
                      + " connections in use");
              return 0;
            })
        .single();
    Format.Table rows = new Format.Table("  table", ">rows of tenant " + tenantId);
    for (String table :
        List.of(
            "conversations",
            "conversation_messages",
            "ai_responses",
            "handoffs",
            "appointments",
            "knowledge_documents",
            "conversation_archives",
            "audit_log")) {
      long n =
          jdbc.sql("select count(*) from " + table + " where tenant_id = ?")
              .param(tenantId)
              .query(Long.class)
              .single();
      rows.row("  " + table, Format.count(n));
    }
    rows.print(out);
    String largest =
        String.join(
            ", ",
            jdbc.sql(
                    "select relname || ' ' || pg_size_pretty(pg_total_relation_size(c.oid))"
                        + " from pg_class c join pg_namespace s on s.oid = c.relnamespace"
                        + " where c.relkind = 'r' and s.nspname = current_schema()"
                        + " order by pg_total_relation_size(c.oid) desc limit 5")
                .query(String.class)
                .list());
    line("INFO", "largest tables: " + largest);
  }

  private void handoffs(JdbcClient jdbc, String tenantId) {
    List<String> overdue =
        jdbc.sql(
                """
                select id || ' (' || reason || case when emergency then ', EMERGENCY' else '' end
                       || ', ' || ceil(extract(epoch from now() - sla_due_at) / 60)
                       || ' min past SLA)'
                  from handoffs
                 where tenant_id = ? and status = 'open' and sla_due_at < now()
                 order by emergency desc, sla_due_at limit 20
                """)
            .param(tenantId)
            .query(String.class)
            .list();
    long open =
        jdbc.sql(
                "select count(*) from handoffs where tenant_id = ? and status in ('open',"
                    + " 'claimed')")
            .param(tenantId)
            .query(Long.class)
            .single();
    if (overdue.isEmpty()) {
      line("OK", open + " handoffs open or claimed, none past its SLA unclaimed");
    } else {
      line(
          "FAIL",
          overdue.size()
              + " open handoffs past their SLA, nobody claimed them (see the console or the"
              + " callback list):");
      overdue.forEach(o -> out.println("       " + o));
    }
  }

  private void alerts(JdbcClient jdbc, String tenantId) {
    List<String[]> alerts =
        jdbc.sql(
                "select severity, kind, coalesce(tenant_id, '(installation)'), message"
                    + " from alerts where (tenant_id = ? or tenant_id is null)"
                    + " and created_at >= now() - interval '1 day' order by created_at")
            .param(tenantId)
            .query(
                (rs, n) ->
                    new String[] {
                      rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)
                    })
            .list();
    if (alerts.isEmpty()) {
      line("OK", "no alerts in the last 24 hours");
    }
    for (String[] a : alerts) {
      line(
          "critical".equals(a[0]) ? "FAIL" : "WARN",
          "alert " + a[1] + " (" + a[0] + ", " + a[2] + "): " + a[3]);
    }
  }

  /** The sample tenant's first users and key, made once with well-known names. */
  private void demoCredentials(JdbcClient jdbc, AppConfig config) {
    List<String> users =
        jdbc.sql(
                "select username from console_users where username in ('demo-operator',"
                    + " 'demo-admin') and disabled_at is null order by username")
            .query(String.class)
            .list();
    long keys =
        jdbc.sql(
                "select count(*) from api_keys where name = 'demo caller key' and revoked_at is"
                    + " null")
            .query(Long.class)
            .single();
    if (users.isEmpty() && keys == 0) {
      line("OK", "no demo users or demo API key enabled");
    } else {
      line(
          "WARN",
          "demo credentials still enabled: "
              + String.join(
                  " and ",
                  java.util.stream.Stream.of(
                          users.isEmpty() ? null : "users " + String.join(", ", users),
                          keys == 0 ? null : keys + " 'demo caller key' API key(s)")
                      .filter(java.util.Objects::nonNull)
                      .toList())
              + "; disable or revoke them before going live");
    }
  }

  private void line(String level, String text) {
    if (level.equals("FAIL")) {
      failures++;
    } else if (level.equals("WARN")) {
      warnings++;
    }
    out.printf(Locale.ROOT, "%-5s  %s%n", level, text);
  }

  /** The host of a URL (never its user or password). */
  static String host(String url) {
    try {
      String host = URI.create(url.strip()).getHost();
      return host == null ? "(no host)" : host;
    } catch (IllegalArgumentException e) {
      return "(not a URL)";
    }
  }

  static boolean local(String host) {
    return host != null
        && (host.equals("localhost")
            || host.startsWith("127.")
            || host.equals("::1")
            || host.equals("[::1]")
            || host.endsWith(".local")
            || host.equals("host.docker.internal")
            || !host.contains("."));
  }
}
