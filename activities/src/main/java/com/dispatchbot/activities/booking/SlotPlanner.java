package com.dispatchbot.activities.booking;

import com.dispatchbot.activities.tenant.TenantProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Cuts technicians' free time into bookable windows and ranks them. Pure: the calendar comes in as
 * lists, so the arithmetic is tested without a database.
 *
 * <p>Routine work: the tenant's hours ∩ the technician's hours, minus booked and held windows, cut
 * into windows of the service's length on the profile's grid (on the hour by default), from the
 * lead time on and inside the caller's preferred window when one is given. Whole days are taken
 * until they give {@code count} options; candidates are ranked by the trip to the job (from the
 * technician's previous job that day, else from home; to the nearest km), then by time, and picked
 * so that each window is offered once and no technician's options overlap.
 *
 * <p>Emergencies: each technician's earliest window on the day of {@code notBefore} (on a 15-minute
 * grid, no lead time), in opening hours or, if the tenant does call-outs, in its call-out hours
 * too; ranked by time, then trip. When nobody is free that day, the next day that has someone.
 */
final class SlotPlanner {
  static final int EMERGENCY_STEP_MINUTES = 15;
  private static final DateTimeFormatter SPOKEN =
      DateTimeFormatter.ofPattern("EEE MMM d, h:mm a", Locale.US);

  private final TenantProfile tenant;
  private final ZoneId zone;
  private final TenantProfile.Dispatch dispatch;
  private final WeeklyHours tenantHours;

  SlotPlanner(TenantProfile tenant) {
    this.tenant = tenant;
    this.zone = tenant.zone();
    this.dispatch = tenant.dispatch();
    this.tenantHours = WeeklyHours.parse(tenant.hours());
  }

  /**
   * @param preferredStart null, or the start of the caller's window
   * @param preferredEnd null, or the end of the caller's window
   */
  record Query(
      String serviceType,
      double lat,
      double lng,
      boolean emergency,
      Instant notBefore,
      Instant preferredStart,
      Instant preferredEnd,
      int count) {}

  record Candidate(Technician technician, Window window, double travelKm) {}

  /**
   * @param reason null, or a sentence for the caller about why these are not what was asked for
   */
  record Plan(List<Candidate> options, String reason) {}

  /** The part of the calendar a plan reads: from a day before {@code notBefore} to its horizon. */
  Window lookup(Query q) {
    Instant until = earliest(q).plus(horizon());
    if (q.preferredStart() != null || q.preferredEnd() != null) {
      Instant preferredUntil = preferredUntil(q);
      until = preferredUntil.isAfter(until) ? preferredUntil : until;
    }
    return new Window(q.notBefore().minus(Duration.ofDays(1)), until.plus(Duration.ofDays(2)));
  }

  Plan plan(List<Technician> technicians, List<BusyWindow> busy, Query q) {
    List<Technician> able =
        technicians.stream()
            .filter(Technician::active)
            .filter(t -> t.does(q.serviceType()))
            .toList();
    if (able.isEmpty()) {
      return new Plan(List.of(), "Nobody on our team does " + serviceName(q.serviceType()) + ".");
    }
    Map<String, List<BusyWindow>> byTechnician =
        busy.stream().collect(Collectors.groupingBy(BusyWindow::technicianId));
    int count = Math.max(1, q.count());
    if (q.emergency()) {
      return emergency(able, byTechnician, q, count);
    }
    Instant earliest = earliest(q);
    Instant horizon = earliest.plus(horizon());
    if (q.preferredStart() != null || q.preferredEnd() != null) {
      Instant from = later(earliest, q.preferredStart());
      List<Candidate> preferred = routine(able, byTechnician, q, from, preferredUntil(q), count);
      if (!preferred.isEmpty()) {
        return new Plan(preferred, null);
      }
      List<Candidate> next = routine(able, byTechnician, q, earliest, horizon, count);
      return new Plan(next, noneInPreferred(q, next.isEmpty()));
    }
    List<Candidate> next = routine(able, byTechnician, q, earliest, horizon, count);
    return new Plan(
        next,
        next.isEmpty()
            ? "Nobody is free for "
                + serviceName(q.serviceType())
                + " in the next "
                + dispatch.horizonDays()
                + " days."
            : null);
  }

