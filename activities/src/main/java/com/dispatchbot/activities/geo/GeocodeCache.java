package com.dispatchbot.activities.geo;

import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Geocodes in Postgres ({@code geocode_cache}, migration V003) until they expire. Keys are
 * normalized addresses; rows carry no tenant and nothing about who asked. Times come from the clock
 * given here, not the database's, so expiry is testable and one clock decides.
 */
public final class GeocodeCache {
  /** Google's terms allow keeping its coordinates for at most 30 days. */
  static final Duration GOOGLE_MAX_TTL = Duration.ofDays(30);

  private final JdbcClient jdbc;
  private final Clock clock;

  public GeocodeCache(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The unexpired geocode for this key and scope, with {@code cached} true. */
  Optional<GeoPoint> find(String addressKey, String scope) {
    return jdbc.sql(
            """
            select lat, lng, provider, precision, formatted_address, zip, city, state
              from geocode_cache
             where address_key = :key and scope = :scope and expires_at > :now
            """)
        .param("key", addressKey)
        .param("scope", scope)
        .param("now", at(clock.instant()))
        .query(
            (rs, row) ->
                new GeoPoint(
                    rs.getDouble("lat"),
                    rs.getDouble("lng"),
                    rs.getString("provider"),
                    rs.getString("precision"),
                    true,
                    rs.getString("formatted_address"),
                    rs.getString("zip"),
                    rs.getString("city"),
                    rs.getString("state")))
        .optional();
  }

  /** Stores (or refreshes) a geocode for {@code ttl}; Google's for 30 days at most. */
  void put(String addressKey, String scope, GeoPoint point, Duration ttl) {
    Duration keep =
        GoogleGeocoder.PROVIDER.equals(point.provider()) && ttl.compareTo(GOOGLE_MAX_TTL) > 0
            ? GOOGLE_MAX_TTL
            : ttl;
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into geocode_cache (address_key, scope, lat, lng, provider, precision,
                                       formatted_address, zip, city, state, created_at, expires_at)
            values (:key, :scope, :lat, :lng, :provider, :precision,
                    :formatted, :zip, :city, :state, :now, :expires)
            on conflict (address_key, scope) do update
               set lat = excluded.lat, lng = excluded.lng, provider = excluded.provider,
                   precision = excluded.precision, formatted_address = excluded.formatted_address,
                   zip = excluded.zip, city = excluded.city, state = excluded.state,
                   created_at = excluded.created_at, expires_at = excluded.expires_at
            """)
        .param("key", addressKey)
        .param("scope", scope)
        .param("lat", point.lat())
        .param("lng", point.lng())
        .param("provider", point.provider())
        .param("precision", point.precision())
        .param("formatted", point.formattedAddress())
        .param("zip", point.zip())
        .param("city", point.city())
        .param("state", point.state())
        .param("now", at(now))
        .param("expires", at(now.plus(keep)))
        .update();
  }

  /** Deletes expired rows; returns how many. For a maintenance job: lookups ignore them anyway. */
  public int purgeExpired() {
    return jdbc.sql("delete from geocode_cache where expires_at <= :now")
        .param("now", at(clock.instant()))
        .update();
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
