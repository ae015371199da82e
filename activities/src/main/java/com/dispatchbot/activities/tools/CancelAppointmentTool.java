package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Appointment;
import com.dispatchbot.workflows.booking.BookingActivities.CancelRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.springframework.stereotype.Component;

/**
 * {@code cancel_appointment}: cancels the caller's appointment (this business's, booked under the
 * phone given). Idempotent: a retry, or a second cancellation, leaves it cancelled.
 */
@Component
public class CancelAppointmentTool implements Tool {
  static final String NAME = "cancel_appointment";

  private final BookingActivities booking;
  private final AppointmentOwners owners;

  CancelAppointmentTool(BookingActivities booking, AppointmentOwners owners) {
    this.booking = booking;
    this.owners = owners;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Cancel the caller's appointment. First get the appointment_id with find_appointments"
        + " and read the appointment back to the caller; call this only after they have"
        + " confirmed they want it cancelled.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty("appointment_id", "The appointment_id from find_appointments.")
        .addStringProperty("phone", "The phone number the appointment was booked under.")
        .addStringProperty("reason", "Why the caller cancels, in a few words, if they said.")
        .required("appointment_id", "phone")
        .additionalProperties(false)
        .build();
  }

  @Override
  public JsonNode execute(ToolContext context, JsonNode arguments) {
    Arguments args = new Arguments(arguments);
    String appointmentId =
        args.required("appointment_id", 64, "the appointment_id from find_appointments");
    String phone =
        CallerDetails.phone(
            context,
            "phone",
            args.required("phone", 40, "the phone number the appointment was booked under"));
    String reason = args.optional("reason", 200);
    owners.require(context, appointmentId, phone);
    Appointment appointment =
        booking
            .cancel(
                new CancelRequest(
                    context.tenantId(),
                    context.idempotencyKey(),
                    appointmentId.strip(),
                    reason == null ? "caller asked" : reason))
            .appointment();
    ObjectNode result = NODES.objectNode();
    result.set("appointment", CalendarJson.appointment(appointment));
    if (!"cancelled".equals(appointment.status())) {
      result.put("cancelled", false);
      throw ToolFailure.unavailable(
          "That appointment is " + appointment.status() + "; it can no longer be cancelled.",
          result);
    }
    result.put("cancelled", true);
    result.put("next_step", "Tell the caller it is cancelled.");
    return result;
  }
}
