package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Availability;
import com.dispatchbot.workflows.booking.BookingActivities.AvailabilityRequest;
import com.dispatchbot.workflows.booking.BookingActivities.BookRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Booking;
import com.dispatchbot.workflows.booking.BookingActivities.Slot;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.slots.Address;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code book_appointment}: books a window that a tool offered in this conversation. The write's
 * idempotency key is workflow id + turn + call id, so a retried activity or a replayed workflow
 * books once; the calendar's exclusion constraint makes a window that was taken meanwhile come back
 * as taken, with the next free windows to offer instead.
 */
@Component
public class BookAppointmentTool implements Tool {
  static final String NAME = "book_appointment";

  private final BookingActivities booking;
  private final GeoActivities geo;
  private final ToolExecutionLog executions;

  public BookAppointmentTool(
      BookingActivities booking, GeoActivities geo, ToolExecutionLog executions) {
    this.booking = booking;
    this.geo = geo;
    this.executions = executions;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Book the window the caller chose. Only after the caller has said yes to a window"
        + " from check_availability, and you have their name, phone number and the street"
        + " address of the job. If the window was taken meanwhile, the answer lists other"
        + " windows to offer instead.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty(
            "slot_id", "The slot_id of the chosen window, exactly as check_availability gave it.")
        .addStringProperty("customer_name", "The caller's name, as they gave it.")
        .addStringProperty(
            "phone", "The caller's US phone number for the technician and reminders.")
        .addStringProperty(
            "address",
            "The street address of the job with house number, city and ZIP, e.g. '1550 Dayton"
                + " St, Aurora, CO 80010' (add the unit or apartment if there is one).")
        .required("slot_id", "customer_name", "phone", "address")
        .additionalProperties(false)
        .build();
  }

  @Override
  public JsonNode execute(ToolContext context, JsonNode arguments) {
    Arguments args = new Arguments(arguments);
    String slotId = args.required("slot_id", 200, "the slot_id from check_availability");
    String name = args.required("customer_name", 100, "the caller's name; ask for it");
    String phone =
        CallerDetails.phone(
            context, "phone", args.required("phone", 40, "the caller's phone number; ask for it"));
    String addressText =
        args.required("address", 300, "the street address of the job, with city and ZIP");
    CalendarJson.Offer offer = offered(executions, context, slotId);
    Address address = CallerDetails.address(context, "address", addressText, true);
    GeoPoint point = CallerDetails.locate(geo, context, "address", address.line());
    Slot slot = offer.slot();
    // the window was planned for the address asked about: the job's address must be served too
    Availability area =
        booking.findAvailability(
            new AvailabilityRequest(
                context.tenantId(),
                offer.serviceType(),
                point.lat(),
                point.lng(),
                point.zip(),
                point.city(),
                offer.emergency(),
                context.now().toEpochMilli(),
                slot.start(),
                slot.end(),
                1));
    if (!area.inServiceArea()) {
      throw ToolFailure.unavailable(area.reason() + " Tell the caller; nothing was booked.", null);
    }
    Booking made =
        booking.bookAppointment(
            new BookRequest(
                context.tenantId(),
                context.idempotencyKey(),
                context.workflowId(),
                slot,
                offer.serviceType(),
                address,
                point.lat(),
                point.lng(),
                phone,
                name,
                offer.emergency()));
    if (made.taken()) {
      throw taken(made.alternatives(), offer);
    }
    ObjectNode result = NODES.objectNode();
    result.put("booked", true);
    result.set("appointment", CalendarJson.appointment(made.appointment()));
    result.put(
        "next_step",
        "Confirm the day, time, technician and address to the caller, and give the"
            + " appointment_id only if they ask for a reference.");
    return result;
  }

  /** The window {@code slotId} as a tool offered it in this conversation. */
  static CalendarJson.Offer offered(
      ToolExecutionLog executions, ToolContext context, String slotId) {
    return executions
        .offered(context.tenantId(), context.workflowId(), slotId)
        .orElseThrow(
            () ->
                ToolFailure.invalidArguments(
                    "slot_id '"
                        + slotId
                        + "' was not offered in this conversation; call check_availability and"
                        + " use one of the slot_id values it returns"));
  }

  /** The window was taken meanwhile: the next free ones, offered under the same rules. */
  static ToolFailure taken(List<Slot> alternatives, CalendarJson.Offer offer) {
    ObjectNode result = NODES.objectNode();
    result.put("booked", false);
    CalendarJson.offer(result, alternatives, offer.serviceType(), offer.emergency());
    return ToolFailure.unavailable(
        alternatives.isEmpty()
            ? "That window was just taken and nothing else is free soon; tell the caller and"
                + " offer to have a person call back."
            : "That window was just taken. Offer the caller one of these instead: "
                + CalendarJson.describe(alternatives)
                + ".",
        result);
  }
}
