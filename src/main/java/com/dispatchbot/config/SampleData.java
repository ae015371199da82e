package com.dispatchbot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads the sample tenant {@code demo} (a plumbing and HVAC company) when SAMPLE_DATA is true. An
 * upsert: running it on every start leaves one row with the shipped profile.
 */
@Component
class SampleData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(SampleData.class);
  private static final String TENANT_FILE = "sample-data/demo-tenant.json";

  private final JdbcClient jdbc;
  private final DispatchProperties properties;

  SampleData(JdbcClient jdbc, DispatchProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!properties.sampleData()) {
      return;
    }
    JsonNode tenant;
    try (InputStream in = new ClassPathResource(TENANT_FILE).getInputStream()) {
      tenant = new ObjectMapper().readTree(in);
    }
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
    log.info("sample tenant '{}' is loaded", tenant.path("id").asText());
  }
}