  private List<Candidate> routine(
      List<Technician> able,
      Map<String, List<BusyWindow>> busy,
      Query q,
      Instant from,
      Instant until,
      int count) {
    if (!from.isBefore(until)) {
      return List.of();
    }
    Duration length = dispatch.slotLength(q.serviceType());
    List<Candidate> pool = new ArrayList<>();
    LocalDate last = until.atZone(zone).toLocalDate();
    // from the day before: a range past midnight ("18:00-07:00") starts on the previous day
    for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        !day.isAfter(last);
        day = day.plusDays(1)) {
      for (Technician t : able) {
        List<Window> open = Window.intersect(tenantHours.on(day, zone), hoursOf(t).on(day, zone));
        List<Window> free = Window.minus(Window.clip(open, from, until), windows(busy, t));
        for (Window w : grid(free, dispatch.slotStepMinutes(), length)) {
          pool.add(new Candidate(t, w, travelKm(t, busy, w, q)));
        }
      }
      if (rankRoutine(pool, count).size() >= count) {
        break; // whole days: a later window of this day may still be the shorter trip
      }
    }
    return rankRoutine(pool, count);
  }

  private Plan emergency(
      List<Technician> able, Map<String, List<BusyWindow>> busy, Query q, int count) {
    Duration length = dispatch.slotLength(q.serviceType());
    TenantProfile.Emergency callouts = dispatch.emergency();
    WeeklyHours calloutHours =
        callouts.callouts() ? WeeklyHours.everyDay(callouts.hours()) : WeeklyHours.parse(Map.of());
    LocalDate today = q.notBefore().atZone(zone).toLocalDate();
    LocalDate last = q.notBefore().plus(horizon()).atZone(zone).toLocalDate();
    for (LocalDate day = today; !day.isAfter(last); day = day.plusDays(1)) {
      List<Candidate> earliest = new ArrayList<>();
      Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
      for (Technician t : able) {
        List<Window> open = new ArrayList<>();
        for (LocalDate d = day.minusDays(1); !d.isAfter(day); d = d.plusDays(1)) {
          List<Window> working = Window.intersect(tenantHours.on(d, zone), hoursOf(t).on(d, zone));
          open.addAll(Window.union(working, calloutHours.on(d, zone)));
        }
        // windows that start on this day (they may run past midnight)
        List<Window> free =
            Window.minus(
                Window.clip(Window.normalize(open), q.notBefore(), dayEnd.plus(length)),
                windows(busy, t));
        grid(free, EMERGENCY_STEP_MINUTES, length).stream()
            .filter(w -> w.start().isBefore(dayEnd))
            .findFirst()
            .ifPresent(w -> earliest.add(new Candidate(t, w, travelKm(t, busy, w, q))));
      }
      if (!earliest.isEmpty()) {
        String reason =
            day.equals(today)
                ? null
                : "Nobody can come out today; the earliest is "
                    + SPOKEN.format(rankEmergency(earliest, 1).get(0).window().start().atZone(zone))
                    + ".";
        return new Plan(rankEmergency(earliest, count), reason);
      }
    }
    return new Plan(List.of(), "Nobody can come out for an emergency in the next days.");
  }

  /**
   * Shortest trip first (to the nearest km), then soonest. Each window is offered once, with its
   * nearest technician, and a technician's options never overlap each other, so that a caller can
   * be offered (and the conversation can hold) all of them at once.
   */
  static List<Candidate> rankRoutine(List<Candidate> pool, int count) {
    List<Candidate> ranked =
        pool.stream()
            .sorted(
                Comparator.comparingLong((Candidate c) -> Math.round(c.travelKm()))
                    .thenComparing(c -> c.window().start())
                    .thenComparing(byTrip()))
            .toList();
    List<Candidate> picked = new ArrayList<>();
    for (Candidate c : ranked) {
      boolean clash =
          picked.stream()
              .anyMatch(
                  p ->
                      p.window().equals(c.window())
                          || (p.technician().id().equals(c.technician().id())
                              && p.window().overlaps(c.window())));
      if (!clash) {
        picked.add(c);
        if (picked.size() == count) {
          break;
        }
      }
    }
    return picked;
  }

  /** Soonest first, then the shortest trip. */
  static List<Candidate> rankEmergency(List<Candidate> earliestPerTechnician, int count) {
    return earliestPerTechnician.stream()
        .sorted(Comparator.comparing((Candidate c) -> c.window().start()).thenComparing(byTrip()))
        .limit(count)
        .toList();
  }

  private static Comparator<Candidate> byTrip() {
    return Comparator.comparingDouble(Candidate::travelKm).thenComparing(c -> c.technician().id());
  }

  /**
   * Windows of {@code length} inside the free time, starting on a grid of the local clock ({@code
   * step} minutes from midnight).
   */
  List<Window> grid(List<Window> free, int stepMinutes, Duration length) {
    List<Window> out = new ArrayList<>();
    for (Window f : free) {
      LocalDateTime local = LocalDateTime.ofInstant(f.start(), zone);
      long secondOfDay = local.toLocalTime().toSecondOfDay();
      long step = stepMinutes * 60L;
      long first = (secondOfDay + step - 1) / step * step;
      LocalDateTime t = local.toLocalDate().atStartOfDay().plusSeconds(first);
      while (true) {
        Instant start = t.atZone(zone).toInstant();
        if (!start.isBefore(f.end())) {
          break;
        }
        Instant end = start.plus(length);
        if (end.isAfter(f.end())) {
          break;
        }
        if (!start.isBefore(f.start())) {
          out.add(new Window(start, end));
        }
        t = t.plusMinutes(stepMinutes);
      }
    }
    return out;
  }

  private WeeklyHours hoursOf(Technician t) {
    return WeeklyHours.parse(t.weeklyHours()).orElse(tenantHours);
  }

  private static List<Window> windows(Map<String, List<BusyWindow>> busy, Technician t) {
    return busy.getOrDefault(t.id(), List.of()).stream().map(BusyWindow::window).toList();
  }

  /**
   * The trip to the job: from the technician's last job that ends by the window's start on the same
   * local day, else from home. 0 when the job has no location.
   */
  private double travelKm(Technician t, Map<String, List<BusyWindow>> busy, Window w, Query q) {
    if (!Geo.known(q.lat(), q.lng())) {
      return 0;
    }
    LocalDate day = w.start().atZone(zone).toLocalDate();
    BusyWindow previous = null;
    for (BusyWindow b : busy.getOrDefault(t.id(), List.of())) {
      if (b.hasLocation()
          && !b.window().end().isAfter(w.start())
          && b.window().end().atZone(zone).toLocalDate().equals(day)
          && (previous == null || b.window().end().isAfter(previous.window().end()))) {
        previous = b;
      }
    }
    return previous == null
        ? Geo.km(t.homeLat(), t.homeLng(), q.lat(), q.lng())
        : Geo.km(previous.lat(), previous.lng(), q.lat(), q.lng());
  }

  private Duration horizon() {
    return Duration.ofDays(dispatch.horizonDays());
  }

  /** A routine window starts the lead time after the call at the earliest. */
  private Instant earliest(Query q) {
    return q.notBefore().plus(Duration.ofMinutes(dispatch.leadTimeMinutes()));
  }

  /** The end of the caller's window, at most a horizon after its start. */
  private Instant preferredUntil(Query q) {
    Instant from = later(earliest(q), q.preferredStart());
    Instant cap = from.plus(horizon());
    return q.preferredEnd() == null || q.preferredEnd().isAfter(cap) ? cap : q.preferredEnd();
  }

  private static Instant later(Instant a, Instant b) {
    return b == null || a.isAfter(b) ? a : b;
  }

  private String noneInPreferred(Query q, boolean nothingAtAll) {
    String asked =
        q.preferredStart() != null && q.preferredEnd() != null
            ? "between "
                + SPOKEN.format(q.preferredStart().atZone(zone))
                + " and "
                + SPOKEN.format(q.preferredEnd().atZone(zone))
            : q.preferredStart() != null
                ? "from " + SPOKEN.format(q.preferredStart().atZone(zone))
                : "before " + SPOKEN.format(q.preferredEnd().atZone(zone));
    return "Nobody is free "
        + asked
        + (nothingAtAll
            ? ", and nothing is open in the next " + dispatch.horizonDays() + " days."
            : "; these are the nearest free windows.");
  }

  private String serviceName(String code) {
    if (code == null || code.isBlank()) {
      return "that job";
    }
    if (tenant.services() != null) {
      for (TenantProfile.Service s : tenant.services()) {
        if (code.equals(s.code()) && s.name() != null && !s.name().isBlank()) {
          return s.name().toLowerCase(Locale.ROOT);
        }
      }
    }
    return code.replace('_', ' ');
  }
}
