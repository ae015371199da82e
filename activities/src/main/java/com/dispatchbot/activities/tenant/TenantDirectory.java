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
          emergencyLine,
          serviceRadius(profile.path("serviceRadius")),
          dispatch(profile.path("dispatch")),
          TenantProfile.LowConfidencePolicy.of(profile.path("lowConfidencePolicy").asText(null)),
          handoff(profile.path("handoff")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("tenant " + id + " has an unreadable profile", e);
    }
  }

  /** {@code {"emergency": "bot_only", "slaSeconds": 300, "webhookUrl": "https://..."}}. */
  private static TenantProfile.Handoff handoff(JsonNode handoff) {
    if (!handoff.isObject()) {
      return TenantProfile.Handoff.DEFAULTS;
    }
    long sla = handoff.path("slaSeconds").asLong(0);
    return new TenantProfile.Handoff(
        !"bot_only".equalsIgnoreCase(handoff.path("emergency").asText("handoff").strip()),
        sla > 0 ? java.time.Duration.ofSeconds(sla) : null,
        handoff.path("webhookUrl").asText(null));
  }

  /** {@code {"lat": 39.74, "lng": -104.99, "km": 25, "label": "downtown Denver"}}, or none. */
  private static TenantProfile.ServiceRadius serviceRadius(JsonNode radius) {
    if (!radius.path("lat").isNumber()
        || !radius.path("lng").isNumber()
        || radius.path("km").asDouble(0) <= 0) {
      return null;
    }
    return new TenantProfile.ServiceRadius(
        radius.path("lat").asDouble(),
        radius.path("lng").asDouble(),
        radius.path("km").asDouble(),
        radius.path("label").asText(null));
  }

  /** The {@code dispatch} object; every field is optional (see TenantProfile.Dispatch). */
  private static TenantProfile.Dispatch dispatch(JsonNode d) {
    if (!d.isObject()) {
      return TenantProfile.Dispatch.DEFAULTS;
    }
    TenantProfile.Dispatch defaults = TenantProfile.Dispatch.DEFAULTS;
    Map<String, Integer> slotMinutes = new LinkedHashMap<>();
    int defaultSlot = defaults.defaultSlotMinutes();
    for (Map.Entry<String, JsonNode> e : d.path("slotMinutes").properties()) {
      if (e.getKey().equals("default")) {
        defaultSlot = e.getValue().asInt(defaultSlot);
      } else if (e.getValue().asInt(0) > 0) {
        slotMinutes.put(e.getKey(), e.getValue().asInt());
      }
    }
    JsonNode emergency = d.path("emergency");
    return new TenantProfile.Dispatch(
        defaultSlot,
        slotMinutes,
        d.path("slotStepMinutes").asInt(defaults.slotStepMinutes()),
        d.path("leadTimeMinutes").asInt(defaults.leadTimeMinutes()),
        d.path("horizonDays").asInt(defaults.horizonDays()),
        d.path("holdMinutes").asInt(defaults.holdMinutes()),
        emergency.isObject()
            ? new TenantProfile.Emergency(
                emergency.path("callouts").asBoolean(false),
                emergency.path("service").asText(null),
                emergency.path("hours").asText(null))
            : TenantProfile.Emergency.NONE);
  }

  private record Cached(TenantProfile profile, Instant until) {}
}
