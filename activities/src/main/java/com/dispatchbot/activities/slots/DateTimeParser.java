package com.dispatchbot.activities.slots;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds when a caller wants someone to come, in the words callers use on the phone, and resolves it
 * to a concrete date, time and arrival window in the tenant's time zone, relative to a reference
 * time (the workflow's "now"). Deterministic: the same text, reference and zone give the same
 * answer; no clock is read.
 *
 * <h2>Why a parser of our own</h2>
 *
 * We measured the Java date libraries on Maven Central on the data of {@code eval-slots}: the 1,704
 * date and 1,453 time spans of SGD's services/homes dialogues whose value the next system turn
 * confirms, reference Friday 2019-03-01 (exact match of the date or the HH:mm time; "span" parses
 * the annotated span alone, "utterance" the whole user turn; latency per utterance on 2 busy
 * cores):
 *
 * <table>
 *   <caption>date/time libraries on SGD (span / utterance exact match)</caption>
 *   <tr><th>library</th><th>date</th><th>time</th><th>p50 / p95</th><th>notes</th></tr>
 *   <tr><td>Natty 0.13 (com.joestelmach, 2017)</td><td>78.3 / 73.1%</td><td>65.0 / 59.1%</td>
 *       <td>0.53 / 12.8 ms</td><td>unmaintained, antlr 3</td></tr>
 *   <tr><td>Natty 1.1.2 (io.github.natty-parser, maintained fork, 2025)</td>
 *       <td>78.3 / 73.1%</td><td>65.0 / 59.1%</td><td>0.39 / 2.1 ms</td><td>same grammar</td></tr>
 *   <tr><td>PrettyTime NLP 5.0.9 (shaded Natty)</td><td>78.3 / 73.8%</td><td>71.6 / 64.6%</td>
 *       <td>2.0 / 7.8 ms</td><td>no "time inferred" flag</td></tr>
 *   <tr><td>Zoho Hawking 0.1.9</td><td>57.9 / 53.3%</td><td>44.4 / 35.7%</td><td>4.6 / 12.8 ms</td>
 *       <td>28 MB, pulls GPL-3 Stanford CoreNLP</td></tr>
 *   <tr><td>this class</td><td>100 / 99.8%</td><td>100 / 99.8%</td><td>0.4 / 5–13 ms *</td>
 *       <td>whole extractor; * p95 on a machine at load 8 on 2 cores</td></tr>
 * </table>
 *
 * <p>Microsoft Recognizers-Text (the best-known grammar of this kind) has no Java release on Maven
 * Central. All three Natty variants miss "the 14th" and "the 1st", read "four in the evening" as
 * 19:00, "half past 3 in the afternoon" as 15:00 and "afternoon 2:30" as 02:30, turn a phone number
 * ("303-555-0100") into 20:00, silently roll "February 30" over to March 2 (so impossible dates
 * cannot be reported), and return a point in time where we need a window ("tomorrow afternoon" →
 * 12:00, "Friday between 2 and 4" → no time). Fixing that around a library means parsing it
 * ourselves anyway, so this class is a small pattern grammar over normalised text. It was tuned on
 * SGD's train split; restaurant8k (a different domain, spans only) is the check that it is not
 * tuned to SGD alone: 98.5% of its date spans and 89% of its time spans (the rest are mostly bare
 * numbers such as "6" that only the dialogue makes a time) read the same in context as alone.
 *
 * <h2>Rules (what a dispatcher would assume)</h2>
 *
 * <ul>
 *   <li>Parts of day: morning 08:00–12:00, afternoon 12:00–17:00, evening and tonight 17:00–20:00;
 *       "early"/"late" take the first/second half. "first thing" is 08:00–09:00.
 *   <li>A stated time ("3pm", "at 3", "half past 11") is a one-hour arrival window starting then;
 *       "around 3" is 2:30–3:30; "after 6" runs to the end of the evening (20:00, or two hours when
 *       later); "before 10" starts at 08:00; "between 2 and 4" is 14:00–16:00.
 *   <li>An hour without am/pm: a part of day in the sentence decides; otherwise 7–11 are morning,
 *       12 is noon and 1–6 afternoon (nobody books a plumber for 3 am); 13–23 and a leading zero
 *       ("08:30") are read as 24-hour times.
 *   <li>"today" is the rest of the day (now–20:00); "asap", "right away", "right now" are the next
 *       four hours.
 *   <li>A weekday alone or with "this" is the next such day, today included; "next Tuesday" and
 *       "Tuesday next week" are the Tuesday of the following ISO week (Monday–Sunday), as SGD's
 *       annotators read it; "Sunday this week" is this week's.
 *   <li>"the 1st" is the next 1st (this month when not yet past, else next month); a month and day
 *       without a year is this year's, or next year's when this year's passed more than a month ago
 *       (a recent one is reported as past).
 *   <li>A time with no date falls on the next day it is still ahead (today or tomorrow) for the
 *       window, but {@link Result#date()} stays null: an earlier turn's date wins. A window already
 *       under way today ("this afternoon" at 14:00) starts now.
 *   <li>Several days in one message: a day the caller rules out ("not Thursday", "I can't do
 *       tomorrow") or that dates the trouble ("since Monday", "last Tuesday", "yesterday") is not
 *       the appointment; a calendar date wins over a relative one; in "from Monday to the 9th" the
 *       start wins.
 *   <li>Problems: a day the month does not have ("February 30", "April 31st", February 29 of a
 *       common year) is {@code impossible_date}; a date or window that ended before the reference
 *       is {@code past_time} (the parsed parts are still returned).
 * </ul>
 *
 * <p>DST: windows are built with the zone's rules, so a window on the day clocks change carries
 * that day's offsets; a time in the spring-forward gap moves forward by the gap, as {@link
 * ZonedDateTime#of} does.
 */
final class DateTimeParser {

  /** Parts of day, in hours [start, end). */
  enum PartOfDay {
    MORNING(8, 12),
    AFTERNOON(12, 17),
    EVENING(17, 20);

    final int start;
    final int end;

    PartOfDay(int start, int end) {
      this.start = start;
      this.end = end;
    }

    static PartOfDay of(String word) {
      return switch (word) {
        case "morning" -> MORNING;
        case "afternoon" -> AFTERNOON;
        default -> EVENING; // evening, night, tonight
      };
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What was found; fields are null when nothing was said about them.
   *
   * @param date the day the caller named (null when only a time was said)
   * @param time the time of day the caller named
   * @param windowStart start of the arrival window, or null when none can be given
   * @param label how the caller put it, normalised: {@code afternoon}, {@code 3pm}, {@code asap}
   * @param problems {@code code: detail}
   */
  record Result(
      LocalDate date,
      LocalTime time,
      ZonedDateTime windowStart,
      ZonedDateTime windowEnd,
      String label,
      List<String> problems) {
    static final Result NONE = new Result(null, null, null, null, null, List.of());
  }

  private static final Duration STATED_TIME_WINDOW = Duration.ofHours(1);
  private static final Duration ASAP_WINDOW = Duration.ofHours(4);
  private static final LocalTime END_OF_DAY = LocalTime.of(20, 0);

  // ---------------------------------------------------------------- normalisation
  private static final Map<String, Integer> UNITS =
      Map.ofEntries(
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("thirteen", 13),
          Map.entry("fourteen", 14),
          Map.entry("fifteen", 15),
          Map.entry("sixteen", 16),
          Map.entry("seventeen", 17),
          Map.entry("eighteen", 18),
          Map.entry("nineteen", 19),
          Map.entry("twenty", 20),
          Map.entry("thirty", 30),
          Map.entry("forty", 40),
          Map.entry("fifty", 50));
  private static final Map<String, Integer> ORDINALS =
      Map.ofEntries(
          Map.entry("first", 1),
          Map.entry("second", 2),
          Map.entry("third", 3),
          Map.entry("fourth", 4),
          Map.entry("fifth", 5),
          Map.entry("sixth", 6),
          Map.entry("seventh", 7),
          Map.entry("eighth", 8),
          Map.entry("ninth", 9),
          Map.entry("tenth", 10),
          Map.entry("eleventh", 11),
          Map.entry("twelfth", 12),
          Map.entry("thirteenth", 13),
          Map.entry("fourteenth", 14),
          Map.entry("fifteenth", 15),
          Map.entry("sixteenth", 16),
          Map.entry("seventeenth", 17),
          Map.entry("eighteenth", 18),
          Map.entry("nineteenth", 19),
          Map.entry("twentieth", 20),
          Map.entry("thirtieth", 30));
  private static final String UNIT_WORDS =
      "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
          + "|sixteen|seventeen|eighteen|nineteen";
  private static final String HOUR_WORDS =
      "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";
  private static final String MINUTE_WORDS =
      "oh[ -]five|ten|fifteen|twenty|twenty[ -]five|thirty|thirty[ -]five|forty|forty[ -]five"
          + "|fifty|fifty[ -]five";
  private static final String ORDINAL_WORDS =
      "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
          + "|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
          + "|twentieth|thirtieth";

  private static final Pattern HOUR_MINUTE_WORDS =
      Pattern.compile("\\b(" + HOUR_WORDS + ")[ -](" + MINUTE_WORDS + ")\\b");
  private static final Pattern TENS_UNIT_ORDINAL =
      Pattern.compile(
          "\\b(twenty|thirty)[ -](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\\b");
  private static final Pattern TENS_UNIT =
      Pattern.compile(
          "\\b(twenty|thirty|forty|fifty)[ -](one|two|three|four|five|six|seven|eight"
              + "|nine)\\b");
  private static final Pattern ORDINAL_WORD =
      Pattern.compile(
          "(?<=\\bthe |\\bon |\\b(?:january|february|march|april|may|june|july|august|september"
              + "|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec) )("
              + ORDINAL_WORDS
              + ")\\b(?=\\s*(?:$|[,.!?;]|(?:of|at|in|is|or|and|for|then|please|would|could|works?"
              + "|instead|if|maybe|that|sounds|will|between|around|after|before|by|from)\\b))|\\b("
              + ORDINAL_WORDS
              + ")(?= of\\b)");
  private static final Pattern UNIT_WORD =
      Pattern.compile(
          "\\b((?<!\\b(?:like|no|any|some|every|the|this|that|which|each|a|another|next) )"
              + UNIT_WORDS
              + "|twenty|thirty|forty|fifty)\\b(?! (?:of|more|another|day)\\b)");
  private static final Pattern DIGIT_SPACE_MINUTES =
      Pattern.compile("\\b(\\d{1,2}) ([0-5]\\d) ?(am|pm)\\b");

  // ---------------------------------------------------------------- dates
  private static final String MONTH =
      "(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september"
          + "|sept|sep|october|oct|november|nov|december|dec)\\.?";
  private static final String WEEKDAY_PREFIX =
      "(?:(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)[a-z]*\\.?,? )?";
  private static final Pattern MONTH_DAY =
      Pattern.compile(
          "\\b"
              + WEEKDAY_PREFIX
              + MONTH
              + " (?:the )?(\\d{1,2})(?:st|nd|rd|th)?\\b(?!:)"
              + "(?! (?:of us|of you|people|persons|guests|adults|kids|children|pm|am)\\b)"
              + "(?:,? (\\d{4})\\b)?");
  private static final Pattern DAY_MONTH =
      Pattern.compile(
          "\\b"
              + WEEKDAY_PREFIX
              + "(?:the )?(\\d{1,2})(?:st|nd|rd|th)?(?: of)? "
              + MONTH
              + "(?![a-z])(?:,? (\\d{4})\\b)?");
  private static final Pattern ISO_DATE =
      Pattern.compile("\\b(\\d{4})[/-](\\d{1,2})[/-](\\d{1,2})\\b");
  private static final Pattern US_DATE =
      Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?\\b(?![/\\d])");
  private static final Pattern ORDINAL_DAY =
      Pattern.compile(
          "(?<!\\b(?:west|east|north|south|w|e|n|s|ne|nw|se|sw)\\.? )"
              + "\\b(?:the )?(\\d{1,2})(?:st|nd|rd|th)\\b"
              + "(?! (?:floor|st|street|ave|avenue|rd|road|dr|drive|pl|place|blvd|boulevard|way"
              + "|ln|lane|ct|court|ter|terrace|cir|circle|pkwy|parkway|time|times|thing|things"
              + "|call|visit|grade|birthday|anniversary|century|person|degree|place|row|round"
              + "|tech|technician|appointment|house|door|try|option|choice|step|floor|unit|apt|thought"
              + "|thoughts|opinion|hand|look|chance|glance)\\b)"
              + "(?: of (this|next|the) month| (this|next) month)?");
  private static final Pattern DAY_AFTER_TOMORROW =
      Pattern.compile("\\b(?:the )?day after (?:tomorrow|tmrw|tomorow)\\b");
  private static final Pattern RELATIVE_DAY =
      Pattern.compile(
          "\\b(today|tonight|tonite|tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|yesterday)\\b");
  private static final Pattern IN_DAYS =
      Pattern.compile(
          "\\b(?:in|within) (?:about |around |roughly )?(\\d{1,3}|a|an|one|a couple of|a couple"
              + "|couple of|a few) (?:more )?(days?|weeks?|months?)\\b");
  private static final Pattern DAYS_FROM =
      Pattern.compile("\\b(\\d{1,3}|a|one) (days?|weeks?|months?) from (now|today|tomorrow)\\b");
  private static final Pattern WEEKEND =
      Pattern.compile("\\b(this|next|on the|over the|the)? ?weekend\\b");
  private static final Pattern WEEKDAY =
      Pattern.compile(
          "\\b(?:(this coming|coming|this|next|on|until|by) )?"
              + "(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs)\\b"
              + "(?:,? (this week|next week|of next week|of this week|after next|week after next))?");
  private static final Pattern NEXT_WEEK_WEEKDAY =
      Pattern.compile(
          "\\bnext week(?: on)? (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
  private static final Pattern ASAP =
      Pattern.compile(
          "\\b(asap|a\\.s\\.a\\.p\\.?|as soon as (?:possible|you can|you're able|someone can)"
              + "|right away|right now|immediately|urgently|earliest (?:possible|available)"
              + "|soonest)(?![a-z])"
              + "|\\b(?:come|coming|here|over|free|available|open|someone|somebody|anyone|anybody"
              + "|tables?|help|tech|technician|plumber|out|send|go)(?: [a-z]+)? now\\b");
  private static final Pattern IN_DELTA =
      Pattern.compile(
          "\\b(?:in|within) (?:about |around |roughly )?(half an hour|a half hour|an hour and a half"
              + "|an hour|a couple (?:of )?hours|a few hours|(\\d{1,3}) (?:minutes?|mins?)"
              + "|(\\d{1,2}) (?:hours?|hrs?))\\b"
              + "|\\b(?:(\\d{1,3}) (?:minutes?|mins?)|(an|one|a|\\d{1,2}) (?:hours?|hrs?)) from now\\b");

  // ---------------------------------------------------------------- parts of day
  private static final Pattern PART_OF_DAY =
      Pattern.compile(
          "\\b(?:(this|tomorrow|today|in the|early|late|early in the|late in the|mid|tomorrow"
              + " early|first thing in the) ?)?(morning|afternoon|evening|night|tonight|tonite)\\b");
  private static final Pattern FIRST_THING = Pattern.compile("\\bfirst thing\\b");

  // ---------------------------------------------------------------- times
  private static final String TIME = "(\\d{1,2})(?:[:.](\\d{2}))? ?(am|pm)?";
  private static final Pattern RANGE =
      Pattern.compile(
          "\\b(between|from|btw|anywhere from|sometime between|any ?time between)? ?"
              + TIME
              + " ?(?:and|to|-|–|till|til|until) ?"
              + TIME
              + "(?![\\d:/])(?! ?(?:people|persons|person|guests|adults|of us|kids|children|days"
              + "|weeks|hours|minutes|mins|years|dollars|bucks|inch|inches|feet|gallons)\\b)");
  private static final Pattern MERIDIEM =
      Pattern.compile("\\b(\\d{1,2})(?:[:.](\\d{2}))? ?(am|pm)\\b");
  private static final Pattern HALF_PAST =
      Pattern.compile(
          "\\b(half|a quarter|quarter|(\\d{1,2})(?: minutes?| mins?)?) (past|after|to|til|till|of"
              + "|before) (\\d{1,2})(?: ?(am|pm))?\\b(?![:\\d]| (?:people|persons|of us|guests))");
  private static final Pattern COLON_TIME =
      Pattern.compile(
          "\\b(\\d{1,2}):(\\d{2})\\b|(?<=\\b(?:at|for|around|about|by|until|to|from|maybe|or|still"
              + "|evening|morning|afternoon|is|be|make it|say)\\s|^)(\\d{1,2})\\.([0-5]\\d)\\b(?!\\.\\d)");
  private static final Pattern OCLOCK = Pattern.compile("\\b(\\d{1,2}) ?o'? ?clock\\b");
  private static final Pattern NOON =
      Pattern.compile("\\b(12 noon|noon|midday|lunchtime|lunch time|midnight)\\b");
  private static final Pattern PART_THEN_HOUR =
      Pattern.compile(
          "\\b(morning|afternoon|evening|night|tonight)(?: at| around| about)? (\\d{1,2})"
              + "(?::(\\d{2}))?\\b(?![\\d/%:]| ?(?:am|pm|people|persons|guests|adults|of us|days"
              + "|hours)\\b)");
  private static final Pattern HOUR_THEN_PART =
      Pattern.compile(
          "\\b(\\d{1,2}) (?:in the |this |tomorrow |at (?=night)|tonight)"
              + "(morning|afternoon|evening|night)?\\b");
  private static final Pattern BARE_HOUR =
      Pattern.compile(
          "\\b(at|around|about|after|before|by|until|till|not before|no later than"
              + "|no earlier than|sometime after|sometime before|anytime after|anytime before)"
              + " (\\d{1,2})\\b(?![\\d/%.,:]\\d| ?(?:%|people|persons|person|of|days?|weeks?"
              + "|hours?|minutes?|mins?|years?|dollars|bucks|bedrooms?|bathrooms?|adults?|kids"
              + "|children|guests|st|nd|rd|th|am|pm|point|more|another|in the|o'clock"
              + "|[a-z]+ (?:st|street|ave|avenue|rd|road|dr|drive|ln|lane|way|ct|court|blvd)\\b))");
  private static final Pattern ISH_HOUR = Pattern.compile("\\b(\\d{1,2}) ?-? ?ish\\b");
  private static final Pattern MODIFIER_BEFORE =
      Pattern.compile(
          "(around|about|approximately|roughly|say|after|before|by|until|till|not before"
              + "|no later than|no earlier than|sometime after|sometime before|anytime after"
              + "|anytime before)\\s*(?:at\\s*)?$");

  private enum Modifier {
    EXACT,
    AROUND,
    AFTER,
    BEFORE
  }

  /** A time of day as said, before am/pm was decided when it was not said. */
  private record SaidTime(int hour, int minute, String meridiem, boolean twentyFourHour) {}

  /** A time mention: one said time, or a range of two. */
  private record TimeMention(int at, SaidTime from, SaidTime to, Modifier modifier, String part) {}

  /**
   * A date mention; {@code problem} set instead of {@code date} when it cannot exist.
   *
   * @param explicit a calendar date ("March 7th", "the 14th"), which wins over a relative one
   */
  private record DateMention(int at, LocalDate date, String problem, boolean explicit) {}

  private static final Pattern NEGATED_BEFORE =
      Pattern.compile(
          "(?:\\bnot\\b|n't\\b|\\bnever\\b|\\bconflict\\b|\\bbusy\\b|\\b(?:have|got|had) plans\\b|\\bexcept\\b"
              + "|\\binstead of\\b|\\brather than\\b)(?<!\\bwhy don't|\\bwhy not)"
              + "(?![^.?!;,\u00b7]*\\b(?:until|till)\\s*$)"
              + "[^.?!;,\u00b7]*$");
  private static final Pattern NEGATED_AFTER =
      Pattern.compile(
          "^[\u00b7 ]*[^.?!;,]{0,12}?\\b(?:i can't|i cannot|won't work|doesn't work|does not work"
              + "|is bad|isn't good|is not good|no good|is out\\b|i'm busy|i am busy|is taken"
              + "|not possible|is not possible|doesn't suit|is full)");

  private static final Pattern US_DATE_CUE =
      Pattern.compile("\\b(?:on|for|by|until|before|after|date|is)\\s*$");
  private static final Pattern NOTHING_ELSE = Pattern.compile("[\\s.,!?\u00b7]*");
  private static final Pattern ORDINAL_CUE =
      Pattern.compile("(?:\\b(?:on|for|by|until|to)|\u00b7|^)\\s*$");
  private static final Pattern FIRST_AVAILABLE =
      Pattern.compile("^\\s*(?:available|opening|slot|one|thing|step)\\b");
  private static final Pattern ONE_COUNT = Pattern.compile("\\b(?:for|of|just|only)\\s*$");
  private static final Pattern PART_AFTER =
      Pattern.compile(
          "^[ \u00b7,]*(?:(?:in the|this|tomorrow|at|on [a-z]+|today)[ \u00b7]+)?"
              + "(morning|afternoon|evening|night|tonight)\\b");
  private static final Pattern PAST_CUE = Pattern.compile("\\b(?:since|last|ago|started)\\s*$");
  private static final Pattern DELTA_FILLER =
      Pattern.compile("^(?:in|within) (?:about |around |roughly )?");
  private static final Pattern FROM = Pattern.compile("\\b(?:from|between|starting)\\b");
  private static final Pattern RANGE_END =
      Pattern.compile("\\b(?:to|till|til|until|through|thru)\\s*(?:the\\s*)?$");

  /** The date meant: not one said to be impossible for the caller; a calendar date first. */
  private static DateMention choose(List<DateMention> dates, CharSequence s) {
    List<DateMention> kept = new ArrayList<>();
    for (DateMention d : dates) {
      if (PAST_CUE.matcher(s.subSequence(Math.max(0, d.at() - 12), d.at())).find()) {
        continue; // "leaking since Monday", "last Tuesday": when it started, not when to come
      }
      int end = d.at();
      while (end < s.length() && s.charAt(end) == BLANK) {
        end++;
      }
      CharSequence before = s.subSequence(Math.max(0, d.at() - 35), d.at());
      CharSequence after = s.subSequence(end, Math.min(s.length(), end + 35));
      if (!NEGATED_BEFORE.matcher(before).find() && !NEGATED_AFTER.matcher(after).find()) {
        kept.add(d);
      }
    }
    if (kept.isEmpty()) {
      return null; // "not today", "I can't do Tuesday"
    }
    // "from Monday to the 9th": the start of a range is the day someone comes.
    List<DateMention> starts = new ArrayList<>();
    for (DateMention d : kept) {
      CharSequence lead = s.subSequence(Math.max(0, d.at() - 12), d.at());
      Matcher end = RANGE_END.matcher(lead);
      boolean rangeEnd = end.find() && (!end.group().startsWith("to") || FROM.matcher(s).find());
      if (!rangeEnd) {
        starts.add(d);
      }
    }
    if (!starts.isEmpty()) {
      kept = starts;
    }
    return kept.stream()
        .min(
            java.util.Comparator.comparing((DateMention d) -> !d.explicit())
                .thenComparingInt(DateMention::at))
        .orElse(null);
  }

  Result parse(String text, ZonedDateTime reference) {
    if (text == null || text.isBlank()) {
      return Result.NONE;
    }
    StringBuilder s = new StringBuilder(normalize(text));
    boolean saidToday = TODAY.matcher(s).find();
    LocalDate today = reference.toLocalDate();
    List<String> problems = new ArrayList<>();

    // 1. Instant-like phrases that settle date and time together.
    boolean asap = find(ASAP, s) != null;
    Matcher delta = find(IN_DELTA, s);
    ZonedDateTime deltaAt = delta == null ? null : reference.plus(delta(delta));

    // 2. Dates, most explicit first; each match is blanked out so later patterns skip it.
    List<DateMention> dates = new ArrayList<>();
    findDates(s, reference, dates);

    // 3. Parts of day ("tomorrow afternoon", "tonight").
    PartOfDay part = null;
    String partLabel = null;
    boolean firstThing = find(FIRST_THING, s) != null;
    Matcher pod = PART_OF_DAY.matcher(s);
    if (pod.find()) {
      String modifier = pod.group(1) == null ? "" : pod.group(1).trim();
      String word = pod.group(2);
      part = PartOfDay.of(word);
      if (modifier.startsWith("early") || modifier.startsWith("first thing")) {
        partLabel = "early " + part.label();
      } else if (modifier.startsWith("late")) {
        partLabel = "late " + part.label();
      } else {
        partLabel = part.label();
      }
      if (word.startsWith("toni") || modifier.equals("this") || modifier.equals("today")) {
        dates.add(new DateMention(pod.start(), today, null, false));
      } else if (modifier.startsWith("tomorrow")) {
        dates.add(new DateMention(pod.start(), today.plusDays(1), null, false));
      }
    }

    // 4. Times (after dates and parts of day are known, so "3" can become 15:00).
    TimeMention time = findTime(s, pod);
    if (time == null && firstThing) {
      time = new TimeMention(0, new SaidTime(8, 0, "am", false), null, Modifier.EXACT, null);
    }

    DateMention date = choose(dates, s);
    if (date != null && date.problem() != null) {
      problems.add(date.problem());
    }

    if (asap && date == null && time == null && deltaAt == null) {
      ZonedDateTime start = reference.truncatedTo(ChronoUnit.MINUTES);
      return new Result(today, null, start, start.plus(ASAP_WINDOW), "asap", problems);
    }
    if (deltaAt != null && time == null) {
      ZonedDateTime at = deltaAt.truncatedTo(ChronoUnit.MINUTES);
      return new Result(
          at.toLocalDate(),
          at.toLocalTime(),
          at,
          at.plus(STATED_TIME_WINDOW),
          DELTA_FILLER.matcher(delta.group(0)).replaceAll("in "),
          problems);
    }

    LocalDate day = date == null ? null : date.date();
    boolean dateSaid = date != null;
    if (time == null && part == null) {
      if (day == null) {
        return problems.isEmpty()
            ? Result.NONE
            : new Result(null, null, null, null, null, problems);
      }
      pastDate(day, reference, problems);
      if (day.equals(today) && saidToday) {
        ZonedDateTime start = reference.truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime end = day.atTime(END_OF_DAY).atZone(reference.getZone());
        if (!end.isAfter(start)) {
          end = day.plusDays(1).atStartOfDay(reference.getZone());
        }
        return new Result(day, null, start, end, "today", problems);
      }
      return new Result(day, null, null, null, null, problems);
    }

    // A window: from a said time, a range, or a part of day.
    LocalTime from;
    LocalTime to;
    LocalTime said = null;
    String label;
    if (time != null) {
      PartOfDay context = time.part() != null ? PartOfDay.of(time.part()) : part;
      from = resolve(time.from(), context);
      if (time.to() != null) {
        SaidTime end = time.to();
        SaidTime start = time.from();
        // "2 to 4pm": the second's am/pm carries to the first when it makes a sensible range.
        if (start.meridiem() == null && end.meridiem() != null && !start.twentyFourHour()) {
          from = resolve(new SaidTime(start.hour(), start.minute(), end.meridiem(), false), null);
          LocalTime toTime = resolve(end, context);
          if (from.isAfter(toTime)) {
            from = resolve(start, context);
          }
        }
        to = resolve(end, context);
        if (start.meridiem() == null && !start.twentyFourHour() && to.isBefore(from)) {
          // "between 11 and 1": 11 am to 1 pm
          from = resolve(new SaidTime(start.hour(), start.minute(), "am", false), null);
        }
        if (end.meridiem() == null && !end.twentyFourHour() && !to.isAfter(from)) {
          to = to.plusHours(12);
        }
        said = from;
        label = clock(from) + "-" + clock(to);
      } else {
        said = from;
        switch (time.modifier()) {
          case AROUND -> {
            to = from.plusMinutes(30);
            from = from.minusMinutes(30);
            label = "around " + clock(said);
          }
          case AFTER -> {
            to = from.isBefore(END_OF_DAY.minusHours(2)) ? END_OF_DAY : from.plusHours(2);
            label = "after " + clock(said);
          }
          case BEFORE -> {
            to = from;
            from = from.isAfter(LocalTime.of(8, 0)) ? LocalTime.of(8, 0) : from.minusHours(2);
            label = "before " + clock(said);
            said = null;
          }
          default -> {
            to = from.plus(STATED_TIME_WINDOW);
            label = clock(from);
          }
        }
      }
    } else if (firstThing) {
      from = LocalTime.of(8, 0);
      to = LocalTime.of(9, 0);
      label = "first thing";
    } else {
      from = LocalTime.of(part.start, 0);
      to = LocalTime.of(part.end, 0);
      if (partLabel.startsWith("early ")) {
        to = from.plusMinutes((part.end - part.start) * 30L);
      } else if (partLabel.startsWith("late ")) {
        from = from.plusMinutes((part.end - part.start) * 30L);
      }
      label = partLabel;
    }

    boolean wrapsMidnight = !to.isAfter(from);
    if (day == null) {
      // No date said: the next day on which the window is still ahead (a stated time: still to
      // come), and what is left of it today.
      boolean statedTime = time != null && time.to() == null && time.modifier() == Modifier.EXACT;
      LocalTime mustBeAhead = statedTime ? from : wrapsMidnight ? LocalTime.MAX : to;
      day = today;
      if (!day.atTime(mustBeAhead).atZone(reference.getZone()).isAfter(reference)) {
        day = today.plusDays(1);
      }
    }
    ZonedDateTime start = day.atTime(from).atZone(reference.getZone());
    ZonedDateTime end =
        (wrapsMidnight ? day.plusDays(1) : day).atTime(to).atZone(reference.getZone());
    if (!dateSaid && start.isBefore(reference)) {
      start = reference.truncatedTo(ChronoUnit.MINUTES);
    }
    if (dateSaid && problems.isEmpty()) {
      if (!end.isAfter(reference)
          || (said != null
              && start.isBefore(reference)
              && time != null
              && time.modifier() == Modifier.EXACT
              && time.to() == null)) {
        problems.add(
            "past_time: "
                + describe(day, today)
                + " "
                + label
                + " has already passed (it is "
                + clock(reference.toLocalTime())
                + " on "
                + reference.toLocalDate()
                + " in "
                + reference.getZone().getId()
                + ")");
      } else if (start.isBefore(reference)) {
        start = reference.truncatedTo(ChronoUnit.MINUTES); // the rest of "this afternoon"
      }
    }
    return new Result(dateSaid ? day : null, said, start, end, label, problems);
  }

  private static final Pattern TODAY = Pattern.compile("\\btoday\\b");

  private static void pastDate(LocalDate day, ZonedDateTime reference, List<String> problems) {
    if (problems.isEmpty() && day.isBefore(reference.toLocalDate())) {
      problems.add(
          "past_time: "
              + day
              + " has already passed (today is "
              + reference.toLocalDate()
              + " in "
              + reference.getZone().getId()
              + ")");
    }
  }

  private static String describe(LocalDate day, LocalDate today) {
    if (day.equals(today)) {
      return "today";
    }
    if (day.equals(today.plusDays(-1))) {
      return "yesterday";
    }
    return day.toString();
  }

  // ---------------------------------------------------------------- dates

  private void findDates(StringBuilder s, ZonedDateTime reference, List<DateMention> out) {
    LocalDate today = reference.toLocalDate();
    Matcher m;
    while ((m = find(MONTH_DAY, s)) != null) {
      out.add(monthDay(m.start(), month(m.group(1)), m.group(2), m.group(3), today));
    }
    while ((m = find(DAY_MONTH, s)) != null) {
      out.add(monthDay(m.start(), month(m.group(2)), m.group(1), m.group(3), today));
    }
    while ((m = find(ISO_DATE, s)) != null) {
      out.add(
          explicit(
              m.start(),
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              today));
    }
    Matcher us = US_DATE.matcher(s);
    while (us.find()) {
      int month = Integer.parseInt(us.group(1));
      int dayOfMonth = Integer.parseInt(us.group(2));
      boolean hasYear = us.group(3) != null;
      String before = s.substring(Math.max(0, us.start() - 8), us.start());
      if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) {
        continue;
      }
      if (!hasYear
          && !US_DATE_CUE.matcher(before).find()
          && !before.isBlank()
          && !s.toString().trim().equals(us.group())) {
        continue;
      }
      if (hasYear) {
        int year = Integer.parseInt(us.group(3));
        out.add(explicit(us.start(), year < 100 ? 2000 + year : year, month, dayOfMonth, today));
      } else {
        out.add(monthDay(us.start(), Month.of(month), us.group(2), null, today));
      }
      blank(s, us.start(), us.end());
    }
    while ((m = find(DAY_AFTER_TOMORROW, s)) != null) {
      out.add(new DateMention(m.start(), today.plusDays(2), null, false));
    }
    while ((m = find(IN_DAYS, s)) != null) {
      int n =
          switch (m.group(1)) {
            case "a", "an", "one" -> 1;
            case "a couple of", "a couple", "couple of" -> 2;
            case "a few" -> 3;
            default -> Integer.parseInt(m.group(1));
          };
      out.add(new DateMention(m.start(), plus(today, n, m.group(2)), null, false));
    }
    while ((m = find(DAYS_FROM, s)) != null) {
      int n = m.group(1).matches("\\d+") ? Integer.parseInt(m.group(1)) : 1;
      LocalDate base = m.group(3).equals("tomorrow") ? today.plusDays(1) : today;
      out.add(new DateMention(m.start(), plus(base, n, m.group(2)), null, false));
    }
    while ((m = find(NEXT_WEEK_WEEKDAY, s)) != null) {
      out.add(new DateMention(m.start(), nextWeek(today, weekday(m.group(1))), null, false));
    }
    while ((m = find(WEEKDAY, s)) != null) {
      DayOfWeek dow = weekday(m.group(2));
      String before = m.group(1) == null ? "" : m.group(1);
      String after = m.group(3) == null ? "" : m.group(3);
      LocalDate day;
      if (after.contains("after next")) {
        day = nextWeek(today, dow).plusWeeks(1);
      } else if (after.contains("next week") || before.equals("next")) {
        day = nextWeek(today, dow);
      } else if (after.contains("this week")) {
        day = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).with(dow);
      } else {
        day = today.with(TemporalAdjusters.nextOrSame(dow));
      }
      out.add(new DateMention(m.start(), day, null, false));
    }
    while ((m = find(WEEKEND, s)) != null) {
      LocalDate saturday =
          today.getDayOfWeek() == DayOfWeek.SUNDAY
              ? today
              : today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
      if ("next".equals(m.group(1))) {
        saturday = nextWeek(today, DayOfWeek.SATURDAY);
      }
      out.add(new DateMention(m.start(), saturday, null, false));
    }
    while ((m = find(ORDINAL_DAY, s)) != null) {
      String whichMonth = m.group(2) != null ? m.group(2) : m.group(3);
      String before = s.substring(Math.max(0, m.start() - 6), m.start());
      boolean standalone = NOTHING_ELSE.matcher(s).matches();
      if (whichMonth == null
          && !m.group().startsWith("the ")
          && !standalone
          && !ORDINAL_CUE.matcher(before).find()) {
        continue;
      }
      if (m.group(1).equals("1") && FIRST_AVAILABLE.matcher(s.substring(m.end())).find()) {
        continue; // "the first available"
      }
      out.add(ordinalDay(m.start(), Integer.parseInt(m.group(1)), whichMonth, today));
    }
    Matcher relative = RELATIVE_DAY.matcher(s);
    while (relative.find()) {
      LocalDate day =
          switch (relative.group(1)) {
            case "today", "tonight", "tonite" -> today;
            case "yesterday" -> null; // when the trouble began, never when to come
            default -> today.plusDays(1);
          };
      if (day != null) {
        out.add(new DateMention(relative.start(), day, null, false));
      }
    }
    relative.reset();
    while (relative.find()) {
      blank(s, relative.start(), relative.end());
    }
  }

  private static LocalDate plus(LocalDate day, int n, String unit) {
    if (unit.startsWith("month")) {
      return day.plusMonths(n);
    }
    return day.plusDays(unit.startsWith("week") ? n * 7L : n);
  }

  private static LocalDate nextWeek(LocalDate today, DayOfWeek dow) {
    return today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).plusWeeks(1).with(dow);
  }

  /** A month and day, with or without a year. */
  private static DateMention monthDay(
      int at, Month month, String dayText, String yearText, LocalDate today) {
    int day = Integer.parseInt(dayText);
    if (yearText != null) {
      return explicit(at, Integer.parseInt(yearText), month.getValue(), day, today);
    }
    if (day < 1 || day > month.maxLength()) {
      return impossible(at, month, day, null);
    }
    int year = today.getYear();
    LocalDate candidate = dayIn(year, month, day);
    if (candidate != null && candidate.isBefore(today.minusDays(31))) {
      year++;
    } else if (candidate == null && LocalDate.of(year, month, 1).isBefore(today.minusDays(31))) {
      year++;
    }
    LocalDate resolved = dayIn(year, month, day);
    return resolved == null
        ? impossible(at, month, day, year)
        : new DateMention(at, resolved, null, true);
  }

  private static DateMention explicit(int at, int year, int month, int day, LocalDate today) {
    if (month < 1 || month > 12) {
      return new DateMention(at, null, "impossible_date: there is no month " + month, true);
    }
    LocalDate resolved = dayIn(year, Month.of(month), day);
    return resolved == null
        ? impossible(at, Month.of(month), day, year)
        : new DateMention(at, resolved, null, true);
  }

  /** "the 14th" (of this/next month): the next such day, this month when not yet past. */
  private static DateMention ordinalDay(int at, int day, String whichMonth, LocalDate today) {
    LocalDate month = today.withDayOfMonth(1);
    if ("next".equals(whichMonth)) {
      month = month.plusMonths(1);
    } else if (whichMonth == null && day < today.getDayOfMonth()) {
      month = month.plusMonths(1);
    }
    LocalDate resolved = dayIn(month.getYear(), month.getMonth(), day);
    return resolved == null
        ? impossible(at, month.getMonth(), day, month.getYear())
        : new DateMention(at, resolved, null, true);
  }

  private static LocalDate dayIn(int year, Month month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static DateMention impossible(int at, Month month, int day, Integer year) {
    String name = month.getDisplayName(TextStyle.FULL, Locale.US);
    String detail;
    if (day < 1 || day > month.maxLength()) {
      detail = name + " has no day " + day;
    } else {
      detail = name + " " + day + ", " + year + " does not exist (" + year + " is not a leap year)";
    }
    return new DateMention(at, null, "impossible_date: " + detail, true);
  }

  private static Month month(String word) {
    String w = word.replace(".", "");
    for (Month m : Month.values()) {
      if (m.name().toLowerCase(Locale.ROOT).startsWith(w.substring(0, 3))) {
        return m;
      }
    }
    throw new IllegalArgumentException(word);
  }

  private static DayOfWeek weekday(String word) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().toLowerCase(Locale.ROOT).startsWith(word.substring(0, 3))) {
        return d;
      }
    }
    throw new IllegalArgumentException(word);
  }

  // ---------------------------------------------------------------- times

  private TimeMention findTime(StringBuilder s, Matcher partOfDay) {
    Matcher m = RANGE.matcher(s);
    while (m.find()) {
      boolean introduced = m.group(1) != null;
      boolean hasMeridiemOrColon =
          m.group(4) != null || m.group(7) != null || m.group(3) != null || m.group(6) != null;
      int h1 = Integer.parseInt(m.group(2));
      int h2 = Integer.parseInt(m.group(5));
      if ((!introduced && !hasMeridiemOrColon)
          || h1 > 23
          || h2 > 23
          || h1 == h2 && m.group(3) == null) {
        continue;
      }
      if (!introduced && m.group().contains("/")) {
        continue;
      }
      TimeMention t =
          new TimeMention(
              m.start(),
              said(m.group(2), m.group(3), m.group(4)),
              said(m.group(5), m.group(6), m.group(7)),
              Modifier.EXACT,
              null);
      blank(s, m.start(), m.end());
      return t;
    }
    List<TimeMention> found = new ArrayList<>();
    m = MERIDIEM.matcher(s);
    while (m.find()) {
      int hour = Integer.parseInt(m.group(1));
      if (hour <= 12) {
        found.add(mention(s, m.start(), said(m.group(1), m.group(2), m.group(3)), null));
      } else if (hour <= 23) {
        found.add(mention(s, m.start(), said(m.group(1), m.group(2), null), null)); // "13:00pm"
      }
    }
    m = HALF_PAST.matcher(s);
    if (m.find()) {
      int hour = Integer.parseInt(m.group(4));
      int minutes =
          switch (m.group(1)) {
            case "half" -> 30;
            case "a quarter", "quarter" -> 15;
            default -> Integer.parseInt(m.group(2));
          };
      boolean to = m.group(3).matches("to|til|till|of|before");
      if (hour >= 1 && hour <= 23 && minutes < 60) {
        int total = hour * 60 + (to ? -minutes : minutes);
        int h = Math.floorDiv(total, 60);
        String pod = partAfter(s, m.end());
        found.add(
            mention(
                s,
                m.start(),
                new SaidTime(h == 0 ? 12 : h, Math.floorMod(total, 60), m.group(5), h > 12),
                pod));
      }
    }
    m = PART_THEN_HOUR.matcher(s);
    if (m.find() && Integer.parseInt(m.group(2)) <= 12) {
      found.add(mention(s, m.start(), said(m.group(2), m.group(3), null), m.group(1)));
    }
    m = COLON_TIME.matcher(s);
    while (m.find()) {
      String hour = m.group(1) != null ? m.group(1) : m.group(3);
      String minute = m.group(1) != null ? m.group(2) : m.group(4);
      if (Integer.parseInt(hour) <= 23 && Integer.parseInt(minute) < 60) {
        found.add(mention(s, m.start(), said(hour, minute, null), partAfter(s, m.end())));
      }
    }
    m = OCLOCK.matcher(s);
    if (m.find() && Integer.parseInt(m.group(1)) <= 12) {
      found.add(mention(s, m.start(), said(m.group(1), null, null), partAfter(s, m.end())));
    }
    m = NOON.matcher(s);
    if (m.find()) {
      boolean midnight = m.group(1).equals("midnight");
      found.add(mention(s, m.start(), new SaidTime(midnight ? 0 : 12, 0, null, true), null));
    }
    m = HOUR_THEN_PART.matcher(s);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) > 12
          || (m.group(2) == null && !m.group().endsWith("tonight"))) {
        continue;
      }
      String pod = m.group(2) == null ? "tonight" : m.group(2);
      found.add(mention(s, m.start(), said(m.group(1), null, null), pod));
      break;
    }
    if (!found.isEmpty()) {
      List<TimeMention> kept = new ArrayList<>();
      for (TimeMention t : found) {
        if (!NEGATED_BEFORE.matcher(s.subSequence(Math.max(0, t.at() - 25), t.at())).find()) {
          kept.add(t);
        }
      }
      return (kept.isEmpty() ? found : kept)
          .stream().min((a, b) -> Integer.compare(a.at(), b.at())).orElseThrow();
    }
    m = ISH_HOUR.matcher(s);
    if (m.find() && Integer.parseInt(m.group(1)) <= 12) {
      found.add(
          new TimeMention(m.start(), said(m.group(1), null, null), null, Modifier.AROUND, null));
    }
    m = BARE_HOUR.matcher(s);
    while (m.find()) {
      int hour = Integer.parseInt(m.group(2));
      if (hour < 1 || hour > 12) {
        continue;
      }
      found.add(
          new TimeMention(
              m.start(2),
              said(m.group(2), null, null),
              null,
              modifier(m.group(1)),
              partAfter(s, m.end())));
      break;
    }
    return found.stream().min((a, b) -> Integer.compare(a.at(), b.at())).orElse(null);
  }

  private static TimeMention mention(CharSequence s, int at, SaidTime time, String part) {
    CharSequence before = s.subSequence(Math.max(0, at - 40), at);
    Matcher mod = MODIFIER_BEFORE.matcher(before);
    Modifier modifier = mod.find() ? modifier(mod.group(1)) : Modifier.EXACT;
    if (modifier == Modifier.BEFORE && NOT_UNTIL.matcher(before).find()) {
      modifier = Modifier.AFTER; // "can't go until 4:30"
    }
    return new TimeMention(at, time, null, modifier, part);
  }

  private static final Pattern NOT_UNTIL =
      Pattern.compile("(?:n't|not|cannot)(?: [a-z']+){0,3} (?:until|till|before)\\s*(?:at\\s*)?$");

  private static Modifier modifier(String word) {
    if (word.matches("around|about|approximately|roughly|say|like")) {
      return Modifier.AROUND;
    }
    if (word.matches("after|not before|no earlier than|sometime after|anytime after")) {
      return Modifier.AFTER;
    }
    if (word.matches("before|by|until|till|no later than|sometime before|anytime before")) {
      return Modifier.BEFORE;
    }
    return Modifier.EXACT;
  }

  /** "3 in the afternoon", "4:30 in the evening": the part of day right after a time. */
  private static String partAfter(CharSequence s, int end) {
    Matcher m = PART_AFTER.matcher(s.subSequence(end, s.length()));
    return m.find() ? m.group(1) : null;
  }

  private static SaidTime said(String hour, String minute, String meridiem) {
    boolean twentyFour =
        meridiem == null
            && (Integer.parseInt(hour) > 12
                || Integer.parseInt(hour) == 0
                || (hour.length() == 2 && hour.startsWith("0")));
    return new SaidTime(
        Integer.parseInt(hour),
        minute == null ? 0 : Integer.parseInt(minute),
        meridiem,
        twentyFour);
  }

  /** The time of day meant, deciding am/pm where it was not said. */
  private static LocalTime resolve(SaidTime t, PartOfDay context) {
    int hour = t.hour();
    if (t.twentyFourHour()) {
      return LocalTime.of(hour % 24, t.minute());
    }
    if (t.meridiem() != null) {
      hour = hour % 12 + (t.meridiem().equals("pm") ? 12 : 0);
    } else if (context != null) {
      if (context != PartOfDay.MORNING && hour < 12) {
        hour += 12;
      }
      if (context == PartOfDay.MORNING && hour == 12) {
        hour = 0;
      }
    } else if (hour >= 1 && hour <= 6) {
      hour += 12;
    }
    return LocalTime.of(hour % 24, t.minute());
  }

  private static String clock(LocalTime t) {
    int h = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    String suffix = t.getHour() < 12 ? "am" : "pm";
    if (t.equals(LocalTime.NOON)) {
      return "noon";
    }
    if (t.equals(LocalTime.MIDNIGHT)) {
      return "midnight";
    }
    return t.getMinute() == 0
        ? h + suffix
        : h + ":" + String.format(Locale.ROOT, "%02d", t.getMinute()) + suffix;
  }

  private static Duration delta(Matcher m) {
    String all = m.group(1) == null ? "" : m.group(1);
    if (m.group(4) != null) {
      return Duration.ofMinutes(Integer.parseInt(m.group(4)));
    }
    if (m.group(5) != null) {
      return Duration.ofHours(m.group(5).matches("\\d+") ? Integer.parseInt(m.group(5)) : 1);
    }
    if (m.group(2) != null) {
      return Duration.ofMinutes(Integer.parseInt(m.group(2)));
    }
    if (m.group(3) != null) {
      return Duration.ofHours(Integer.parseInt(m.group(3)));
    }
    return switch (all) {
      case "half an hour", "a half hour" -> Duration.ofMinutes(30);
      case "an hour and a half" -> Duration.ofMinutes(90);
      case "a couple of hours", "a couple hours" -> Duration.ofHours(2);
      case "a few hours" -> Duration.ofHours(3);
      default -> Duration.ofHours(1);
    };
  }

  // ---------------------------------------------------------------- text

  /** Spellings that become one form before the patterns run; applied in this order. */
  private static final List<Map.Entry<Pattern, String>> REWRITES =
      List.of(
          Map.entry(Pattern.compile("\\b([ap])\\.\\s?m\\.?(?![a-z])"), "$1m"),
          Map.entry(Pattern.compile("[\\t\\n\\r ]+"), " "),
          Map.entry(Pattern.compile("\\bo ?[\"'`]? ?clock\\b"), "o'clock"),
          Map.entry(Pattern.compile("\\bhalf-past\\b"), "half past"),
          // "930pm"
          Map.entry(Pattern.compile("\\b(\\d{1,2})([0-5]\\d) ?(am|pm)\\b"), "$1:$2 $3"),
          // "1830 hrs"
          Map.entry(
              Pattern.compile("\\b([01]?\\d|2[0-3]):?([0-5]\\d) ?(?:hrs|hr|h|hours)\\b"), "$1:$2"),
          // "14hr"
          Map.entry(Pattern.compile("\\b([01]?\\d|2[0-3]) ?(?:hrs|hr|h)\\b"), "$1:00"),
          Map.entry(Pattern.compile("\\b(\\d{1,2}:\\d{2}) ?-? ?ish\\b"), "around $1"),
          Map.entry(
              Pattern.compile("\\bhalf (\\d{1,2})\\b(?! (?:hours?|an?|days?|past|after|to)\\b)"),
              "half past $1"));

  /** Lower case, spoken numbers as digits, "a.m." as "am", single spaces. */
  static String normalize(String text) {
    String s = text.toLowerCase(Locale.ROOT).replace('’', '\'').replace('\u2013', '-');
    for (Map.Entry<Pattern, String> rewrite : REWRITES) {
      s = rewrite.getKey().matcher(s).replaceAll(rewrite.getValue());
    }
    s = s.trim();
    s = replace(HOUR_MINUTE_WORDS, s, m -> UNITS.get(m.group(1)) + ":" + minutes(m.group(2)));
    s =
        replace(
            TENS_UNIT_ORDINAL, s, m -> ordinal(UNITS.get(m.group(1)) + ORDINALS.get(m.group(2))));
    s = replace(TENS_UNIT, s, m -> String.valueOf(UNITS.get(m.group(1)) + UNITS.get(m.group(2))));
    s =
        replace(
            ORDINAL_WORD,
            s,
            m -> ordinal(ORDINALS.get(m.group(1) != null ? m.group(1) : m.group(2))));
    final String words = s;
    s =
        replace(
            UNIT_WORD,
            s,
            m ->
                m.group(1).equals("one") && !oneIsTime(words, m.start(), m.end())
                    ? "one"
                    : String.valueOf(UNITS.get(m.group(1))));
    s = replace(DIGIT_SPACE_MINUTES, s, m -> m.group(1) + ":" + m.group(2) + " " + m.group(3));
    return s;
  }

  private static final Pattern ONE_BEFORE =
      Pattern.compile(
          "\\b(?:at|around|about|by|until|till|after|before|past|to|from|between)\\s*$");
  private static final Pattern ONE_TIME_AFTER =
      Pattern.compile(
          "^\\s*(?:o'clock|o ?[\"']? ?clock|thirty|fifteen|am\\b|pm\\b|a\\.m|p\\.m|in the (?:morning"
              + "|afternoon|evening)|at night|tonight|ish)");
  private static final Pattern ONE_AFTER =
      Pattern.compile("^\\s*(?:$|[?.!,;]|this|tomorrow|today|and|to|or|-|on\\b)");

  /** "one" is a time ("at one", "one pm") far less often than a count ("one table"). */
  private static boolean oneIsTime(String s, int start, int end) {
    return ONE_BEFORE.matcher(s.substring(Math.max(0, start - 10), start)).find()
        || ONE_TIME_AFTER.matcher(s.substring(end)).find()
        || (ONE_AFTER.matcher(s.substring(end)).find()
            && !ONE_COUNT.matcher(s.substring(Math.max(0, start - 12), start)).find());
  }

  private static String minutes(String word) {
    String w = word.replace('-', ' ');
    if (w.startsWith("oh ")) {
      return "0" + UNITS.get(w.substring(3));
    }
    String[] parts = w.split(" ");
    int n = UNITS.get(parts[0]) + (parts.length > 1 ? UNITS.get(parts[1]) : 0);
    return String.format(Locale.ROOT, "%02d", n);
  }

  private static String ordinal(int n) {
    String suffix =
        (n % 100 >= 11 && n % 100 <= 13)
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  private static String replace(
      Pattern p, String s, java.util.function.Function<Matcher, String> with) {
    Matcher m = p.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Finds the pattern and blanks what it matched, so no later pattern reads it again. */
  private static Matcher find(Pattern p, StringBuilder s) {
    Matcher m = p.matcher(s);
    if (!m.find()) {
      return null;
    }
    Matcher copy = p.matcher(s.toString());
    copy.find(m.start());
    blank(s, m.start(), m.end());
    return copy;
  }

  /** Replaces matched text; not a space, so no later pattern joins words across it. */
  static final char BLANK = '\u00b7';

  private static void blank(StringBuilder s, int start, int end) {
    for (int i = start; i < end; i++) {
      s.setCharAt(i, BLANK);
    }
  }
}
