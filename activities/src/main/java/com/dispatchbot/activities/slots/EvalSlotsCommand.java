package com.dispatchbot.activities.slots;

import com.dispatchbot.activities.tenant.TenantProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the date/time extraction on two public datasets and prints accuracy, counts and latency.
 *
 * <h2>SGD (Schema-Guided Dialogue, services and homes dialogues; CC BY-SA 4.0)</h2>
 *
 * The file has spans only, no normalised values; but the system turn that follows a user's date or
 * time confirms it in a canonical form ("next Thursday" → "March 7th", "half past 3 in the
 * afternoon" → "3:30 pm"). The reference value of a user span is that canonical text of the same
 * slot in the next system turn, read by a strict reader of SGD's templates ("March 7th", "today",
 * "tomorrow", "day after tomorrow", "next Monday", "3:30 pm"); spans without such a confirmation
 * are not scored. SGD's dialogues are set on Friday 2019-03-01 (its "today" and "tomorrow" are
 * confirmed as March 1st and 2nd). Exact match: the extractor's {@code date} (YYYY-MM-DD) or {@code
 * time} (HH:mm) for the whole user utterance equals the reference; the same for the span alone is
 * printed too.
 *
 * <h2>restaurant8k (PolyAI; CC BY 4.0)</h2>
 *
 * Spans only and no dialogue date, so no absolute reference exists. Exact match here: the span
 * alone resolves to a value, and the whole utterance resolves to the same value (the extractor
 * found that expression in context and read it the same way, not another number such as "party of
 * 11"). A time span without am/pm ("9:30") alone is read by the daytime rule, and the utterance may
 * settle it ("9:30 tomorrow night" → 21:30): 12 hours apart then counts as the same reading. Bare
 * numbers ("6", "eight") are labelled times only because the system had just asked for a time; the
 * extractor sees no dialogue context and leaves them, so they count as misses. Also printed: how
 * many spans resolve alone, and "found where unlabelled" (a date or time in utterances without such
 * a label): an upper bound of false positives, as restaurant8k often labels only the slot the
 * system asked for ("tomorrow at 9:45PM for the name X" carries a name label only). Reference:
 * Wednesday 2018-08-01 09:00.
 */
@Command(
    name = "eval-slots",
    mixinStandardHelpOptions = true,
    description = "Date/time exact match of the slot extractor on SGD and restaurant8k")
public class EvalSlotsCommand implements Callable<Integer> {
  static final ZoneId ZONE = ZoneId.of("America/Denver");
  static final ZonedDateTime SGD_REFERENCE = ZonedDateTime.of(2019, 3, 1, 8, 0, 0, 0, ZONE);
  static final ZonedDateTime RESTAURANT_REFERENCE = ZonedDateTime.of(2018, 8, 1, 9, 0, 0, 0, ZONE);

  private static final Set<String> SGD_DATE_SLOTS =
      Set.of("appointment_date", "visit_date", "event_date", "date", "pickup_date", "dropoff_date");
  private static final Set<String> SGD_TIME_SLOTS =
      Set.of("appointment_time", "event_time", "pickup_time");
  private static final Pattern CANONICAL_DATE =
      Pattern.compile("([a-z]+) (\\d{1,2})(?:st|nd|rd|th)");
  private static final Pattern CANONICAL_TIME = Pattern.compile("(\\d{1,2})(?::(\\d{2}))? (am|pm)");
  private static final List<String> WEEKDAYS =
      List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  @Option(
      names = "--sgd",
      description = "SGD dialogues, JSON lines (default: ${DEFAULT-VALUE})",
      defaultValue = "../shared/data/nlu/sgd-services-homes-train.jsonl")
  Path sgd;

  @Option(
      names = "--restaurant",
      description = "restaurant8k examples, JSON (default: ${DEFAULT-VALUE})",
      defaultValue = "../shared/data/nlu/restaurant8k-train.json")
  Path restaurant;

  @Option(names = "--misses", description = "print up to N misses per metric", defaultValue = "0")
  int misses;

  private final ObjectMapper json = new ObjectMapper();
  private final SlotExtractor extractor = new SlotExtractor();
  private PrintStream out = System.out;

  /** One scored example. */
  record Example(String kind, String span, String utterance, String reference) {}

  /** Counts of one metric. */
  record Score(String name, int correct, int total, List<String> misses) {
    double percent() {
      return total == 0 ? 0 : 100.0 * correct / total;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EvalSlotsCommand()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    Path sgdFile = existing(sgd);
    Path restaurantFile = existing(restaurant);
    if (sgdFile == null && restaurantFile == null) {
      System.err.println("eval-slots: neither " + sgd + " nor " + restaurant + " exists");
      return 2;
    }
    warmUp();
    if (sgdFile != null) {
      printSgd(sgdFile);
    }
    if (restaurantFile != null) {
      printRestaurant(restaurantFile);
    }
    return 0;
  }

  // ---------------------------------------------------------------- SGD

  void printSgd(Path file) throws IOException {
    List<Example> examples = sgdExamples(file);
    List<Long> nanos = new ArrayList<>();
    List<Score> scores = new ArrayList<>();
    for (String kind : List.of("date", "time")) {
      List<Example> of = examples.stream().filter(e -> e.kind().equals(kind)).toList();
      scores.add(
          score("SGD " + kind + " (utterance)", of, e -> e.utterance(), SGD_REFERENCE, nanos));
      scores.add(score("SGD " + kind + " (span)", of, e -> e.span(), SGD_REFERENCE, null));
    }
    out.printf(
        Locale.ROOT,
        "%s: %d user date/time spans with a confirmed reference value, reference %s%n",
        file,
        examples.size(),
        SGD_REFERENCE.toOffsetDateTime());
    scores.forEach(this::print);
    printLatency("SGD", nanos);
  }

  List<Example> sgdExamples(Path file) throws IOException {
    List<Example> examples = new ArrayList<>();
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode turns = json.readTree(line).path("turns");
        for (int i = 0; i + 1 < turns.size(); i++) {
          JsonNode turn = turns.get(i);
          if (!"USER".equals(turn.path("speaker").asText())) {
            continue;
          }
          for (JsonNode slot : turn.path("slots")) {
            String name = slot.path("slot").asText();
            String kind =
                SGD_DATE_SLOTS.contains(name)
                    ? "date"
                    : SGD_TIME_SLOTS.contains(name) ? "time" : null;
            if (kind == null) {
              continue;
            }
            String confirmed = null;
            for (JsonNode next : turns.get(i + 1).path("slots")) {
              if (next.path("slot").asText().equals(name)) {
                confirmed = next.path("text").asText();
                break;
              }
            }
            String reference =
                confirmed == null
                    ? null
                    : kind.equals("date") ? canonicalDate(confirmed) : canonicalTime(confirmed);
            if (reference != null) {
              examples.add(
                  new Example(
                      kind,
                      slot.path("text").asText(),
                      turn.path("utterance").asText(),
                      reference));
            }
          }
        }
      }
    }
    return examples;
  }

  /** SGD's confirmation templates, relative to Friday 2019-03-01; null for anything else. */
  static String canonicalDate(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    LocalDate today = SGD_REFERENCE.toLocalDate();
    switch (t) {
      case "today":
        return today.toString();
      case "tomorrow":
        return today.plusDays(1).toString();
      case "day after tomorrow":
        return today.plusDays(2).toString();
      default:
        break;
    }
    if (t.startsWith("next ") && WEEKDAYS.contains(t.substring(5))) {
      return today.plusDays(3 + WEEKDAYS.indexOf(t.substring(5))).toString(); // Mon 4 .. Sun 10
    }
    Matcher m = CANONICAL_DATE.matcher(t);
    if (m.matches()) {
      for (Month month : Month.values()) {
        if (month.name().toLowerCase(Locale.ROOT).equals(m.group(1))) {
          return LocalDate.of(2019, month, Integer.parseInt(m.group(2))).toString();
        }
      }
    }
    return null;
  }

  static String canonicalTime(String text) {
    Matcher m = CANONICAL_TIME.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    int hour = Integer.parseInt(m.group(1)) % 12 + (m.group(3).equals("pm") ? 12 : 0);
    int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return LocalTime.of(hour, minute).toString();
  }

  // ---------------------------------------------------------------- restaurant8k

  void printRestaurant(Path file) throws IOException {
    JsonNode all = json.readTree(file.toFile());
    List<Long> nanos = new ArrayList<>();
    Map<String, int[]> counts =
        new TreeMap<>(); // kind -> {spans, resolved, matched, fp, unlabelled}
    Map<String, List<String>> missed = new TreeMap<>();
    for (JsonNode example : all) {
      String text = example.path("userInput").path("text").asText();
      long start = System.nanoTime();
      var slots = extractor.extract(text, RESTAURANT_REFERENCE, List.of());
      nanos.add(System.nanoTime() - start);
      DateTimeParser.Result inContext = extractor.when(text, RESTAURANT_REFERENCE);
      for (String kind : List.of("date", "time")) {
        int[] c = counts.computeIfAbsent(kind, k -> new int[5]);
        boolean labelled = false;
        for (JsonNode label : example.path("labels")) {
          if (!label.path("slot").asText().equals(kind)) {
            continue;
          }
          labelled = true;
          int from = label.path("valueSpan").path("startIndex").asInt(0);
          int to = label.path("valueSpan").path("endIndex").asInt(text.length());
          String span = text.substring(from, Math.min(to, text.length()));
          String alone = value(kind, extractor.when(span, RESTAURANT_REFERENCE));
          String whole = value(kind, inContext);
          c[0]++;
          if (alone != null) {
            c[1]++;
          }
          if (alone != null
              && (alone.equals(whole) || kind.equals("time") && halfDayApart(span, alone, whole))) {
            c[2]++;
          } else {
            missed
                .computeIfAbsent(kind, k -> new ArrayList<>())
                .add(span + " | " + text + " | span→" + alone + " utterance→" + whole);
          }
        }
        if (!labelled) {
          c[4]++;
          if (value(kind, inContext) != null) {
            c[3]++;
            missed
                .computeIfAbsent(kind + " false positive", k -> new ArrayList<>())
                .add(text + " → " + value(kind, inContext));
          }
        }
      }
      if (slots == null) {
        throw new IllegalStateException("no slots");
      }
    }
    out.printf(
        Locale.ROOT,
        "%s: %d utterances, reference %s%n",
        file,
        all.size(),
        RESTAURANT_REFERENCE.toOffsetDateTime());
    for (var e : counts.entrySet()) {
      int[] c = e.getValue();
      print(
          new Score(
              "restaurant8k " + e.getKey() + " (span = utterance)",
              c[2],
              c[0],
              missed.getOrDefault(e.getKey(), List.of())));
      out.printf(
          Locale.ROOT,
          "  %-40s %6d / %-6d %6.1f%%%n",
          "restaurant8k " + e.getKey() + " span resolved",
          c[1],
          c[0],
          100.0 * c[1] / Math.max(1, c[0]));
      print(
          new Score(
              "restaurant8k " + e.getKey() + " found where unlabelled",
              c[3],
              c[4],
              missed.getOrDefault(e.getKey() + " false positive", List.of())));
    }
    printLatency("restaurant8k", nanos);
  }

  private static final Pattern SAYS_HALF_OF_DAY =
      Pattern.compile(
          "(?i)\\b(?:[ap]\\.?m\\b|noon|midnight|morning|afternoon|evening|night|tonight)|\\d[ap]m"
              + "|\\b(?:0\\d|1[3-9]|2[0-3])[:.]?\\d\\d");

  /**
   * A span without am/pm ("9:30") alone is read by the daytime rule; the utterance may say which
   * half of the day ("9:30 tomorrow night"). Then 12 hours apart is the same reading.
   */
  static boolean halfDayApart(String span, String alone, String whole) {
    if (whole == null || SAYS_HALF_OF_DAY.matcher(span).find()) {
      return false;
    }
    LocalTime a = LocalTime.parse(alone);
    LocalTime b = LocalTime.parse(whole);
    return a.plusHours(12).equals(b) || b.plusHours(12).equals(a);
  }

  private static String value(String kind, DateTimeParser.Result r) {
    if (kind.equals("date")) {
      return r.date() == null ? null : r.date().toString();
    }
    return r.time() == null ? null : r.time().toString();
  }

  // ---------------------------------------------------------------- shared

  private Score score(
      String name,
      List<Example> examples,
      Function<Example, String> text,
      ZonedDateTime reference,
      List<Long> nanos) {
    int correct = 0;
    List<String> wrong = new ArrayList<>();
    for (Example e : examples) {
      DateTimeParser.Result r = extractor.when(text.apply(e), reference);
      if (nanos != null) {
        long start = System.nanoTime();
        extractor.extract(text.apply(e), reference, DEMO_SERVICES);
        nanos.add(System.nanoTime() - start);
      }
      String got = value(e.kind(), r);
      if (e.reference().equals(got)) {
        correct++;
      } else {
        wrong.add(
            e.span() + " | " + e.utterance() + " | got " + got + ", expected " + e.reference());
      }
    }
    return new Score(name, correct, examples.size(), wrong);
  }

  private void print(Score s) {
    out.printf(
        Locale.ROOT, "  %-40s %6d / %-6d %6.1f%%%n", s.name(), s.correct(), s.total(), s.percent());
    s.misses().stream().limit(misses).forEach(m -> out.println("      " + m));
  }

  private void printLatency(String dataset, List<Long> nanos) {
    if (nanos.isEmpty()) {
      return;
    }
    List<Long> sorted = nanos.stream().sorted().toList();
    out.printf(
        Locale.ROOT,
        "  %-40s p50 %.3f ms, p95 %.3f ms, max %.3f ms (%d utterances, whole extractor)%n",
        dataset + " latency",
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.95))) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6,
        sorted.size());
  }

  private void warmUp() {
    for (int i = 0; i < 2_000; i++) {
      extractor.extract(
          "Can someone come next Tuesday between 2 and 4pm to 1234 Main St, Denver, CO 80202? "
              + "My number is 303-555-0142",
          SGD_REFERENCE,
          DEMO_SERVICES);
    }
  }

  /** The services of the sample tenant, so the latency includes service matching. */
  static final List<TenantProfile.Service> DEMO_SERVICES =
      List.of(
          new TenantProfile.Service("drain_cleaning", "Drain cleaning", ""),
          new TenantProfile.Service("leak_repair", "Leak repair", ""),
          new TenantProfile.Service("water_heater", "Water heater repair or replacement", ""),
          new TenantProfile.Service("toilet_repair", "Toilet repair", ""),
          new TenantProfile.Service("furnace_repair", "Furnace repair", ""),
          new TenantProfile.Service("ac_tune_up", "AC tune-up", ""),
          new TenantProfile.Service("ac_repair", "AC repair", ""),
          new TenantProfile.Service("emergency_call", "Emergency call-out (nights, weekends)", ""));

  /** The path as given, else the same relative path from the parent folders (run from a module). */
  private static Path existing(Path p) {
    if (p == null) {
      return null;
    }
    if (Files.exists(p)) {
      return p;
    }
    if (!p.isAbsolute()) {
      for (Path base = Path.of("").toAbsolutePath().getParent();
          base != null;
          base = base.getParent()) {
        if (Files.exists(base.resolve(p))) {
          return base.resolve(p);
        }
      }
    }
    System.err.println("eval-slots: skipping " + p + " (not found)");
    return null;
  }

  void setOut(PrintStream out) {
    this.out = out;
  }
}
