package com.dispatchbot.activities.booking;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening hours per day of the week in local time, as the profiles write them: {@code
 * "07:00-18:00"}, {@code "07:00-12:00, 13:00-17:00"}, {@code "closed"}, {@code "24h"}; a range
 * whose end is not after its start runs past midnight ({@code "18:00-07:00"}). A day can be left
 * out: it is then "not said", which {@link #orElse} fills from other hours and {@link #on} reads as
 * closed. A range that cannot be read counts as closed: a typo in a profile loses a day's windows,
 * it never invents them.
 */
final class WeeklyHours {
  private static final Pattern RANGE =
      Pattern.compile("\\s*(\\d{1,2}(?::\\d{2})?)\\s*[-–]\\s*(\\d{1,2}(?::\\d{2})?)\\s*");

  private final Map<DayOfWeek, List<Range>> days;

  private WeeklyHours(Map<DayOfWeek, List<Range>> days) {
    this.days = days;
  }

  /** Local start and length in minutes (up to a day and more: 24:00, or past midnight). */
  record Range(LocalTime start, int minutes) {}

  /** Hours keyed {@code mon} ... {@code sun} (or full day names). */
  static WeeklyHours parse(Map<String, String> byDay) {
    Map<DayOfWeek, List<Range>> days = new EnumMap<>(DayOfWeek.class);
    if (byDay != null) {
      byDay.forEach((key, value) -> day(key).ifPresent(d -> days.put(d, ranges(value))));
    }
    return new WeeklyHours(days);
  }

  /** The same hours every day. */
  static WeeklyHours everyDay(String hours) {
    Map<DayOfWeek, List<Range>> days = new EnumMap<>(DayOfWeek.class);
    if (hours != null && !hours.isBlank()) {
      for (DayOfWeek d : DayOfWeek.values()) {
        days.put(d, ranges(hours));
      }
    }
    return new WeeklyHours(days);
  }

  /** These hours, and {@code fallback}'s on the days these do not mention. */
  WeeklyHours orElse(WeeklyHours fallback) {
    Map<DayOfWeek, List<Range>> merged = new EnumMap<>(fallback.days);
    merged.putAll(days);
    return new WeeklyHours(merged);
  }

  /** The windows that start on {@code date}, in {@code zone} (DST-aware), sorted. */
  List<Window> on(LocalDate date, ZoneId zone) {
    List<Window> out = new ArrayList<>();
    for (Range r : days.getOrDefault(date.getDayOfWeek(), List.of())) {
      var start = date.atTime(r.start()).atZone(zone);
      // the end is a local clock time too: 07:00-18:00 is 11 h, or 10/12 h on a DST day
      var end = date.atTime(r.start()).plusMinutes(r.minutes()).atZone(zone);
      if (start.toInstant().isBefore(end.toInstant())) {
        out.add(new Window(start.toInstant(), end.toInstant()));
      }
    }
    return Window.normalize(out);
  }

  static Optional<DayOfWeek> day(String key) {
    if (key == null || key.trim().length() < 3) {
      return Optional.empty();
    }
    String k = key.trim().substring(0, 3).toLowerCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().substring(0, 3).toLowerCase(Locale.ROOT).equals(k)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  static List<Range> ranges(String text) {
    if (text == null) {
      return List.of();
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("24h") || t.equals("24/7") || t.equals("24 hours") || t.equals("open 24 hours")) {
      return List.of(new Range(LocalTime.MIDNIGHT, 24 * 60));
    }
    List<Range> out = new ArrayList<>();
    for (String part : t.split("[,;]")) {
      Matcher m = RANGE.matcher(part);
      if (!m.matches()) {
        continue; // "closed", "", or unreadable
      }
      try {
        int from = minutes(m.group(1));
        int to = minutes(m.group(2));
        if (from >= 24 * 60 || to > 24 * 60) {
          continue;
        }
        int length = to > from ? to - from : to + 24 * 60 - from;
        out.add(new Range(LocalTime.ofSecondOfDay(from * 60L), length));
      } catch (DateTimeParseException | NumberFormatException e) {
        // unreadable: closed
      }
    }
    return List.copyOf(out);
  }

  private static int minutes(String hhmm) {
    String[] p = hhmm.split(":");
    int h = Integer.parseInt(p[0]);
    int m = p.length > 1 ? Integer.parseInt(p[1]) : 0;
    if (m > 59) {
      throw new NumberFormatException(hhmm);
    }
    return h * 60 + m;
  }
}
