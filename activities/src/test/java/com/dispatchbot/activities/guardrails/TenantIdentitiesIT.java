package com.dispatchbot.activities.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.guardrails.TenantIdentities.Identity;
import com.dispatchbot.activities.support.PostgresTestDatabase;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The names and numbers the output guard checks replies against, read from the real tenants. */
class TenantIdentitiesIT {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.schema("it_guardrails");

  private final JdbcClient jdbc = DB.jdbc();

  @BeforeEach
  void tenants() {
    jdbc.sql("delete from tenants where id in ('guard-acme', 'guard-spark', 'guard-bare')")
        .update();
    jdbc.sql(
            "insert into tenants (id, name, timezone, phone, profile) values"
                + " ('guard-acme', 'Acme Plumbing', 'America/Denver', '+13035550142',"
                + "  '{\"emergencyLine\": \"+13035550199\"}'::jsonb),"
                + " ('guard-spark', 'Bright Spark Electric', 'America/Denver', null, '{}'::jsonb),"
                + " ('guard-bare', 'Bare Minimum', 'UTC', '  ', '{\"trade\": \"hvac\"}'::jsonb)")
        .update();
  }

  @Test
  void givenTenantsWithAndWithoutNumbers_whenRead_eachShouldComeWithTheNumbersItHas() {
    List<Identity> all = new TenantIdentities(jdbc).all();

    assertThat(all)
        .filteredOn(i -> i.tenantId().startsWith("guard-"))
        .containsExactlyInAnyOrder(
            new Identity("guard-acme", "Acme Plumbing", List.of("+13035550142", "+13035550199")),
            new Identity("guard-spark", "Bright Spark Electric", List.of()),
            new Identity("guard-bare", "Bare Minimum", List.of()));
  }

  @Test
  void givenAReadWithinTheCacheWindow_whenATenantIsAdded_theCachedListShouldBeServed() {
    TenantIdentities identities = new TenantIdentities(jdbc);
    int before = identities.all().size();
    jdbc.sql(
            "insert into tenants (id, name, timezone) values ('guard-late', 'Late Comer', 'UTC')"
                + " on conflict (id) do nothing")
        .update();

    assertThat(identities.all()).hasSize(before);
    assertThat(new TenantIdentities(jdbc).all()).hasSize(before + 1);
    jdbc.sql("delete from tenants where id = 'guard-late'").update();
  }
}
