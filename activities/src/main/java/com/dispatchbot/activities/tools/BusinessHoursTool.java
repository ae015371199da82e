package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@code business_hours}: the opening hours from the tenant's profile, whether it is open now (in
 * its time zone) and when it next opens, and its emergency call-outs.
 */
@Component
public class BusinessHoursTool implements Tool {
  static final String NAME = "business_hours";

  private static final Pattern RANGE =
      Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
  private static final DateTimeFormatter SPOKEN =
      DateTimeFormatter.ofPattern("EEE MMM d, h:mm a", Locale.US);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "The business's opening hours for each day of the week, whether it is open right now"
        + " and when it next opens, and its emergency call-out hours and line. Use for questions"
        + " about hours or whether someone can come today or on a given day.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty(
            "date",
            "A day the caller asks about, YYYY-MM-DD in the business's time zone (optional).")
        .additionalProperties(false)
        .build();
  }

  @Override
  public JsonNode execute(ToolContext context, JsonNode arguments) {
    LocalDate asked = new Arguments(arguments).date("date");
    TenantProfile tenant = context.tenant();
    ZonedDateTime now = context.localNow();
    ObjectNode result = NODES.objectNode();
    result.put("business", tenant.name());
    result.put("time_zone", context.zone().getId());
    result.put("now", SPOKEN.format(now));
    Map<String, String> hours = tenant.hours() == null ? Map.of() : tenant.hours();
    if (hours.isEmpty()) {
      result.putNull("open_now");
      result.put(
          "note",
          "The business has not listed its hours; offer to have a person call back with them.");
    } else {
      ObjectNode week = result.putObject("hours");
      for (DayOfWeek day : DayOfWeek.values()) {
        week.put(dayName(day), hoursOn(hours, day));
      }
      result.set("today", day(hours, now.toLocalDate()));
      result.put("open_now", open(hours, now));
      if (!open(hours, now)) {
        String next = nextOpening(hours, now);
        if (next != null) {
          result.put("opens_next", next);
        }
      }
      if (asked != null) {
        result.set("requested_day", day(hours, asked));
      }
    }
    TenantProfile.Emergency callouts = tenant.dispatch().emergency();
    ObjectNode emergency = result.putObject("emergency");
    emergency.put("callouts", callouts.callouts());
    if (callouts.callouts() && callouts.hours() != null) {
      emergency.put("hours", callouts.hours());
    }
    if (tenant.emergencyLine() != null) {
      emergency.put("line", tenant.emergencyLine());
    }
    if (tenant.phone() != null) {
      result.put("phone", tenant.phone());
    }
    return result;
  }

  private static ObjectNode day(Map<String, String> hours, LocalDate date) {
    ObjectNode day = NODES.objectNode();
    day.put("date", date.toString());
    day.put("day", dayName(date.getDayOfWeek()));
    day.put("hours", hoursOn(hours, date.getDayOfWeek()));
    return day;
  }

  /** The profile's text for the day ({@code 07:00-18:00}), or {@code closed}. */
  static String hoursOn(Map<String, String> hours, DayOfWeek day) {
    String key = day.getDisplayName(TextStyle.SHORT, Locale.US).toLowerCase(Locale.ROOT);
    String text = hours.get(key);
    return text == null || text.isBlank() ? "closed" : text.strip();
  }

  /** Open at {@code now}: inside one of today's ranges, or yesterday's that runs past midnight. */
  static boolean open(Map<String, String> hours, ZonedDateTime now) {
    LocalTime t = now.toLocalTime();
    for (LocalTime[] r : ranges(hoursOn(hours, now.getDayOfWeek()))) {
      boolean overnight = !r[1].isAfter(r[0]) && !r[1].equals(LocalTime.MIDNIGHT);
      boolean untilMidnight = r[1].equals(LocalTime.MIDNIGHT);
      if (!t.isBefore(r[0]) && (untilMidnight || overnight || t.isBefore(r[1]))) {
        return true;
      }
    }
    for (LocalTime[] r : ranges(hoursOn(hours, now.getDayOfWeek().minus(1)))) {
      boolean overnight = !r[1].isAfter(r[0]) && !r[1].equals(LocalTime.MIDNIGHT);
      if (overnight && t.isBefore(r[1])) {
        return true;
      }
    }
    return false;
  }

  /** When the business next opens, within a week, e.g. "Tue Mar 5, 7:00 AM"; null if never. */
  static String nextOpening(Map<String, String> hours, ZonedDateTime now) {
    for (int d = 0; d <= 7; d++) {
      LocalDate date = now.toLocalDate().plusDays(d);
      for (LocalTime[] r : ranges(hoursOn(hours, date.getDayOfWeek()))) {
        ZonedDateTime opens = date.atTime(r[0]).atZone(now.getZone());
        if (opens.isAfter(now)) {
          return SPOKEN.format(opens);
        }
      }
    }
    return null;
  }

  /** "07:00-12:00, 13:00-18:00" as [start, end] pairs (24:00 is midnight); "closed" as none. */
  static List<LocalTime[]> ranges(String text) {
    List<LocalTime[]> ranges = new ArrayList<>();
    Matcher m = RANGE.matcher(text);
    while (m.find()) {
      LocalTime from = time(m.group(1));
      LocalTime to = time(m.group(2));
      if (from != null && to != null) {
        ranges.add(new LocalTime[] {from, to});
      }
    }
    return ranges;
  }

  private static LocalTime time(String hhmm) {
    if (hhmm.equals("24:00")) {
      return LocalTime.MIDNIGHT;
    }
    try {
      return LocalTime.parse(hhmm.length() == 4 ? "0" + hhmm : hhmm);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String dayName(DayOfWeek day) {
    return day.getDisplayName(TextStyle.FULL, Locale.US).toLowerCase(Locale.ROOT);
  }
}
