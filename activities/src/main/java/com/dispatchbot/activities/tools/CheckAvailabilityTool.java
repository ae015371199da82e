package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Availability;
import com.dispatchbot.workflows.booking.BookingActivities.AvailabilityRequest;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.slots.Address;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * {@code check_availability}: the windows the calendar can offer for a job at an address, as the
 * booking dialogue finds them (service area, the technicians who do the service, travel from their
 * previous job, emergencies first thing today). Nothing is held: a window another caller takes
 * meanwhile comes back from {@code book_appointment} as taken, with other windows.
 */
@Component
public class CheckAvailabilityTool implements Tool {
  static final String NAME = "check_availability";
  static final List<String> TIMES_OF_DAY = List.of("any", "morning", "afternoon", "evening");

  /** The farthest day a caller may ask about. */
  static final int MAX_DAYS_AHEAD = 90;

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  private final BookingActivities booking;
  private final GeoActivities geo;

  public CheckAvailabilityTool(BookingActivities booking, GeoActivities geo) {
    this.booking = booking;
    this.geo = geo;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Find open appointment windows for a job at the caller's address. Returns whether the"
        + " address is in the service area and up to `count` windows, each with a slot_id. Read"
        + " the windows to the caller; when they choose one, call book_appointment (or"
        + " reschedule_appointment) with its slot_id. Never offer a time this tool did not"
        + " return. Times are in the business's time zone.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty(
            "service_type",
            "What the job is: one of the business's service codes (e.g. drain_cleaning,"
                + " water_heater, furnace_repair) or the caller's words for it (e.g. 'clogged"
                + " kitchen sink').")
        .addStringProperty(
            "address",
            "Where the work is: the street address with city and ZIP. A ZIP code or city alone"
                + " is enough to check the area and the times.")
        .addStringProperty(
            "date",
            "The day the caller prefers, YYYY-MM-DD in the business's time zone. Omit for the"
                + " soonest windows.")
        .addEnumProperty(
            "time_of_day",
            TIMES_OF_DAY,
            "The part of the day the caller prefers: morning 8-12, afternoon 12-5, evening 5-8."
                + " Default any.")
        .addBooleanProperty(
            "emergency",
            "True only for an urgent problem that cannot wait (flooding, gas smell, no heat in"
                + " freezing weather, sewage backup): offers today's earliest windows, also"
                + " outside opening hours when the business does call-outs. Default false.")
        .addIntegerProperty("count", "How many windows to return, 1 to 5. Default 3.")
        .required("service_type", "address")
        .additionalProperties(false)
        .build();
  }

  @Override
  public JsonNode execute(ToolContext context, JsonNode arguments) {
    Arguments args = new Arguments(arguments);
    String serviceType =
        CallerDetails.serviceType(
            context,
            "service_type",
            args.required("service_type", 200, "what the job is, e.g. drain_cleaning"));
    String addressText =
        args.required(
            "address", 300, "where the work is (street, city and ZIP; a ZIP code alone will do)");
    LocalDate date = args.date("date");
    String timeOfDay = args.oneOf("time_of_day", TIMES_OF_DAY, "any");
    boolean emergency = args.flag("emergency");
    int count = args.integer("count", 1, 5, 3);
    String[] preferred = emergency ? new String[2] : preferred(context, date, timeOfDay);

    Address address = CallerDetails.address(context, "address", addressText, false);
    GeoPoint point = CallerDetails.locate(geo, context, "address", address.line());
    Availability availability =
        booking.findAvailability(
            new AvailabilityRequest(
                context.tenantId(),
                serviceType,
                point.lat(),
                point.lng(),
                point.zip(),
                point.city(),
                emergency,
                context.now().toEpochMilli(),
                preferred[0],
                preferred[1],
                count));

    ObjectNode result = NODES.objectNode();
    result.put("time_zone", context.zone().getId());
    result.put("in_service_area", availability.inServiceArea());
    if (!availability.inServiceArea()) {
      result.put("reason", availability.reason());
      result.put(
          "next_step",
          "Tell the caller politely that the business does not serve that address; offer no"
              + " times.");
      return result;
    }
    if (availability.reason() != null) {
      result.put("note", availability.reason());
    }
    CalendarJson.offer(result, availability.options(), serviceType, emergency);
    result.put(
        "next_step",
        availability.options().isEmpty()
            ? "Nothing is free; tell the caller and offer to have a person call back to find a"
                + " time."
            : "Read these windows to the caller; when they choose one, call book_appointment (or"
                + " reschedule_appointment) with its slot_id.");
    return result;
  }

  /**
   * The caller's window as ISO-8601 offset date-times [start, end), or two nulls for "any time". A
   * part of the day without a date is the next one that has not passed.
   */
  static String[] preferred(ToolContext context, LocalDate date, String timeOfDay) {
    if (date == null && timeOfDay.equals("any")) {
      return new String[2];
    }
    ZonedDateTime now = context.localNow();
    LocalDate today = now.toLocalDate();
    if (date != null && date.isBefore(today)) {
      throw ToolFailure.invalidArguments(
          "date "
              + date
              + " is in the past; today is "
              + today
              + " ("
              + today.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.US)
              + ") in the business's time zone");
    }
    if (date != null && date.isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
      throw ToolFailure.invalidArguments(
          "date " + date + " is more than " + MAX_DAYS_AHEAD + " days ahead; ask for a nearer day");
    }
    LocalDate day = date == null ? today : date;
    ZonedDateTime[] window = window(context, day, timeOfDay);
    if (!window[1].isAfter(now)) {
      if (date != null) {
        throw ToolFailure.invalidArguments(
            "the "
                + (timeOfDay.equals("any") ? "day" : timeOfDay)
                + " of "
                + date
                + " has already passed; it is "
                + CLOCK.format(now)
                + " there now. Ask for another day or time");
      }
      window = window(context, day.plusDays(1), timeOfDay);
    }
    return new String[] {
      window[0].toOffsetDateTime().toString(), window[1].toOffsetDateTime().toString()
    };
  }

  private static ZonedDateTime[] window(ToolContext context, LocalDate day, String timeOfDay) {
    LocalTime from;
    LocalTime to;
    switch (timeOfDay) {
      case "morning" -> {
        from = LocalTime.of(8, 0);
        to = LocalTime.NOON;
      }
      case "afternoon" -> {
        from = LocalTime.NOON;
        to = LocalTime.of(17, 0);
      }
      case "evening" -> {
        from = LocalTime.of(17, 0);
        to = LocalTime.of(20, 0);
      }
      default -> {
        return new ZonedDateTime[] {
          day.atStartOfDay(context.zone()), day.plusDays(1).atStartOfDay(context.zone())
        };
      }
    }
    return new ZonedDateTime[] {
      day.atTime(from).atZone(context.zone()), day.atTime(to).atZone(context.zone())
    };
  }
}
