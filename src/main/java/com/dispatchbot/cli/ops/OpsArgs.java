package com.dispatchbot.cli.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the options ops commands share. Every refusal is a {@link OpsCommand.BadInput} whose
 * message starts with the option's name and shows a value that would work.
 */
final class OpsArgs {
  private static final Pattern AGE = Pattern.compile("(\\d{1,5})\\s*([dhw])");

  /** Most days a report looks back: beyond a year the queries scan more than anyone reads. */
  static final int MAX_DAYS = 366;

  private OpsArgs() {}

  /** A UTC day, {@code yyyy-MM-dd}. */
  static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value == null ? "" : value.strip());
    } catch (DateTimeParseException e) {
      throw new OpsCommand.BadInput(
          option + ": '" + value + "' is not a date like 2026-11-22 (yyyy-MM-dd, UTC)");
    }
  }

  /** An age like {@code 30d}, {@code 12h} or {@code 2w}; more than zero. */
  static Duration age(String option, String value) {
    Matcher m = AGE.matcher(value == null ? "" : value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new OpsCommand.BadInput(
          option + ": '" + value + "' is not an age like 30d, 12h or 2w (days, hours, weeks)");
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) {
      throw new OpsCommand.BadInput(option + ": the age must be more than 0, e.g. 30d");
    }
    return switch (m.group(2)) {
      case "h" -> Duration.ofHours(n);
      case "w" -> Duration.ofDays(7 * n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * An instant: {@code 2026-11-22T14:00:00Z}, with an offset ({@code +01:00}), or a bare day
   * ({@code 2026-11-22}, its start in UTC). A date-time without an offset is refused: which zone
   * was meant cannot be guessed.
   */
  static Instant instant(String option, String value) {
    String v = value == null ? "" : value.strip();
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        String hint = "";
        try {
          LocalDateTime.parse(v);
          hint = " (add Z for UTC or an offset like +01:00)";
        } catch (DateTimeParseException ignored) {
          // not even a local date-time
        }
        throw new OpsCommand.BadInput(
            option + ": '" + value + "' is not an ISO-8601 time like 2026-11-22T14:00:00Z" + hint);
      }
    }
  }

  /** A look-back in days, 1 to {@value #MAX_DAYS}. */
  static int days(String option, int value) {
    if (value < 1 || value > MAX_DAYS) {
      throw new OpsCommand.BadInput(
          option + " must be between 1 and " + MAX_DAYS + ", not " + value);
    }
    return value;
  }

  /** A count such as {@code --top} or {@code --limit}: 1 to max. */
  static int count(String option, int value, int max) {
    if (value < 1 || value > max) {
      throw new OpsCommand.BadInput(option + " must be between 1 and " + max + ", not " + value);
    }
    return value;
  }

  /** The last {@code days} UTC days up to now: today counts as the first. */
  static Window lastDays(int days, Instant now) {
    Instant from = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
    return new Window(from, now);
  }

  /** A UTC day as a window. */
  static Window day(LocalDate day) {
    return new Window(
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** [from, to). */
  record Window(Instant from, Instant to) {
    java.sql.Timestamp fromTs() {
      return java.sql.Timestamp.from(from);
    }

    java.sql.Timestamp toTs() {
      return java.sql.Timestamp.from(to);
    }

    String label() {
      return Format.instant(from) + " .. " + Format.instant(to) + " (UTC)";
    }
  }
}
