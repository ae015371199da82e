package com.dispatchbot.activities.guardrails;

import com.dispatchbot.activities.slots.AddressSpans;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in a caller's text with placeholders. Two levels:
 *
 * <ul>
 *   <li>{@code stored}: payment card numbers ({@code [CARD]}: 13–19 digits, spaces or dashes
 *       between groups, a card network's first digit and a valid Luhn check digit) and US social
 *       security numbers ({@code [SSN]}: {@code ddd-dd-dddd}, or 9 digits after "SSN" / "social
 *       security"; never area 000, 666 or 9xx) — what may be stored and shown to operators;
 *   <li>{@code forModel}: also e-mail addresses ({@code [EMAIL]}), phone numbers ({@code [PHONE]},
 *       libphonenumber, region US, as the slot extractor reads them) and street addresses ({@code
 *       [ADDRESS]}, the slot extractor's address heuristics) — what a model or a log line may see.
 * </ul>
 *
 * Idempotent (a redacted text comes back unchanged), thread-safe, linear in the text's length.
 */
public final class PiiRedactor {
  public static final String CARD = "[CARD]";
  public static final String SSN = "[SSN]";
  public static final String EMAIL = "[EMAIL]";
  public static final String PHONE = "[PHONE]";
  public static final String ADDRESS = "[ADDRESS]";

  /**
   * @param stored the text with card numbers and SSNs replaced
   * @param forModel {@code stored} with e-mails, phones and street addresses also replaced
   * @param findings the categories replaced ({@code card}, {@code ssn}, {@code email}, {@code
   *     phone}, {@code address}), each once, never the values
   */
  public record Redaction(String stored, String forModel, List<String> findings) {}

  /** Digits (any script: fullwidth too) with single spaces or dashes between them. */
  private static final Pattern DIGIT_RUN =
      Pattern.compile("(?<![\\p{Nd}])\\p{Nd}(?:[ \\-]?\\p{Nd})*+(?![\\p{Nd}])");

  private static final Pattern SSN_DASHED =
      Pattern.compile(
          "(?<![\\p{Nd}-])(\\p{Nd}{3})-(\\p{Nd}{2})-(\\p{Nd}{4})(?![\\p{Nd}]|-\\p{Nd})");

  /** Nine digits (grouped or not) shortly after "SSN", "social security (number)", "SS#". */
  private static final Pattern SSN_IN_CONTEXT =
      Pattern.compile(
          "(?i)(?:\\bssn|\\bss#|\\bsocial(?: security)?(?: number| no\\.?| num| #)?)"
              + "[^\\p{Nd}\\n]{0,25}?(?<![\\p{Nd}])(\\p{Nd}{3})[ .\\-]?(\\p{Nd}{2})[ .\\-]?(\\p{Nd}{4})"
              + "(?![\\p{Nd}])");

  /** Linear: a run of local-part characters is only tried from its start. */
  private static final Pattern EMAIL_PATTERN =
      Pattern.compile(
          "(?<![\\p{L}\\p{Nd}._%+-])[\\p{L}\\p{Nd}._%+-]++@[\\p{L}\\p{Nd}-]+(?:\\.[\\p{L}\\p{Nd}-]+)*"
              + "\\.\\p{L}{2,}");

  /** "john dot smith at gmail dot com", "jane (at) example (dot) org". */
  private static final Pattern SPOKEN_EMAIL =
      Pattern.compile(
          "(?i)(?<![\\p{L}\\p{Nd}._-])[\\p{L}\\p{Nd}._-]{1,64}+(?: dot [\\p{L}\\p{Nd}_-]{1,64}+){0,3}"
              + "\\s?(?:\\(at\\)|\\[at\\]| at )\\s?[\\p{L}\\p{Nd}-]{1,64}+"
              + "(?:\\s?(?:\\(dot\\)|\\[dot\\]| dot |\\.)\\s?[\\p{L}\\p{Nd}-]{1,64}+){0,2}?"
              + "\\s?(?:\\(dot\\)|\\[dot\\]| dot |\\.)\\s?(?:com|net|org|edu|gov|io|co|us|info|biz|me)\\b");

  /** Longest text the address heuristics read at once; longer texts are cut at sentence ends. */
  private static final int ADDRESS_SEGMENT = 2_000;

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  private final AddressSpans addresses = new AddressSpans();

  public Redaction redact(String text) {
    if (text == null || text.isEmpty()) {
      return new Redaction("", "", List.of());
    }
    Set<String> findings = new LinkedHashSet<>();
    String stored = storedLevel(text, findings);
    String forModel = modelLevel(stored, findings);
    return new Redaction(stored, forModel, List.copyOf(findings));
  }

  /** Cards and SSNs only. */
  public String stored(String text) {
    return text == null ? null : storedLevel(text, new LinkedHashSet<>());
  }

  /** Everything: cards, SSNs, e-mails, phones, street addresses. */
  public String forModel(String text) {
    if (text == null) {
      return null;
    }
    Set<String> ignored = new LinkedHashSet<>();
    return modelLevel(storedLevel(text, ignored), ignored);
  }

  private String storedLevel(String text, Set<String> findings) {
    String s = cards(text, findings);
    s =
        replaceAll(
            s, SSN_DASHED, m -> validSsn(m.group(1), m.group(2), m.group(3)), SSN, "ssn", findings);
    s =
        replaceAll(
            s,
            SSN_IN_CONTEXT,
            m -> validSsn(m.group(1), m.group(2), m.group(3)),
            SSN,
            "ssn",
            findings,
            1,
            3);
    return s;
  }

  private String modelLevel(String stored, Set<String> findings) {
    String s = replaceAll(stored, EMAIL_PATTERN, m -> true, EMAIL, "email", findings);
    s = replaceAll(s, SPOKEN_EMAIL, m -> true, EMAIL, "email", findings);
    s = phones(s, findings);
    return streetAddresses(s, findings);
  }

  // ---------------------------------------------------------------- cards

  /**
   * Each run of digits is cut only where the caller put a space or a dash; the longest stretch of
   * 13–19 digits that a card could be (network first digit 2–6, valid Luhn) is replaced. A card
   * followed by its expiry or CVV in the same run is still found; an order number is not a card.
   */
  private static String cards(String text, Set<String> findings) {
    Matcher run = DIGIT_RUN.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (run.find()) {
      List<int[]> groups = groups(text, run.start(), run.end());
      int digits = groups.stream().mapToInt(g -> g[1] - g[0]).sum();
      if (digits < 13) {
        continue;
      }
      int from = 0;
      while (from < groups.size()) {
        int[] card = longestCard(text, groups, from);
        if (card == null) {
          from++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, groups.get(card[0])[0]).append(CARD);
        copied = groups.get(card[1])[1];
        findings.add("card");
        from = card[1] + 1;
      }
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The groups of digits of a run, as [start, end) pairs. */
  private static List<int[]> groups(String text, int start, int end) {
    List<int[]> groups = new ArrayList<>();
    int groupStart = start;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '-') {
        groups.add(new int[] {groupStart, i});
        groupStart = i + 1;
      }
    }
    groups.add(new int[] {groupStart, end});
    return groups;
  }

  /** Group indexes [first, last] of the longest card that starts at group {@code from}. */
  private static int[] longestCard(String text, List<int[]> groups, int from) {
    int[] best = null;
    StringBuilder digits = new StringBuilder();
    List<Integer> sizes = new ArrayList<>();
    for (int last = from; last < groups.size(); last++) {
      int[] g = groups.get(last);
      for (int i = g[0]; i < g[1]; i++) {
        digits.append((char) ('0' + Character.digit(text.charAt(i), 10)));
      }
      sizes.add(g[1] - g[0]);
      if (digits.length() > 19) {
        break;
      }
      if (digits.length() >= 13 && cardShaped(sizes) && isCard(digits)) {
        best = new int[] {from, last};
      }
    }
    return best;
  }

  /**
   * How cards are written: one block, groups of four (the last may be shorter), or American Express
   * / Diners 4-6-5 / 4-6-4. Two phone numbers in a row (3-3-4 3-3-4) are not a card.
   */
  private static boolean cardShaped(List<Integer> sizes) {
    if (sizes.size() == 1) {
      return true;
    }
    if (sizes.size() == 3 && sizes.get(0) == 4 && sizes.get(1) == 6 && sizes.get(2) >= 4) {
      return sizes.get(2) <= 5;
    }
    for (int i = 0; i < sizes.size() - 1; i++) {
      if (sizes.get(i) != 4) {
        return false;
      }
    }
    return sizes.get(sizes.size() - 1) <= 4;
  }

  static boolean isCard(CharSequence digits) {
    char first = digits.charAt(0);
    return first >= '2' && first <= '6' && luhn(digits);
  }

  static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  // ---------------------------------------------------------------- SSNs

  static boolean validSsn(String area, String group, String serial) {
    String a = ascii(area);
    return !a.equals("000")
        && !a.equals("666")
        && a.charAt(0) != '9'
        && !ascii(group).equals("00")
        && !ascii(serial).equals("0000");
  }

  private static String ascii(String digits) {
    StringBuilder b = new StringBuilder(digits.length());
    for (int i = 0; i < digits.length(); i++) {
      b.append((char) ('0' + Character.digit(digits.charAt(i), 10)));
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- phones and addresses

  /** Every number libphonenumber finds possible as a US (or +country) number, valid or not. */
  private static String phones(String text, Set<String> findings) {
    if (text.chars().noneMatch(Character::isDigit)) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (PhoneNumberMatch match :
        PHONES.findNumbers(text, "US", Leniency.POSSIBLE, Long.MAX_VALUE)) {
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, match.start()).append(PHONE);
      copied = match.end();
      findings.add("phone");
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private String streetAddresses(String text, Set<String> findings) {
    if (text.chars().noneMatch(Character::isDigit)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean any = false;
    for (int[] segment : segments(text, ADDRESS_SEGMENT)) {
      String part = text.substring(segment[0], segment[1]);
      int copied = 0;
      for (AddressSpans.Span span : addresses.find(part)) {
        out.append(part, copied, span.start()).append(ADDRESS);
        copied = span.end();
        any = true;
      }
      out.append(part, copied, part.length());
    }
    if (!any) {
      return text;
    }
    findings.add("address");
    return out.toString();
  }

  /** [start, end) pieces of at most {@code max} chars, cut after a sentence end where possible. */
  static List<int[]> segments(String text, int max) {
    List<int[]> segments = new ArrayList<>();
    int start = 0;
    while (text.length() - start > max) {
      int cut = -1;
      for (int i = start + max - 1; i > start + max / 2 && cut < 0; i--) {
        if (Character.isWhitespace(text.charAt(i)) && ".!?;\n".indexOf(text.charAt(i - 1)) >= 0) {
          cut = i;
        }
      }
      for (int i = start + max - 1; i > start + max / 2 && cut < 0; i--) {
        if (Character.isWhitespace(text.charAt(i))) {
          cut = i;
        }
      }
      if (cut < 0) {
        cut = start + max;
      }
      segments.add(new int[] {start, cut});
      start = cut;
    }
    segments.add(new int[] {start, text.length()});
    return segments;
  }

  // ---------------------------------------------------------------- helpers

  private static String replaceAll(
      String text,
      Pattern pattern,
      Predicate<Matcher> accept,
      String placeholder,
      String finding,
      Set<String> findings) {
    return replaceAll(text, pattern, accept, placeholder, finding, findings, 0, 0);
  }

  /**
   * Replaces each accepted match; with groups {@code fromGroup..toGroup} > 0, only the span from
   * the start of the first to the end of the last group (the context words stay).
   */
  private static String replaceAll(
      String text,
      Pattern pattern,
      Predicate<Matcher> accept,
      String placeholder,
      String finding,
      Set<String> findings,
      int fromGroup,
      int toGroup) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      if (!accept.test(m)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      int start = fromGroup > 0 ? m.start(fromGroup) : m.start();
      int end = toGroup > 0 ? m.end(toGroup) : m.end();
      out.append(text, copied, start).append(placeholder);
      copied = end;
      findings.add(finding);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
