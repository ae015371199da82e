package com.dispatchbot.activities.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads tenants' profiles, with a short cache: they change rarely and are read every turn. */
@Component
public class TenantDirectory {
  private static final Duration CACHE_FOR = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public TenantDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<TenantProfile> find(String tenantId) {
    Cached hit = cache.get(tenantId);
    if (hit != null && hit.until().isAfter(Instant.now())) {
      return Optional.of(hit.profile());
    }
    Optional<TenantProfile> loaded =
        jdbc.sql("select id, name, timezone, phone, profile::text from tenants where id = ?")
            .param(tenantId)
            .query(
                (rs, n) ->
                    parse(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)))
            .optional();
    loaded.ifPresent(p -> cache.put(tenantId, new Cached(p, Instant.now().plus(CACHE_FOR))));
    return loaded;
  }

  public boolean exists(String tenantId) {
    return find(tenantId).isPresent();
  }

  static TenantProfile parse(String id, String name, String timezone, String phone, String json) {
    try {
      JsonNode profile = JSON.readTree(json == null ? "{}" : json);
      Map<String, String> hours = new LinkedHashMap<>();
      profile.path("hours").properties().forEach(e -> hours.put(e.getKey(), e.getValue().asText()));
      List<TenantProfile.Service> services = new ArrayList<>();
      for (JsonNode s : profile.path("services")) {
        services.add(
            new TenantProfile.Service(
                s.path("code").asText(), s.path("name").asText(), s.path("price").asText()));
      }
      List<String> area = new ArrayList<>();
      profile.path("serviceArea").forEach(a -> area.add(a.asText()));
      String emergencyLine = profile.path("emergencyLine").asText(null);
      return new TenantProfile(
          id,
          name,
          timezone,
          phone,
          profile.path("trade").asText(""),
          Map.copyOf(hours),
          List.copyOf(services),
          List.copyOf(area),
          emergencyLine);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("tenant " + id + " has an unreadable profile", e);
    }
  }

  private record Cached(TenantProfile profile, Instant until) {}
}
