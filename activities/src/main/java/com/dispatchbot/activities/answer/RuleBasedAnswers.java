package com.dispatchbot.activities.answer;

import com.dispatchbot.activities.intent.EmergencyKind;
import com.dispatchbot.activities.intent.KeywordIntentClassifier;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.intent.Intent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The front desk's reply when no model is available: short, friendly, and built only from the
 * tenant's own profile. It never states a price, an opening time, a place or a number the profile
 * does not hold; when a fact is missing it says a team member will follow up. Every field of the
 * profile may be missing.
 *
 * <p>An emergency (flagged, or the intent {@code emergency}) always gets safety steps first, chosen
 * by the kind of danger the caller describes, whatever the intent.
 *
 * <p>Pure and thread-safe.
 */
public final class RuleBasedAnswers {
  private static final int MAX_LISTED_SERVICES = 3;

  private final KeywordIntentClassifier classifier;

  public RuleBasedAnswers() {
    this(new KeywordIntentClassifier());
  }

  RuleBasedAnswers(KeywordIntentClassifier classifier) {
    this.classifier = classifier;
  }

  /**
   * @param intentCode an {@link Intent#code()}; an unknown or missing code gets a neutral reply
   */
  public String answer(
      TenantProfile tenant, String intentCode, String callerText, boolean emergency) {
    Facts facts = new Facts(tenant);
    String text = callerText == null ? "" : callerText.toLowerCase(Locale.ROOT);
    Intent intent = parse(intentCode);
    if (emergency || intent == Intent.EMERGENCY) {
      return emergency(facts, callerText);
    }
    if (intent == null) {
      return "Thanks for your message. A team member will follow up with you shortly.";
    }
    return switch (intent) {
      case EMERGENCY -> emergency(facts, callerText);
      case BOOK_APPOINTMENT -> book(facts, text);
      case RESCHEDULE ->
          "No problem, I can help move your appointment. What's the phone number it was booked"
              + " under, or the date and address of the visit? And which day and time would work"
              + " better for you?";
      case CANCEL ->
          "I can help with that. To find your appointment, what's the phone number it was booked"
              + " under, or the date and address of the visit?";
      case QUOTE_PRICING -> quote(facts, text);
      case KNOWLEDGE_QUESTION -> knowledge(facts, text);
      case TALK_TO_HUMAN ->
          "Sure, I'm connecting you with a team member now. If nobody picks up, we'll call you"
              + " back at this number.";
      case CONFIRM -> "Great, thank you! What would you like to do next?";
      case DENY -> "No problem. What would work better for you, or what else can I help with?";
      case GREETING_SMALLTALK -> greeting(facts, text);
      case OUT_OF_SCOPE -> outOfScope(facts);
    };
  }

