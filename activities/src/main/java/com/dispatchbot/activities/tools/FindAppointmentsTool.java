package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Appointment;
import com.dispatchbot.workflows.booking.BookingActivities.LookupRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code find_appointments}: the caller's upcoming appointments with this business, by phone. */
@Component
public class FindAppointmentsTool implements Tool {
  static final String NAME = "find_appointments";

  private final BookingActivities booking;

  public FindAppointmentsTool(BookingActivities booking) {
    this.booking = booking;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Look up the caller's upcoming appointments by the phone number they were booked"
        + " under, soonest first. Use before rescheduling or cancelling, or when the caller"
        + " asks when their technician is coming.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty("phone", "The phone number the appointment was booked under.")
        .required("phone")
        .additionalProperties(false)
        .build();
  }

  @Override
  public JsonNode execute(ToolContext context, JsonNode arguments) {
    Arguments args = new Arguments(arguments);
    String phone =
        CallerDetails.phone(
            context,
            "phone",
            args.required("phone", 40, "the phone number the appointment was booked under"));
    List<Appointment> found =
        booking.findAppointments(new LookupRequest(context.tenantId(), phone));
    ObjectNode result = NODES.objectNode();
    ArrayNode list = result.putArray("appointments");
    found.forEach(a -> list.add(CalendarJson.appointment(a)));
    result.put(
        "next_step",
        found.isEmpty()
            ? "No upcoming appointment under that number: check the number with the caller, or"
                + " offer to book one."
            : "Read the appointment back to the caller before changing it.");
    return result;
  }
}
