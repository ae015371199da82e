package com.dispatchbot.activities.slots;

import com.dispatchbot.activities.tenant.TenantProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches what the caller says is wrong to one of the tenant's services. Each common home-service
 * code has the phrases callers use for it ("clogged drain" → {@code drain_cleaning}, "no hot water"
 * → {@code water_heater}); every service also matches its own name and code words ("AC tune-up").
 * The longest matching phrase wins, so "toilet is clogged" is a toilet repair, not a drain
 * cleaning. Only the tenant's own services are candidates: a problem the tenant does not handle
 * gives null.
 */
final class ServiceMatcher {

  /** Phrases (regular expressions over lower-case text) per well-known service code. */
  private static final Map<String, List<String>> SYNONYMS =
      Map.ofEntries(
          Map.entry(
              "drain_cleaning",
              List.of(
                  "clog(?:s|ged|ging)?",
                  "unclog\\w*",
                  "drains?",
                  "backed[ -]?up",
                  "backing up",
                  "slow(?:ly)? drain\\w*",
                  "(?:won't|will not|doesn't|does not|isn't|not) drain\\w*",
                  "blocked (?:sink|drain|pipe|shower|tub)",
                  "standing water in (?:the |my )?(?:sink|tub|shower)",
                  "snake",
                  "rooter",
                  "hydro[ -]?jet\\w*",
                  "sewer line")),
          Map.entry(
              "leak_repair",
              List.of(
                  "leak\\w*",
                  "drip\\w*",
                  "burst pipe",
                  "pipe (?:burst|broke|broken|cracked)",
                  "water (?:coming|dripping) (?:through|from) the ceiling",
                  "water stain on (?:the |my )?ceiling",
                  "water under (?:the |my )?sink")),
          Map.entry(
              "water_heater",
              List.of(
                  "no hot water",
                  "(?:hot )?water heater",
                  "water tank",
                  "tankless",
                  "cold showers?",
                  "hot water (?:is |has )?(?:out|gone|not working|isn't working|stopped)",
                  "(?:no|not any|don't have|doesn't have|without) hot water",
                  "water (?:isn't|is not|won't|doesn't) get(?:ting)? hot",
                  "pilot light")),
          Map.entry(
              "toilet_repair",
              List.of(
                  "toilets?",
                  "toilet (?:is |keeps |keeps on )?(?:running|clogged|overflowing|leaking|broken"
                      + "|plugged|backed up)",
                  "toilet (?:won't|will not|doesn't|does not) flush",
                  "(?:clogged|overflowing|running|broken|leaking) toilet",
                  "flush\\w*",
                  "flapper")),
          Map.entry(
              "furnace_repair",
              List.of(
                  "furnace",
                  "no heat",
                  "(?:heater|heat|heating) (?:is |isn't |is not |stopped |not )?(?:working|broken"
                      + "|out|on the fritz)",
                  "(?:heater|heat|heating) (?:won't|doesn't) (?:turn on|come on|work)",
                  "house is (?:freezing|cold)",
                  "boiler",
                  "blowing cold air",
                  "heat pump")),
          Map.entry(
              "ac_repair",
              List.of(
                  "(?:ac|a/c|a\\.c\\.|air conditioner|air conditioning|air con|cooling)"
                      + " (?:is |isn't |is not |stopped |not |won't |doesn't |quit )?(?:working"
                      + "|cooling|broken|broke|out|blowing (?:warm|hot) air|turn on|running"
                      + "|leaking|making noise|frozen)",
                  "(?:broken|busted|dead) (?:ac|a/c|air conditioner)",
                  "(?:ac|a/c|air conditioner|air conditioning) repair",
                  "blowing (?:warm|hot) air",
                  "(?:ac|a/c|air conditioner|air conditioning|air con)",
                  "no (?:ac|a/c|air conditioning|cool air)",
                  "house is (?:too )?hot")),
          Map.entry(
              "ac_tune_up",
              List.of(
                  "(?:ac|a/c|air conditioner|air conditioning|cooling) (?:tune[ -]?up|maintenance"
                      + "|check[ -]?up|service|servicing|inspection|cleaning)",
                  "tune[ -]?up",
                  "(?:seasonal |annual )?maintenance",
                  "get (?:my |the )?(?:ac|a/c|air conditioner) ready",
                  "before summer")),
          Map.entry(
              "emergency_call",
              List.of("emergency call[ -]?out", "after[ -]hours", "emergency service")),
          Map.entry(
              "electrical_repair",
              List.of(
                  "outlets?",
                  "breakers?",
                  "(?:lights?|power) (?:keep |keeps )?(?:flickering|out|went out)",
                  "flickering",
                  "no power",
                  "electrical",
                  "wiring",
                  "sparks?|sparking")),
          Map.entry("garbage_disposal", List.of("garbage disposal", "disposal", "insinkerator")),
          Map.entry("sump_pump", List.of("sump pump", "sump")),
          Map.entry("water_softener", List.of("water softener", "hard water", "softener")),
          Map.entry(
              "gas_line",
              List.of("gas line", "gas pipe", "gas hookup", "gas leak", "smell (?:of )?gas")));

  /** Compiled phrases per service; a tenant's services change rarely and are few. */
  private final Map<TenantProfile.Service, List<Pattern>> compiled =
      new java.util.concurrent.ConcurrentHashMap<>();

  String match(String text, List<TenantProfile.Service> services) {
    if (text == null || services == null || services.isEmpty()) {
      return null;
    }
    String said = text.toLowerCase(Locale.ROOT).replace('’', '\'');
    String best = null;
    int bestLength = 0;
    for (TenantProfile.Service service : services) {
      if (compiled.size() > 10_000) {
        compiled.clear(); // many tenants edited their services: start over rather than grow
      }
      for (Pattern p : compiled.computeIfAbsent(service, ServiceMatcher::patterns)) {
        Matcher m = p.matcher(said);
        while (m.find()) {
          int length = m.end() - m.start();
          if (length > bestLength) {
            best = service.code();
            bestLength = length;
          }
        }
      }
    }
    return best;
  }

  private static List<Pattern> patterns(TenantProfile.Service service) {
    List<String> phrases = new ArrayList<>(SYNONYMS.getOrDefault(service.code(), List.of()));
    if (service.name() != null && !service.name().isBlank()) {
      String name = service.name().toLowerCase(Locale.ROOT);
      // "Water heater repair or replacement" → also "water heater repair", "water heater"
      for (String part : name.split("\\s*(?:\\(|\\)|,| or | and |/)\\s*")) {
        if (part.length() >= 4) {
          phrases.add(Pattern.quote(part.trim()));
        }
      }
    }
    String code = service.code() == null ? "" : service.code().replace('_', ' ');
    if (code.length() >= 4) {
      phrases.add(Pattern.quote(code));
    }
    List<Pattern> out = new ArrayList<>();
    for (String phrase : phrases) {
      out.add(Pattern.compile("(?<![a-z])(?:" + phrase + ")(?![a-z])"));
    }
    return out;
  }
}
