package com.dispatchbot.activities.geo;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** USPS state and territory codes and their names, for reading "CO", "Colorado" or "colorado". */
final class UsStates {
  private static final String[][] CODES_AND_NAMES = {
    {"AL", "Alabama"},
    {"AK", "Alaska"},
    {"AZ", "Arizona"},
    {"AR", "Arkansas"},
    {"CA", "California"},
    {"CO", "Colorado"},
    {"CT", "Connecticut"},
    {"DE", "Delaware"},
    {"DC", "District of Columbia"},
    {"FL", "Florida"},
    {"GA", "Georgia"},
    {"HI", "Hawaii"},
    {"ID", "Idaho"},
    {"IL", "Illinois"},
    {"IN", "Indiana"},
    {"IA", "Iowa"},
    {"KS", "Kansas"},
    {"KY", "Kentucky"},
    {"LA", "Louisiana"},
    {"ME", "Maine"},
    {"MD", "Maryland"},
    {"MA", "Massachusetts"},
    {"MI", "Michigan"},
    {"MN", "Minnesota"},
    {"MS", "Mississippi"},
    {"MO", "Missouri"},
    {"MT", "Montana"},
    {"NE", "Nebraska"},
    {"NV", "Nevada"},
    {"NH", "New Hampshire"},
    {"NJ", "New Jersey"},
    {"NM", "New Mexico"},
    {"NY", "New York"},
    {"NC", "North Carolina"},
    {"ND", "North Dakota"},
    {"OH", "Ohio"},
    {"OK", "Oklahoma"},
    {"OR", "Oregon"},
    {"PA", "Pennsylvania"},
    {"RI", "Rhode Island"},
    {"SC", "South Carolina"},
    {"SD", "South Dakota"},
    {"TN", "Tennessee"},
    {"TX", "Texas"},
    {"UT", "Utah"},
    {"VT", "Vermont"},
    {"VA", "Virginia"},
    {"WA", "Washington"},
    {"WV", "West Virginia"},
    {"WI", "Wisconsin"},
    {"WY", "Wyoming"},
    {"PR", "Puerto Rico"},
    {"VI", "Virgin Islands"},
    {"GU", "Guam"},
    {"AS", "American Samoa"},
    {"MP", "Northern Mariana Islands"},
    {"FM", "Federated States of Micronesia"},
    {"MH", "Marshall Islands"},
    {"PW", "Palau"},
  };

  /** Military post offices (APO/FPO/DPO): no place on a map a technician can drive to. */
  static final Set<String> MILITARY = Set.of("AA", "AE", "AP");

  /** Places whose ZIPs lie east of the antimeridian (Aleutians, Wake Island, the Pacific). */
  static final Set<String> EASTERN_LONGITUDES = Set.of("AK", "HI", "GU", "MP", "FM", "MH", "PW");

  /** Longest state name, in words ("federated states of micronesia"). */
  static final int MAX_NAME_WORDS = 4;

  private static final Map<String, String> BY_WORDS;

  static {
    Map<String, String> byWords = new HashMap<>();
    for (String[] codeAndName : CODES_AND_NAMES) {
      byWords.put(codeAndName[0].toLowerCase(Locale.ROOT), codeAndName[0]);
      byWords.put(codeAndName[1].toLowerCase(Locale.ROOT), codeAndName[0]);
    }
    byWords.put("us virgin islands", "VI");
    BY_WORDS = Map.copyOf(byWords);
  }

  private UsStates() {}

  /**
   * The code for {@code words}: a code or a name in lower case, words separated by one space
   * ({@code "co"}, {@code "new mexico"}); periods already removed ({@code "d.c."} is {@code "dc"}).
   */
  static Optional<String> code(String words) {
    return Optional.ofNullable(BY_WORDS.get(words));
  }
}
