package com.dispatchbot.activities.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A half-open span of time {@code [start, end)}, the shape of a {@code tstzrange} in the calendar.
 * The list operations take and return windows sorted by start and not overlapping each other.
 */
record Window(Instant start, Instant end) {

  Window {
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("a window ends after it starts: " + start + " " + end);
    }
  }

  Duration length() {
    return Duration.between(start, end);
  }

  boolean overlaps(Window other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  boolean contains(Window other) {
    return !other.start.isBefore(start) && !other.end.isAfter(end);
  }

  /** Sorts and merges windows that overlap or touch. */
  static List<Window> normalize(List<Window> windows) {
    List<Window> sorted = new ArrayList<>(windows);
    sorted.sort(Comparator.comparing(Window::start));
    List<Window> merged = new ArrayList<>();
    for (Window w : sorted) {
      Window last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && !w.start.isAfter(last.end)) {
        if (w.end.isAfter(last.end)) {
          merged.set(merged.size() - 1, new Window(last.start, w.end));
        }
      } else {
        merged.add(w);
      }
    }
    return merged;
  }

  /** The time in both lists. */
  static List<Window> intersect(List<Window> a, List<Window> b) {
    List<Window> out = new ArrayList<>();
    for (Window x : a) {
      for (Window y : b) {
        Instant s = x.start.isAfter(y.start) ? x.start : y.start;
        Instant e = x.end.isBefore(y.end) ? x.end : y.end;
        if (s.isBefore(e)) {
          out.add(new Window(s, e));
        }
      }
    }
    return normalize(out);
  }

  /** The time in either list. */
  static List<Window> union(List<Window> a, List<Window> b) {
    List<Window> all = new ArrayList<>(a);
    all.addAll(b);
    return normalize(all);
  }

  /** The time in {@code free} that no window of {@code busy} touches. */
  static List<Window> minus(List<Window> free, List<Window> busy) {
    List<Window> out = new ArrayList<>();
    List<Window> taken = normalize(busy);
    for (Window f : free) {
      Instant cursor = f.start;
      for (Window b : taken) {
        if (!b.end.isAfter(cursor) || !b.start.isBefore(f.end)) {
          continue;
        }
        if (b.start.isAfter(cursor)) {
          out.add(new Window(cursor, b.start));
        }
        cursor = b.end.isAfter(cursor) ? b.end : cursor;
        if (!cursor.isBefore(f.end)) {
          break;
        }
      }
      if (cursor.isBefore(f.end)) {
        out.add(new Window(cursor, f.end));
      }
    }
    return out;
  }

  /** The part of the windows inside {@code [from, until)}. */
  static List<Window> clip(List<Window> windows, Instant from, Instant until) {
    if (!from.isBefore(until)) {
      return List.of();
    }
    return intersect(windows, List.of(new Window(from, until)));
  }
}