  private static Intent parse(String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    try {
      return Intent.valueOf(code.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Emergencies

  private String emergency(Facts facts, String callerText) {
    Set<EmergencyKind> kinds = new LinkedHashSet<>(classifier.emergencyKinds(callerText));
    if (kinds.isEmpty()) {
      kinds.add(EmergencyKind.GENERAL);
    }
    StringBuilder reply = new StringBuilder();
    boolean mentions911 = false;
    int steps = 0;
    for (EmergencyKind kind : kinds) {
      if (steps++ == 2) {
        break;
      }
      String step = safetySteps(kind);
      mentions911 |= step.contains("911");
      reply.append(step).append(' ');
    }
    if (!mentions911) {
      reply.append("If anyone is hurt or in danger, call 911. ");
    }
    reply.append("We are flagging this for our on-call technician right now.");
    if (facts.emergencyLine != null) {
      reply
          .append(" For the fastest help, call our 24/7 emergency line: ")
          .append(facts.emergencyLine)
          .append('.');
    } else if (facts.phone != null) {
      reply.append(" You can also call us at ").append(facts.phone).append('.');
    }
    return reply.toString();
  }

  private static String safetySteps(EmergencyKind kind) {
    return switch (kind) {
      case GAS ->
          "Please leave the building now and keep everyone out. Don't flip light switches, use"
              + " phones or appliances inside, or light anything. Once you're outside, call your"
              + " gas utility's emergency number or 911.";
      case CARBON_MONOXIDE ->
          "Get everyone, pets included, outside into fresh air right away and call 911 from"
              + " outside. Don't go back in until the fire department says it's safe.";
      case FIRE -> "Get everyone out of the building now and call 911 from outside.";
      case ELECTRICAL ->
          "Don't touch the outlet, panel or wires. If you can reach it safely and it's dry, switch"
              + " off the breaker for that circuit or the main breaker. If you see flames or the"
              + " smoke keeps coming, leave the building and call 911.";
      case WATER ->
          "If you can, shut off the main water valve (usually where the water line enters the"
              + " house, near the meter or the water heater). Stay away from water near outlets or"
              + " electrical devices.";
      case SEWAGE ->
          "Stop using water in the house (no flushing, showers, dishwasher or washing machine) so"
              + " it doesn't back up further, and keep people and pets away from the sewage.";
      case NO_HEAT ->
          "Keep everyone together in one warm room, close doors to unused rooms, and let faucets"
              + " drip to keep pipes from freezing. Never use an oven, grill or generator indoors"
              + " for heat.";
      case GENERAL -> "Please make sure everyone is safe first.";
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Booking and pricing

  private static String book(Facts facts, String text) {
    List<TenantProfile.Service> named = facts.servicesNamedIn(text, 1.5);
    StringBuilder reply = new StringBuilder("I'd be happy to set up a visit");
    if (named.size() == 1) {
      reply.append(" for ").append(midSentence(named.get(0).name()));
    }
    reply.append(". What's the service address, and which day and time window works best for you?");
    if (facts.hours != null) {
      reply.append(" Our hours are ").append(facts.hours).append('.');
    }
    return reply.toString();
  }

  private static String quote(Facts facts, String text) {
    List<TenantProfile.Service> named = facts.servicesNamedIn(text, 1.0);
    if (!named.isEmpty()) {
      List<String> lines = new ArrayList<>();
      List<String> unpriced = new ArrayList<>();
      for (TenantProfile.Service s : named) {
        if (blank(s.price())) {
          unpriced.add(midSentence(s.name()));
        } else {
          lines.add(midSentence(s.name()) + " is " + s.price().strip());
        }
      }
      StringBuilder reply = new StringBuilder();
      if (!lines.isEmpty()) {
        reply.append(capitalize(String.join("; ", lines))).append(". ");
      }
      if (!unpriced.isEmpty()) {
        reply
            .append("I don't have a set price for ")
            .append(String.join(" or ", unpriced))
            .append(" here; a team member will follow up with a quote. ");
      }
      return reply.append("Would you like me to book a visit?").toString();
    }
    List<String> priced = new ArrayList<>();
    for (TenantProfile.Service s : facts.services) {
      if (!blank(s.price()) && priced.size() < MAX_LISTED_SERVICES) {
        priced.add(midSentence(s.name()) + " " + s.price().strip());
      }
    }
    if (!priced.isEmpty()) {
      return "Here are some of our prices: "
          + joinAnd(priced)
          + ". Which service do you need? If it isn't listed, a team member will follow up with a"
          + " quote.";
    }
    return "I don't have our prices on hand here. A team member will follow up with a quote"
        + (facts.phone == null ? "." : ", or you can call us at " + facts.phone + ".");
  }

  // ---------------------------------------------------------------------------------------------
  // Questions

  private static final Pattern ASKS_HOURS =
      Pattern.compile(
          "\\b(?:hours?|open|opening|close|closing|closed|what time|when (?:are|do) (?:you|u)"
              + "|weekends?|saturdays?|sundays?|holidays?)\\b");
  private static final Pattern ASKS_AREA =
      Pattern.compile(
          "\\b(?:service area|areas?|serve|(?:do|does) (?:you|u)(?: guys)? cover"
              + "|(?:do|does) (?:you|u)(?: guys)? service"
              + " (?!(?:a|an|the|my|our|all|any|old|new)\\b)"
              + "(?!\\w+s\\b)\\w+"
              + "|(?:come|go|travel)(?: out)? to|zip|located"
              + "|location|city|cities|town|towns|near me)\\b|\\b\\d{5}\\b");
  private static final Pattern ASKS_PHONE =
      Pattern.compile(
          "\\b(?:phone|number|call (?:you|u)|reach (?:you|u)|contact|text (?:you|u))\\b");
  private static final Pattern ZIP = Pattern.compile("\\b\\d{5}\\b");

  /** The answer to a question neither the profile nor the rules cover: a person follows up. */
  public static final String KNOWLEDGE_UNKNOWN =
      "Good question. I don't have that answer here, so a team member will follow up with you.";

  private static String knowledge(Facts facts, String text) {
    List<String> parts = new ArrayList<>();
    boolean mentionsArea = facts.area.stream().anyMatch(a -> mentions(text, a));
    if (ASKS_HOURS.matcher(text).find()) {
      parts.add(
          facts.hours == null
              ? "I don't have our opening hours here; a team member can confirm them."
              : "Our hours are " + facts.hours + ".");
    }
    if (mentionsArea || ASKS_AREA.matcher(text).find()) {
      parts.add(area(facts, text));
    }
    if (ASKS_PHONE.matcher(text).find()) {
      if (facts.phone != null) {
        parts.add("You can reach us at " + facts.phone + ".");
      }
      if (facts.emergencyLine != null && !facts.emergencyLine.equals(facts.phone)) {
        parts.add("For emergencies, call " + facts.emergencyLine + " any time.");
      }
      if (facts.phone == null && facts.emergencyLine == null) {
        parts.add("A team member will get back to you at this number.");
      }
    }
    if (parts.isEmpty()) {
      return KNOWLEDGE_UNKNOWN;
    }
    return String.join(" ", parts);
  }

  private static String area(Facts facts, String text) {
    if (facts.area.isEmpty()) {
      return "I don't have our service area listed here; a team member will confirm whether we"
          + " cover your address.";
    }
    List<String> named = new ArrayList<>();
    for (String a : facts.area) {
      if (mentions(text, a)) {
        named.add(a);
      }
    }
    if (!named.isEmpty()) {
      return "Yes, we serve " + joinAnd(named) + ".";
    }
    Matcher zip = ZIP.matcher(text);
    if (zip.find()) {
      return "I don't see "
          + zip.group()
          + " on our service-area list ("
          + joinAnd(facts.area)
          + "); a team member will confirm whether we can come out.";
    }
    return "We serve " + joinAnd(facts.area) + ".";
  }

  // ---------------------------------------------------------------------------------------------
  // Small talk and everything else

  private static final Pattern FAREWELL =
      Pattern.compile(
          "\\b(?:thanks|thank you|thank u|thx|ty|appreciate|bye|goodbye|good night|take care"
              + "|have a (?:good|great|nice))\\b");

  private static String greeting(Facts facts, String text) {
    String business = facts.name == null ? "" : " " + facts.name;
    if (FAREWELL.matcher(text).find()) {
      return "You're welcome! Thanks for contacting"
          + (facts.name == null ? " us" : business)
          + ". Is there anything else I can help with?";
    }
    return facts.name == null
        ? "Hi, thanks for reaching out! How can I help you today?"
        : "Hi, thanks for contacting" + business + "! How can I help you today?";
  }

  private static String outOfScope(Facts facts) {
    String who = facts.name == null ? "We" : facts.name;
    List<String> examples = new ArrayList<>();
    for (TenantProfile.Service s : facts.services) {
      if (examples.size() < MAX_LISTED_SERVICES) {
        examples.add(midSentence(s.name()));
      }
    }
    String what;
    if (facts.trade != null && !examples.isEmpty()) {
      what = who + " handles " + facts.trade + " work, such as " + joinAnd(examples) + ".";
    } else if (facts.trade != null) {
      what = who + " handles " + facts.trade + " work.";
    } else if (!examples.isEmpty()) {
      what = who + " can help with " + joinAnd(examples) + ".";
    } else {
      what = "I can help with service questions, appointments and pricing.";
    }
    return "Sorry, that's not something I can help with. "
        + what
        + " Is there anything like that I can do for you?";
  }

  // ---------------------------------------------------------------------------------------------
  // The profile, null-safe

  /** The profile's facts with blanks turned into nulls or empty lists, ready to quote. */
  private static final class Facts {
    final String name;
    final String phone;
    final String trade;
    final String emergencyLine;
    final String hours;
    final List<TenantProfile.Service> services;
    final List<String> area;

    Facts(TenantProfile p) {
      name = p == null ? null : trimToNull(p.name());
      phone = p == null ? null : trimToNull(p.phone());
      trade = p == null ? null : trimToNull(p.trade());
      emergencyLine = p == null ? null : trimToNull(p.emergencyLine());
      hours = p == null ? null : formatHours(p.hours());
      services =
          p == null || p.services() == null
              ? List.of()
              : p.services().stream().filter(s -> s != null && !blank(s.name())).toList();
      area =
          p == null || p.serviceArea() == null
              ? List.of()
              : p.serviceArea().stream()
                  .filter(Objects::nonNull)
                  .map(String::strip)
                  .filter(a -> !a.isEmpty())
                  .toList();
    }

    /**
     * The services the caller names: the ones sharing the most words with the text (after synonyms,
     * e.g. "unclog" for drain, "a/c" for AC, "new" or "replace" for install). Generic words
     * (install, repair, water, ...) count half, so "install" alone names nothing; a service whose
     * action (install, repair, clean, ...) differs from the one the caller asks for is not named.
     */
    List<TenantProfile.Service> servicesNamedIn(String text, double minScore) {
      Set<String> said = ServiceWords.of(text);
      Set<String> saidActions = ServiceWords.actions(said);
      double best = 0;
      List<TenantProfile.Service> matches = new ArrayList<>();
      for (TenantProfile.Service s : services) {
        Set<String> words = ServiceWords.of(s.name() + " " + Objects.toString(s.code(), ""));
        Set<String> actions = ServiceWords.actions(words);
        if (!saidActions.isEmpty()
            && !actions.isEmpty()
            && Collections.disjoint(actions, saidActions)) {
          continue; // "fix my water heater" does not name "water heater install"
        }
        double score = 0;
        for (String w : words) {
          if (said.contains(w)) {
            score += ServiceWords.GENERIC.contains(w) ? 0.5 : 1.0;
          }
        }
        if (score < minScore) {
          continue;
        }
        if (score > best) {
          best = score;
          matches.clear();
        }
        if (score == best && matches.size() < MAX_LISTED_SERVICES) {
          matches.add(s);
        }
      }
      return matches;
    }
  }

  /** Words of a service name or a caller's sentence, reduced so the two can be compared. */
  static final class ServiceWords {
    static final Set<String> GENERIC =
        Set.of("install", "repair", "clean", "water", "inspect", "maintain", "system");
    private static final Set<String> ACTIONS =
        Set.of("install", "repair", "clean", "inspect", "maintain");

    static Set<String> actions(Set<String> words) {
      Set<String> out = new LinkedHashSet<>(words);
      out.retainAll(ACTIONS);
      return out;
    }

    private static final Set<String> STOP =
        Set.of(
            "a",
            "an",
            "the",
            "to",
            "for",
            "of",
            "and",
            "or",
            "my",
            "your",
            "our",
            "how",
            "much",
            "what",
            "is",
            "it",
            "do",
            "does",
            "you",
            "u",
            "i",
            "me",
            "we",
            "price",
            "cost",
            "charge",
            "quote",
            "service",
            "services",
            "up",
            "get",
            "need",
            "would",
            "be",
            "can",
            "in",
            "on",
            "with",
            "per",
            "hour",
            "from",
            "at",
            "that",
            "this",
            "are",
            "r",
            "ur",
            "guys",
            "fee",
            "call",
            "visit",
            "like",
            "want",
            "some",
            "one");
    private static final Map<String, String> SYNONYMS = new LinkedHashMap<>();

    static {
      for (String w :
          List.of("unclog", "clog", "clogged", "clogs", "blocked", "backed", "drains")) {
        SYNONYMS.put(w, "drain");
      }
      for (String w : List.of("a/c", "air conditioner", "air conditioning", "aircon", "cooling")) {
        SYNONYMS.put(w, "ac");
      }
      for (String w : List.of("tuneup", "tune-up", "tuned", "tune")) {
        SYNONYMS.put(w, "tune");
      }
      for (String w : List.of("installation", "installed", "installing", "new", "replace")) {
        SYNONYMS.put(w, "install");
      }
      for (String w : List.of("replacement", "replaced", "replacing")) {
        SYNONYMS.put(w, "install");
      }
      for (String w :
          List.of(
              "fix",
              "fixing",
              "fixed",
              "repairs",
              "repairing",
              "repaired",
              "broken",
              "broke",
              "not working",
              "isn't working",
              "isnt working",
              "stopped working",
              "not cooling",
              "not heating",
              "won't turn on",
              "wont turn on")) {
        SYNONYMS.put(w, "repair");
      }
      for (String w : List.of("cleaning", "cleaned", "cleanout", "snake", "snaking", "rooter")) {
        SYNONYMS.put(w, "clean");
      }
      for (String w : List.of("tankless", "hot water", "water heaters")) {
        SYNONYMS.put(w, "heater");
      }
      for (String w : List.of("inspection", "inspections", "inspected", "check")) {
        SYNONYMS.put(w, "inspect");
      }
      for (String w : List.of("maintenance", "servicing", "serviced")) {
        SYNONYMS.put(w, "maintain");
      }
    }

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9/]+(?:-[a-z0-9]+)*");

    static Set<String> of(String text) {
      String lower = text == null ? "" : text.toLowerCase(Locale.ROOT).replace('_', ' ');
      for (Map.Entry<String, String> e : SYNONYMS.entrySet()) {
        if (e.getKey().contains(" ")) {
          lower = lower.replace(e.getKey(), " " + e.getValue() + " ");
        }
      }
      Set<String> words = new LinkedHashSet<>();
      Matcher m = TOKEN.matcher(lower);
      while (m.find()) {
        String w = m.group();
        if (SYNONYMS.containsKey(w)) {
          w = SYNONYMS.get(w);
        } else {
          w = stem(w);
          w = SYNONYMS.getOrDefault(w, w);
        }
        if (w.contains("-")) {
          for (String part : w.split("-")) {
            add(words, SYNONYMS.getOrDefault(part, stem(part)));
          }
        } else {
          add(words, w);
        }
      }
      return words;
    }

    private static void add(Set<String> words, String w) {
      if (w.length() > 1 && !STOP.contains(w)) {
        words.add(w);
      }
    }

    private static String stem(String w) {
      if (w.length() > 5 && w.endsWith("ing")) {
        return w.substring(0, w.length() - 3);
      }
      if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
        return w.substring(0, w.length() - 1);
      }
      return w;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hours

  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final Pattern TIME_RANGE =
      Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");

  /** E.g. {@code Mon-Fri 8am-6pm, Sat 9am-1pm, Sun closed}; null when the profile has none. */
  static String formatHours(Map<String, String> hours) {
    if (hours == null || hours.isEmpty()) {
      return null;
    }
    Map<String, String> byDay = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (Map.Entry<String, String> e : hours.entrySet()) {
      if (e.getKey() == null || blank(e.getValue())) {
        continue;
      }
      String key = e.getKey().strip().toLowerCase(Locale.ROOT);
      String day = key.length() >= 3 ? key.substring(0, 3) : key;
      if (DAYS.contains(day)) {
        byDay.put(day, formatRange(e.getValue()));
      } else {
        others.add(capitalize(e.getKey().strip()) + " " + formatRange(e.getValue()));
      }
    }
    List<String> groups = new ArrayList<>();
    int i = 0;
    while (i < DAYS.size()) {
      String value = byDay.get(DAYS.get(i));
      if (value == null) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < DAYS.size() && value.equals(byDay.get(DAYS.get(j + 1)))) {
        j++;
      }
      String label =
          j == i
              ? capitalize(DAYS.get(i))
              : capitalize(DAYS.get(i)) + "-" + capitalize(DAYS.get(j));
      groups.add(label + " " + value);
      i = j + 1;
    }
    groups.addAll(others);
    return groups.isEmpty() ? null : String.join(", ", groups);
  }

  private static String formatRange(String raw) {
    String value = raw.strip();
    Matcher m = TIME_RANGE.matcher(value);
    if (!m.matches()) {
      return value.toLowerCase(Locale.ROOT).equals("closed") ? "closed" : value;
    }
    int fromH = Integer.parseInt(m.group(1));
    int fromM = Integer.parseInt(m.group(2));
    int toH = Integer.parseInt(m.group(3));
    int toM = Integer.parseInt(m.group(4));
    if (fromH == 0 && fromM == 0 && (toH == 24 || (toH == 23 && toM == 59))) {
      return "open 24 hours";
    }
    if (fromH > 24 || toH > 24 || fromM > 59 || toM > 59) {
      return value;
    }
    return clock(fromH, fromM) + "-" + clock(toH, toM);
  }

  private static String clock(int h, int m) {
    String suffix = h < 12 || h == 24 ? "am" : "pm";
    int h12 = h % 12 == 0 ? 12 : h % 12;
    return h12 + (m == 0 ? "" : String.format(Locale.ROOT, ":%02d", m)) + suffix;
  }

  // ---------------------------------------------------------------------------------------------
  // Text helpers

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String trimToNull(String s) {
    return blank(s) ? null : s.strip();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** "Drain cleaning" becomes "drain cleaning" inside a sentence; "AC tune-up" stays. */
  private static String midSentence(String name) {
    String s = name.strip();
    if (s.length() > 1
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))) {
      return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
    return s;
  }

  private static boolean mentions(String lowerText, String phrase) {
    return Pattern.compile("\\b" + Pattern.quote(phrase.toLowerCase(Locale.ROOT)) + "\\b")
        .matcher(lowerText)
        .find();
  }

  private static String joinAnd(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
