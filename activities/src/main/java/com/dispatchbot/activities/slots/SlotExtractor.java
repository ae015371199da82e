package com.dispatchbot.activities.slots;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import com.dispatchbot.workflows.slots.SlotActivities.TimeWindow;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline slot extractor: phone, address, date/time, service type and name from one caller
 * message. In-process, no I/O, deterministic for a given text, reference time and service list, and
 * thread-safe. Phone numbers and addresses are found first and blanked out, so their digits are
 * never read as a date or a time.
 */
public final class SlotExtractor {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final PhoneExtractor phones = new PhoneExtractor();
  private final AddressParser addresses = new AddressParser();
  private final DateTimeParser dates = new DateTimeParser();
  private final ServiceMatcher services = new ServiceMatcher();
  private final NameExtractor names = new NameExtractor();

  public Slots extract(String text, ZonedDateTime reference, List<TenantProfile.Service> offered) {
    if (text == null || text.isBlank()) {
      return Slots.none();
    }
    List<String> problems = new ArrayList<>();
    StringBuilder rest = new StringBuilder(text);

    PhoneExtractor.Found phone = phones.find(text);
    if (phone != null) {
      blank(rest, phone.start(), phone.end());
      if (phone.problem() != null) {
        problems.add(phone.problem());
      }
    }
    AddressParser.Found address = addresses.find(rest.toString());
    if (address != null) {
      if (address.address() != null) {
        blank(rest, address.start(), address.end());
      }
      if (address.problem() != null) {
        problems.add(address.problem());
      }
    }
    DateTimeParser.Result when = dates.parse(rest.toString(), reference);
    problems.addAll(when.problems());

    TimeWindow window =
        when.windowStart() == null
            ? null
            : new TimeWindow(
                when.windowStart().toOffsetDateTime().toString(),
                when.windowEnd().toOffsetDateTime().toString(),
                when.label());
    return new Slots(
        when.date() == null ? null : when.date().toString(),
        when.time() == null ? null : when.time().format(HH_MM),
        window,
        phone == null ? null : phone.e164(),
        address == null ? null : address.address(),
        services.match(text, offered),
        names.find(text),
        List.copyOf(problems));
  }

  /** Date and time only, for the evaluation of that part alone. */
  DateTimeParser.Result when(String text, ZonedDateTime reference) {
    StringBuilder rest = new StringBuilder(text);
    PhoneExtractor.Found phone = phones.find(text);
    if (phone != null) {
      blank(rest, phone.start(), phone.end());
    }
    AddressParser.Found address = addresses.find(rest.toString());
    if (address != null && address.address() != null) {
      blank(rest, address.start(), address.end());
    }
    return dates.parse(rest.toString(), reference);
  }

  private static void blank(StringBuilder s, int start, int end) {
    for (int i = Math.max(0, start); i < Math.min(end, s.length()); i++) {
      s.setCharAt(i, ' ');
    }
  }
}
