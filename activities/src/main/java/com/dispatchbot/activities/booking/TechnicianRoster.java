package com.dispatchbot.activities.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code technicians} table: who can be sent, for what, from where, when. */
@Component
public class TechnicianRoster {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "id, name, phone, skills, home_lat, home_lng, home_label, weekly_hours::text, active";

  private final JdbcClient jdbc;

  public TechnicianRoster(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The tenant's active technicians. */
  public List<Technician> active(String tenantId) {
    return jdbc.sql(
            "select " + COLUMNS + " from technicians where tenant_id = ? and active order by id")
        .param(tenantId)
        .query(TechnicianRoster::row)
        .list();
  }

  public Optional<Technician> find(String tenantId, String technicianId) {
    return jdbc.sql("select " + COLUMNS + " from technicians where tenant_id = ? and id = ?")
        .params(tenantId, technicianId)
        .query(TechnicianRoster::row)
        .optional();
  }

  /**
   * Inserts or updates the tenant's technicians by id (sample data, an admin import). Idempotent: a
   * row that already says the same is not touched.
   *
   * @return how many rows were inserted or changed
   */
  public int upsert(String tenantId, List<Technician> technicians) {
    int changed = 0;
    for (Technician t : technicians) {
      changed +=
          jdbc.sql(
                  """
                  insert into technicians
                    (tenant_id, id, name, phone, skills, home_lat, home_lng, home_label,
                     weekly_hours, active)
                  values (?, ?, ?, ?, array(select jsonb_array_elements_text(cast(? as jsonb))),
                          ?, ?, ?, cast(? as jsonb), ?)
                  on conflict (tenant_id, id) do update
                     set name = excluded.name, phone = excluded.phone, skills = excluded.skills,
                         home_lat = excluded.home_lat, home_lng = excluded.home_lng,
                         home_label = excluded.home_label, weekly_hours = excluded.weekly_hours,
                         active = excluded.active, updated_at = now()
                   where (technicians.name, technicians.phone, technicians.skills,
                          technicians.home_lat, technicians.home_lng, technicians.home_label,
                          technicians.weekly_hours, technicians.active)
                         is distinct from
                         (excluded.name, excluded.phone, excluded.skills, excluded.home_lat,
                          excluded.home_lng, excluded.home_label, excluded.weekly_hours,
                          excluded.active)
                  """)
              .params(
                  tenantId,
                  t.id(),
                  t.name(),
                  t.phone(),
                  json(t.skills()),
                  t.homeLat(),
                  t.homeLng(),
                  t.homeLabel(),
                  json(t.weeklyHours()),
                  t.active())
              .update();
    }
    return changed;
  }

  /**
   * Technicians as the sample data writes them: {@code [{"id", "name", "phone", "skills": [...],
   * "home": {"lat", "lng", "label"}, "hours": {"mon": "07:00-16:00", ...}, "active"}]}.
   */
  public static List<Technician> fromJson(JsonNode list) {
    List<Technician> out = new ArrayList<>();
    for (JsonNode t : list) {
      List<String> skills = new ArrayList<>();
      t.path("skills").forEach(s -> skills.add(s.asText()));
      Map<String, String> hours = new LinkedHashMap<>();
      t.path("hours").properties().forEach(e -> hours.put(e.getKey(), e.getValue().asText()));
      JsonNode home = t.path("home");
      out.add(
          new Technician(
              t.path("id").asText(),
              t.path("name").asText(),
              t.path("phone").asText(null),
              skills,
              home.path("lat").asDouble(),
              home.path("lng").asDouble(),
              home.path("label").asText(null),
              hours,
              t.path("active").asBoolean(true)));
    }
    return out;
  }

  private static Technician row(ResultSet rs, int n) throws SQLException {
    Array skills = rs.getArray("skills");
    return new Technician(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("phone"),
        skills == null ? List.of() : Arrays.asList((String[]) skills.getArray()),
        rs.getDouble("home_lat"),
        rs.getDouble("home_lng"),
        rs.getString("home_label"),
        hours(rs.getString("weekly_hours")),
        rs.getBoolean("active"));
  }

  private static Map<String, String> hours(String json) {
    Map<String, String> hours = new LinkedHashMap<>();
    try {
      JSON.readTree(json == null ? "{}" : json)
          .properties()
          .forEach(e -> hours.put(e.getKey(), e.getValue().asText()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable weekly_hours: " + json, e);
    }
    return hours;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
