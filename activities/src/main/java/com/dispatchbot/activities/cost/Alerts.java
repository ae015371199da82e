package com.dispatchbot.activities.cost;

import java.sql.Timestamp;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Raises an alert once per kind, scope and window (the unique index of {@code alerts}): a retried
 * activity, a second worker or a re-run report raise nothing twice.
 */
@Component
public class Alerts {
  private static final Logger log = LoggerFactory.getLogger(Alerts.class);

  private final JdbcClient jdbc;

  public Alerts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @param tenantId null for the whole installation
   * @return true when this call raised it (false: it was raised already for the window)
   */
  public boolean raise(
      String tenantId,
      String kind,
      String severity,
      Instant windowStart,
      double value,
      double threshold,
      String message) {
    int inserted =
        jdbc.sql(
                """
                insert into alerts (tenant_id, kind, severity, window_start, value, threshold, message)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                """)
            .params(
                tenantId, kind, severity, Timestamp.from(windowStart), value, threshold, message)
            .update();
    if (inserted > 0) {
      log.warn(
          "alert {} ({}) for {}: {}",
          kind,
          severity,
          tenantId == null ? "the installation" : "tenant " + tenantId,
          message);
    }
    return inserted > 0;
  }
}
