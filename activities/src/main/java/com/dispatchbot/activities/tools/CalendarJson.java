package com.dispatchbot.activities.tools;

import com.dispatchbot.workflows.booking.BookingActivities.Appointment;
import com.dispatchbot.workflows.booking.BookingActivities.Slot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Windows and appointments as the model reads them. A window offered to the model carries a {@code
 * slot_id}; booking and rescheduling accept only a slot id that a tool offered in the same
 * conversation (see {@link ToolExecutionLog#offered}), so a model cannot invent a window outside
 * the business's hours.
 */
final class CalendarJson {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Field of a result that lists bookable windows. */
  static final String OPTIONS = "options";

  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE MMM d, h:mm a", Locale.US);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  private CalendarJson() {}

  /**
   * A window that was offered, with what it was offered for.
   *
   * @param serviceType the service the window was planned for (its length)
   * @param emergency true when it was an emergency window (booked with priority)
   */
  record Offer(Slot slot, String serviceType, boolean emergency) {}

  /** {@code <technician id>@<start>}: readable, and unique within a calendar. */
  static String slotId(Slot slot) {
    return slot.technicianId() + "@" + slot.start();
  }

  /**
   * The windows offered, under {@link #OPTIONS}, with the service and emergency flag they were
   * planned for.
   */
  static ObjectNode offer(ObjectNode result, List<Slot> slots, String serviceType, boolean urgent) {
    result.put("service_type", serviceType);
    result.put("emergency", urgent);
    ArrayNode options = result.putArray(OPTIONS);
    for (Slot s : slots) {
      ObjectNode option = options.addObject();
      option.put("slot_id", slotId(s));
      option.put("when", when(s.start(), s.end()));
      option.put("start", s.start());
      option.put("end", s.end());
      option.put("technician", s.technicianName());
      option.put("technician_id", s.technicianId());
    }
    return result;
  }

  /** The window {@code slotId} among the options of one earlier result, if it was offered there. */
  static Optional<Offer> offered(JsonNode result, String slotId) {
    for (JsonNode option : result.path(OPTIONS)) {
      if (slotId.equals(option.path("slot_id").asText())) {
        Slot slot =
            new Slot(
                option.path("technician_id").asText(),
                option.path("technician").asText(),
                option.path("start").asText(),
                option.path("end").asText(),
                0);
        return Optional.of(
            new Offer(
                slot,
                result.path("service_type").asText(null),
                result.path("emergency").asBoolean(false)));
      }
    }
    return Optional.empty();
  }

  static ObjectNode appointment(Appointment a) {
    ObjectNode node = NODES.objectNode();
    node.put("appointment_id", a.appointmentId());
    node.put("status", a.status());
    node.put("service_type", a.serviceType());
    node.put("when", when(a.start(), a.end()));
    node.put("start", a.start());
    node.put("end", a.end());
    node.put("technician", a.technicianName());
    node.put("address", a.addressLine());
    node.put("emergency", a.emergency());
    return node;
  }

  /** "Mon Mar 4, 8:00 AM to 10:00 AM", in the offset the times carry (the business's zone). */
  static String when(String start, String end) {
    OffsetDateTime from = OffsetDateTime.parse(start);
    OffsetDateTime to = OffsetDateTime.parse(end);
    return DAY_TIME.format(from) + " to " + TIME.format(to);
  }

  /** "bob@... (Mon Mar 4, 8:00 AM to 10:00 AM with Bob Ortiz); ...", for an error message. */
  static String describe(List<Slot> slots) {
    StringBuilder text = new StringBuilder();
    for (Slot s : slots) {
      text.append(text.isEmpty() ? "" : "; ")
          .append(slotId(s))
          .append(" (")
          .append(when(s.start(), s.end()))
          .append(" with ")
          .append(s.technicianName())
          .append(')');
    }
    return text.toString();
  }
}
