package com.dispatchbot.activities.tools;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether an appointment is the caller's: it is this business's and was booked under the phone the
 * model sends with it. Changing an appointment takes both, so an id the model misremembered (or one
 * a caller read out from someone else's confirmation) changes nothing.
 */
@Component
class AppointmentOwners {
  private final JdbcClient jdbc;

  AppointmentOwners(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Returns normally when the appointment is the tenant's and booked under {@code phone}. */
  void require(ToolContext context, String appointmentId, String phone) {
    UUID id;
    try {
      id = UUID.fromString(appointmentId.strip());
    } catch (IllegalArgumentException e) {
      throw notFound(appointmentId);
    }
    String bookedUnder =
        jdbc.sql(
                """
                select coalesce(customer_phone, '') from appointments
                 where tenant_id = ? and id = ? and status <> 'held'
                """)
            .params(context.tenantId(), id)
            .query(String.class)
            .optional()
            .orElse("");
    if (!bookedUnder.equals(phone)) {
      throw notFound(appointmentId);
    }
  }

  private static ToolFailure notFound(String appointmentId) {
    return ToolFailure.notFound(
        "No appointment "
            + appointmentId
            + " is booked under that phone number with this business. Call find_appointments with"
            + " the caller's phone to get the right appointment_id.");
  }
}
