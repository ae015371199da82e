package com.dispatchbot.activities.slots;

import com.dispatchbot.workflows.slots.Address;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a US street address in what the caller said: house number, street name with its suffix (or
 * a bare name followed by a city, state or ZIP: "1600 Broadway, Denver"), unit (Apt, Unit, Suite,
 * #), city, state (name or code) and ZIP (5 digits or ZIP+4). {@link Address#line()} is the
 * one-line form a geocoder is asked: "600 West 19th Avenue Apt B, Anchorage, AK 99503".
 *
 * <p>When the caller clearly gives an address ("my address is ...", "I live at ...") and no house
 * number and street can be found in it, the result is the problem {@code unparseable_address}.
 */
final class AddressParser {

  static final Map<String, String> STATES = states();

  private static final String SUFFIX =
      "(?:street|st|avenue|ave|av|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|way|place|pl"
          + "|circle|cir|trail|trl|terrace|ter|parkway|pkwy|highway|hwy|loop|square|sq|plaza"
          + "|plz|pike|row|run|path|alley|aly|crossing|xing|commons?|glen|point|pt|ridge|rdg"
          + "|creek|hills?|heights|hts|park|pass|view|walk|cove|cv|bend|knoll|landing|meadows?"
          + "|grove|estates|expressway|expy|freeway|fwy|center|ctr|crescent|cres|turnpike"
          + "|tpke|mall|oval|green|gardens|station|village|harbor|manor|mews|orchard|shores"
          + "|springs?|summit|valley|vista|woods|hollow|junction|causeway|trace|broadway"
          + "|close|gate|lake|lakes|field|fields|mill|ranch|farm|byway|spur)";
  private static final String DIRECTION =
      "(?:north|south|east|west|northeast|northwest|southeast|southwest|n|s|e|w|ne|nw|se|sw)\\.?";
  private static final String NUMBER = "(\\d{1,6}[a-z]?(?:-\\d{1,4})?(?: 1/2)?)";
  private static final String WORD = "[a-z0-9][a-z0-9'.-]*";
  private static final String UNIT =
      "(?:,? ?(?:(apt|apartment|unit|suite|ste|bldg|building|fl|floor|rm|room|lot|space|spc)"
          + "\\.? ?#? ?|(#) ?)([a-z0-9][a-z0-9-]*))";

  /** Number, street words, a suffix and maybe a trailing direction. */
  private static final Pattern STREET_WITH_SUFFIX =
      Pattern.compile(
          "(?<![\\d/:$.-])\\b"
              + NUMBER
              + " ((?:"
              + DIRECTION
              + " )?(?:"
              + WORD
              + " ){0,4}?"
              + SUFFIX
              + "\\.?(?: "
              + DIRECTION
              + "(?![a-z]))?)(?![a-z])",
          Pattern.CASE_INSENSITIVE);

  /** Numbered routes: "State Highway 103", "County Road 12", "Route 66". */
  private static final Pattern ROUTE =
      Pattern.compile(
          "(?<![\\d/:$.-])\\b"
              + NUMBER
              + " ((?:"
              + DIRECTION
              + " )?(?:old |new )?(?:state |us |u\\.s\\. |county |farm to market )?(?:highway|hwy|route|rte"
              + "|road|rd|fm) \\d{1,4}[a-z]?(?: "
              + DIRECTION
              + "(?![a-z]))?)\\b",
          Pattern.CASE_INSENSITIVE);

  /** Number and one to four words without a suffix; accepted only before a city/state/ZIP. */
  private static final Pattern STREET_BARE =
      Pattern.compile(
          "(?<![\\d/:$.-])\\b"
              + NUMBER
              + " ((?:"
              + DIRECTION
              + " )?"
              + WORD
              + "(?: "
              + WORD
              + "){0,3}?)"
              + "(?=,| (?:apt|apartment|unit|suite|ste|bldg|#)| \\d{5}\\b)",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern UNIT_AT = Pattern.compile("^" + UNIT, Pattern.CASE_INSENSITIVE);
  private static final Pattern ZIP_AT =
      Pattern.compile("^[,.]? ?(\\d{5}(?:-\\d{4})?)(?![\\d-])", Pattern.CASE_INSENSITIVE);
  private static final Pattern ZIP_ALONE =
      Pattern.compile(
          "\\b(?:zip|zip code|zipcode|postal code)(?: is| code is|:)? ?(\\d{5}(?:-\\d{4})?)\\b",
          Pattern.CASE_INSENSITIVE);

  /** Something that announces an address. */
  private static final Pattern ADDRESS_CUE =
      Pattern.compile(
          "\\b(?:my address is|the address is|address is|address:|address's|i live at|we live at"
              + "|i'm located at|we're located at|located at|the house is at|house is at"
              + "|property is at|service address is|service address:)(?![a-z])\\s*(.{3,})",
          Pattern.CASE_INSENSITIVE);

  private static final Set<String> NOT_STREET_WORDS =
      Set.copyOf(
          List.of(
              "i",
              "we",
              "you",
              "the",
              "a",
              "an",
              "and",
              "or",
              "is",
              "are",
              "was",
              "my",
              "our",
              "your",
              "it",
              "at",
              "in",
              "on",
              "to",
              "for",
              "of",
              "with",
              "this",
              "that",
              "people",
              "persons",
              "minutes",
              "hours",
              "days",
              "weeks",
              "years",
              "pm",
              "am",
              "times",
              "dollars",
              "bucks",
              "gallons",
              "inch",
              "inches",
              "feet",
              "ft",
              "degrees",
              "kids",
              "adults",
              "please",
              "tomorrow",
              "today",
              "tonight",
              "next",
              "between",
              "and",
              "o'clock",
              "oclock"));

  /**
   * @param address what was found, or null
   * @param problem {@code unparseable_address: ...}, or null
   */
  record Found(Address address, String problem, int start, int end) {}

  Found find(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    // Whitespace runs collapse to one space; positions map back to the text as given.
    StringBuilder collapsed = new StringBuilder();
    int[] origin = new int[text.length() + 1];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i) == '’' ? '\'' : text.charAt(i);
      boolean space = Character.isWhitespace(c);
      if (space && (collapsed.length() == 0 || collapsed.charAt(collapsed.length() - 1) == ' ')) {
        continue;
      }
      origin[collapsed.length()] = i;
      collapsed.append(space ? ' ' : c);
    }
    origin[collapsed.length()] = text.length();
    Found inCollapsed = findIn(collapsed.toString().stripTrailing());
    if (inCollapsed == null) {
      return null;
    }
    return new Found(
        inCollapsed.address(),
        inCollapsed.problem(),
        origin[inCollapsed.start()],
        inCollapsed.end() >= collapsed.length() ? text.length() : origin[inCollapsed.end()]);
  }

  private Found findIn(String t) {
    Found found = street(t, ROUTE);
    if (found == null) {
      found = street(t, STREET_WITH_SUFFIX);
    }
    if (found == null) {
      found = street(t, STREET_BARE);
      if (found != null
          && found.address().city() == null
          && found.address().state() == null
          && found.address().zip() == null) {
        found = null;
      }
    }
    if (found != null) {
      return found;
    }
    Matcher zip = ZIP_ALONE.matcher(t);
    if (zip.find()) {
      Address a = new Address(zip.group(1), null, null, null, null, zip.group(1));
      return new Found(a, null, zip.start(1), zip.end(1));
    }
    Matcher cue = ADDRESS_CUE.matcher(t);
    if (cue.find()) {
      String attempt = cue.group(1).replaceAll("[.!?]+$", "").trim();
      if (attempt.length() > 60) {
        attempt = attempt.substring(0, 60) + "...";
      }
      return new Found(
          null,
          "unparseable_address: could not find a house number and street in \""
              + attempt
              + "\"; please say it like \"1234 Main Street, Denver, CO 80202\"",
          cue.start(1),
          cue.end(1));
    }
    return null;
  }

  private Found street(String t, Pattern pattern) {
    Matcher m = pattern.matcher(t);
    while (m.find()) {
      String number = m.group(1);
      int end = m.end();
      if (pattern == STREET_WITH_SUFFIX) {
        end = streetEnd(t, m.start(2), m.end());
      }
      String streetName = t.substring(m.start(2), end).trim().replaceAll(",$", "");
      if (!plausible(streetName)) {
        continue;
      }
      String rest = t.substring(end);
      String unit = null;
      Matcher u = UNIT_AT.matcher(rest);
      if (u.find()) {
        unit = unit(u.group(1), u.group(2), u.group(3));
        end += u.end();
        rest = t.substring(end);
      }
      String city = null;
      String state = null;
      String zip = null;
      Matcher tail = cityStateZip(rest);
      if (tail != null) {
        city = tail.group(1) == null ? null : titleCase(tail.group(1).trim());
        state = tail.group(2) == null ? null : STATES.get(tail.group(2).toLowerCase(Locale.ROOT));
        zip = tail.group(3);
        end += tail.end();
      } else {
        Matcher z = ZIP_AT.matcher(rest);
        if (z.find()) {
          zip = z.group(1);
          end += z.end();
        } else {
          Matcher cityOnly = CITY_ONLY.matcher(rest);
          if (cityOnly.find()) {
            city = titleCase(cityOnly.group(1).trim());
            end += cityOnly.end(1);
          }
        }
      }
      String street = number + " " + titleCase(streetName.replaceAll("\\s+", " "));
      return new Found(
          new Address(line(street, unit, city, state, zip), street, unit, city, state, zip),
          null,
          m.start(),
          end);
    }
    return null;
  }

  private static final String STATE_NAMES = stateAlternation();

  /** ", Denver, CO 80202" / " Denver Colorado" / ", CO 80202" / " 80202" after the street. */
  private static final Pattern CITY_STATE_ZIP =
      Pattern.compile(
          "^[,. ]*(?:([a-z][a-z'.-]*(?: [a-z][a-z'.-]*){0,2}?),? )?("
              + STATE_NAMES
              + ")(?![a-z])\\.?(?:,? ?(\\d{5}(?:-\\d{4})?)(?![\\d-]))?",
          Pattern.CASE_INSENSITIVE);

  /** ", Denver." : a city after a comma, capitalised, at the end of the sentence. */
  private static final Pattern CITY_ONLY =
      Pattern.compile("^, ?([A-Z][a-z'.-]+(?: [A-Z][a-z'.-]+){0,2})(?=[.,!?]|$)");

  private static Matcher cityStateZip(String rest) {
    Matcher m = CITY_STATE_ZIP.matcher(rest);
    if (!m.find()) {
      return null;
    }
    String state = m.group(2);
    boolean code = state.length() == 2;
    // A two-letter code in lower case ("in", "me", "or", "ok") counts only before a ZIP or at the
    // end.
    if (code && !state.equals(state.toUpperCase(Locale.ROOT))) {
      String after = rest.substring(m.end());
      if (m.group(3) == null && !after.matches("^\\s*([.,!?].*)?$")) {
        return null;
      }
    }
    if (m.group(1) != null) {
      for (String w : m.group(1).trim().split(" ")) {
        if (NOT_STREET_WORDS.contains(w.toLowerCase(Locale.ROOT))) {
          return null;
        }
      }
    }
    return m;
  }

  private static final Pattern SUFFIX_WORD = Pattern.compile("(?i)" + SUFFIX + "\\.?");
  private static final Pattern DIRECTION_WORD = Pattern.compile("(?i)" + DIRECTION);
  private static final Pattern CORE_SUFFIX =
      Pattern.compile(
          "(?i)(?:street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|way|place"
              + "|pl|circle|cir|terrace|ter|parkway|pkwy|highway|hwy|trail|trl|loop|broadway)\\.?");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9'.-]*");

  /**
   * Where the street name ends: the last street-type word within six words, preferring a core type
   * ("Road", "Drive") over words that are also city words ("Park", "Valley", "Springs"): "2203 7th
   * Street Road", "5461 West Shades Valley Drive", but "12 Main St Park City UT".
   */
  private static int streetEnd(String t, int nameStart, int shortestEnd) {
    int longestAny = shortestEnd;
    int longestCore = -1;
    int at = nameStart;
    for (int words = 0; words < 7 && at < t.length(); words++) {
      Matcher token = TOKEN.matcher(t);
      token.region(at, t.length());
      if (!token.lookingAt()) {
        break;
      }
      String word = token.group();
      int wordEnd = token.end();
      boolean stateBeforeZip =
          STATES.containsKey(word.toLowerCase(Locale.ROOT))
              && t.substring(wordEnd).matches("(?s)^[ ,]*\\d{5}.*");
      if (words > 0 && SUFFIX_WORD.matcher(word).matches() && !stateBeforeZip) {
        int end = wordEnd;
        // a trailing direction belongs to the street only before a comma, a unit or the end
        Matcher next = TOKEN.matcher(t);
        if (end + 1 < t.length() && t.charAt(end) == ' ') {
          next.region(end + 1, t.length());
          if (next.lookingAt() && DIRECTION_WORD.matcher(next.group()).matches()) {
            String after = t.substring(next.end());
            if (after.isEmpty()
                || after.matches("(?s)^(?:[,.;!?]|\\s+(?:apt|unit|suite|ste|#)).*")) {
              end = next.end();
            }
          }
        }
        longestAny = Math.max(longestAny, end);
        if (CORE_SUFFIX.matcher(word).matches()) {
          longestCore = end;
        }
      }
      if (wordEnd >= t.length() || t.charAt(wordEnd) != ' ') {
        break; // a comma or other punctuation ends the street
      }
      if (NOT_STREET_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        break;
      }
      at = wordEnd + 1;
    }
    return longestCore >= 0 ? Math.max(longestCore, shortestEnd) : longestAny;
  }

  private static boolean plausible(String streetName) {
    String[] words = streetName.toLowerCase(Locale.ROOT).split(" ");
    for (String w : words) {
      if (NOT_STREET_WORDS.contains(w.replaceAll("[,.]$", ""))) {
        return false;
      }
    }
    return !streetName.isBlank();
  }

  private static String unit(String kind, String hash, String id) {
    if (hash != null || kind == null) {
      return "#" + id.toUpperCase(Locale.ROOT);
    }
    String label =
        switch (kind.toLowerCase(Locale.ROOT)) {
          case "apt", "apartment" -> "Apt";
          case "suite", "ste" -> "Suite";
          case "bldg", "building" -> "Bldg";
          case "fl", "floor" -> "Floor";
          case "rm", "room" -> "Room";
          case "lot" -> "Lot";
          case "space", "spc" -> "Space";
          default -> "Unit";
        };
    return label + " " + id.toUpperCase(Locale.ROOT);
  }

  static String line(String street, String unit, String city, String state, String zip) {
    StringBuilder b = new StringBuilder(street);
    if (unit != null) {
      b.append(' ').append(unit);
    }
    if (city != null) {
      b.append(", ").append(city);
    }
    if (state != null) {
      b.append(", ").append(state);
    }
    if (zip != null) {
      b.append(state != null ? " " : ", ").append(zip);
    }
    return b.toString();
  }

  /** "west 19th avenue" → "West 19th Avenue"; codes (NE, SW) and ordinals keep their case. */
  static String titleCase(String s) {
    StringBuilder b = new StringBuilder();
    for (String w : s.split(" ")) {
      if (w.isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      String bare = w.replace(".", "");
      if (bare.matches("(?i)ne|nw|se|sw")) {
        b.append(bare.toUpperCase(Locale.ROOT));
      } else if (Character.isDigit(w.charAt(0))) {
        b.append(w.toLowerCase(Locale.ROOT));
      } else {
        b.append(Character.toUpperCase(w.charAt(0)))
            .append(w.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    return b.toString();
  }

  private static String stateAlternation() {
    // Longest first, so "west virginia" wins over "virginia" and "new york" over a city word.
    return STATES.keySet().stream()
        .sorted((a, b) -> Integer.compare(b.length(), a.length()))
        .map(k -> k.replace(" ", "\\s"))
        .reduce((a, b) -> a + "|" + b)
        .orElseThrow();
  }

  private static Map<String, String> states() {
    String[][] pairs = {
      {"AL", "alabama"},
      {"AK", "alaska"},
      {"AZ", "arizona"},
      {"AR", "arkansas"},
      {"CA", "california"},
      {"CO", "colorado"},
      {"CT", "connecticut"},
      {"DE", "delaware"},
      {"DC", "district of columbia"},
      {"FL", "florida"},
      {"GA", "georgia"},
      {"HI", "hawaii"},
      {"ID", "idaho"},
      {"IL", "illinois"},
      {"IN", "indiana"},
      {"IA", "iowa"},
      {"KS", "kansas"},
      {"KY", "kentucky"},
      {"LA", "louisiana"},
      {"ME", "maine"},
      {"MD", "maryland"},
      {"MA", "massachusetts"},
      {"MI", "michigan"},
      {"MN", "minnesota"},
      {"MS", "mississippi"},
      {"MO", "missouri"},
      {"MT", "montana"},
      {"NE", "nebraska"},
      {"NV", "nevada"},
      {"NH", "new hampshire"},
      {"NJ", "new jersey"},
      {"NM", "new mexico"},
      {"NY", "new york"},
      {"NC", "north carolina"},
      {"ND", "north dakota"},
      {"OH", "ohio"},
      {"OK", "oklahoma"},
      {"OR", "oregon"},
      {"PA", "pennsylvania"},
      {"RI", "rhode island"},
      {"SC", "south carolina"},
      {"SD", "south dakota"},
      {"TN", "tennessee"},
      {"TX", "texas"},
      {"UT", "utah"},
      {"VT", "vermont"},
      {"VA", "virginia"},
      {"WA", "washington"},
      {"WV", "west virginia"},
      {"WI", "wisconsin"},
      {"WY", "wyoming"},
      {"PR", "puerto rico"}
    };
    Map<String, String> m = new LinkedHashMap<>();
    for (String[] p : pairs) {
      m.put(p[0].toLowerCase(Locale.ROOT), p[0]);
      m.put(p[1], p[0]);
    }
    m.put("d.c", "DC");
    m.put("wash", "WA");
    m.put("calif", "CA");
    m.put("colo", "CO");
    return Map.copyOf(m);
  }
}
