package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Booking;
import com.dispatchbot.workflows.booking.BookingActivities.RescheduleRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.springframework.stereotype.Component;

/**
 * {@code reschedule_appointment}: moves the caller's appointment to a window a tool offered in this
 * conversation. Idempotent by workflow id + turn + call id, like every calendar write.
 */
@Component
public class RescheduleAppointmentTool implements Tool {
  static final String NAME = "reschedule_appointment";

  private final BookingActivities booking;
  private final ToolExecutionLog executions;
  private final AppointmentOwners owners;

  RescheduleAppointmentTool(
      BookingActivities booking, ToolExecutionLog executions, AppointmentOwners owners) {
    this.booking = booking;
    this.executions = executions;
    this.owners = owners;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Move the caller's existing appointment to a new window. First get the appointment_id"
        + " with find_appointments, then a new window with check_availability (same service"
        + " type), and call this once the caller has agreed to the new window.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty("appointment_id", "The appointment_id from find_appointments.")
        .addStringProperty("phone", "The phone number the appointment was booked under.")
        .addStringProperty(
            "slot_id", "The slot_id of the new window, exactly as check_availability gave it.")
        .required("appointment_id", "phone", "slot_id")
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
    String slotId = args.required("slot_id", 200, "the slot_id from check_availability");
    owners.require(context, appointmentId, phone);
    CalendarJson.Offer offer = BookAppointmentTool.offered(executions, context, slotId);
    Booking moved =
        booking.reschedule(
            new RescheduleRequest(
                context.tenantId(),
                context.idempotencyKey(),
                appointmentId.strip(),
                offer.slot(),
                context.workflowId()));
    if (moved.taken()) {
      throw BookAppointmentTool.taken(moved.alternatives(), offer);
    }
    ObjectNode result = NODES.objectNode();
    result.put("rescheduled", true);
    result.set("appointment", CalendarJson.appointment(moved.appointment()));
    result.put("next_step", "Confirm the new day, time and technician to the caller.");
    return result;
  }
}
