package com.dispatchbot.cli.ops;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Numbers, money, times and aligned tables as the ops commands print them (UTC, en-US). */
final class Format {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** USD: cents above a dollar; below, up to the millionth (model calls cost fractions). */
  static String usd(BigDecimal value) {
    BigDecimal v = value == null ? BigDecimal.ZERO : value;
    if (v.abs().compareTo(BigDecimal.ONE) >= 0) {
      return "$" + v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
    BigDecimal small = v.setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    return "$" + (small.scale() < 2 ? small.setScale(2) : small).toPlainString();
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  /** share of total, or "n/a" when there is nothing to divide by. */
  static String rate(long part, long total) {
    return total == 0 ? "n/a" : percent((double) part / total);
  }

  static String millis(double ms) {
    return ms >= 10_000
        ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
        : String.format(Locale.ROOT, "%.0f ms", ms);
  }

  static String instant(Instant at) {
    return at == null ? "-" : MINUTE.format(at.truncatedTo(ChronoUnit.MINUTES));
  }

  /** One line of at most {@code max} characters: line breaks folded, the rest cut with "...". */
  static String clip(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= max ? line : line.substring(0, Math.max(0, max - 3)) + "...";
  }

  /** A text table: a header, rows, columns aligned; numbers (right-aligned columns) marked. */
  static final class Table {
    private final List<String> header;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param columns names; a name starting with '>' is right-aligned (the '>' is dropped)
     */
    Table(String... columns) {
      header = new ArrayList<>();
      right = new boolean[columns.length];
      for (int i = 0; i < columns.length; i++) {
        right[i] = columns[i].startsWith(">");
        header.add(right[i] ? columns[i].substring(1) : columns[i]);
      }
    }

    Table row(Object... cells) {
      List<String> row = new ArrayList<>();
      for (Object cell : cells) {
        row.add(cell == null ? "-" : cell.toString());
      }
      rows.add(row);
      return this;
    }

    boolean isEmpty() {
      return rows.isEmpty();
    }

    void print(PrintStream out) {
      int[] width = new int[header.size()];
      for (int i = 0; i < width.length; i++) {
        width[i] = header.get(i).length();
        for (List<String> row : rows) {
          width[i] = Math.max(width[i], i < row.size() ? row.get(i).length() : 0);
        }
      }
      out.println(line(header, width));
      for (List<String> row : rows) {
        out.println(line(row, width));
      }
    }

    private String line(List<String> cells, int[] width) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        String cell = i < cells.size() ? cells.get(i) : "";
        String pad = " ".repeat(width[i] - cell.length());
        b.append(i == 0 ? "" : "  ").append(right[i] ? pad + cell : cell + pad);
      }
      return b.toString().stripTrailing();
    }
  }
}
