package com.dispatchbot.config;

import com.dispatchbot.activities.booking.Technician;
import com.dispatchbot.activities.booking.TechnicianRoster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads the sample tenant {@code demo} (a plumbing and HVAC company) and its technicians when
 * SAMPLE_DATA is true. Upserts: running it on every start leaves one row per tenant and technician
 * with the shipped data.
 */
@Component
class SampleData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(SampleData.class);
  private static final String TENANT_FILE = "sample-data/demo-tenant.json";
  private static final String TECHNICIANS_FILE = "sample-data/demo-technicians.json";

  private final JdbcClient jdbc;
  private final DispatchProperties properties;
  private final TechnicianRoster technicians;

  SampleData(JdbcClient jdbc, DispatchProperties properties, TechnicianRoster technicians) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.technicians = technicians;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!properties.sampleData()) {
      return;
    }
    JsonNode tenant = read(TENANT_FILE);
    jdbc.sql(
            """
            insert into tenants (id, name, timezone, phone, profile)
            values (?, ?, ?, ?, cast(? as jsonb))
            on conflict (id) do update
               set name = excluded.name, timezone = excluded.timezone, phone = excluded.phone,
                   profile = excluded.profile, updated_at = now()
             where tenants.profile is distinct from excluded.profile
                or tenants.name is distinct from excluded.name
            """)
        .params(
            tenant.path("id").asText(),
            tenant.path("name").asText(),
            tenant.path("timezone").asText(),
            tenant.path("phone").asText(),
            tenant.path("profile").toString())
        .update();
    JsonNode roster = read(TECHNICIANS_FILE);
    List<Technician> team = TechnicianRoster.fromJson(roster.path("technicians"));
    int changed = technicians.upsert(roster.path("tenantId").asText(), team);
    log.info(
        "sample tenant '{}' is loaded with {} technicians ({} changed)",
        tenant.path("id").asText(),
        team.size(),
        changed);
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in = new ClassPathResource(file).getInputStream()) {
      return new ObjectMapper().readTree(in);
    }
  }
}
