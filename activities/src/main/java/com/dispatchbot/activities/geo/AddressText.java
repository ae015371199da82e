package com.dispatchbot.activities.geo;

import java.text.Normalizer;
import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** How address text is compared: the geocode cache's key and the gazetteer's city names. */
final class AddressText {
  /** Longest address a geocoder is asked (a spoken address is far shorter). */
  static final int MAX_LENGTH = 300;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NOT_KEY = Pattern.compile("[^\\p{L}\\p{N}#/-]+");
  private static final Pattern TRAILING_COUNTRY =
      Pattern.compile("(?i)[\\s,]*\\b(united states( of america)?|u\\.?s\\.?a\\.?)[\\s.]*$");

  /** Abbreviations that name the same place either way in US postal data. */
  private static final Map<String, String> CITY_WORDS =
      Map.of("st", "saint", "ste", "sainte", "ft", "fort", "mt", "mount");

  private AddressText() {}

  /**
   * The geocode cache's key: case, Unicode compatibility forms (full-width digits), punctuation,
   * runs of spaces and a trailing "USA" do not make two addresses different. Deliberately no more
   * than that ("N St" and "North St" can be different streets): a missed hit costs one provider
   * call, a wrong hit a wrong door.
   */
  static String cacheKey(String address) {
    String s = Normalizer.normalize(address, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = withoutCountry(s);
    return NOT_KEY.matcher(s).replaceAll(" ").strip();
  }

  /** The text without a trailing {@code , USA} / {@code United States}. */
  static String withoutCountry(String text) {
    return TRAILING_COUNTRY.matcher(text).replaceFirst("");
  }

  /**
   * Lower-case ASCII words: accents dropped, periods removed ({@code D.C.} is {@code dc}, {@code
   * St.} is {@code st}), any other punctuation splits words ({@code O'Neals} is {@code o neals}).
   */
  static List<String> words(String text) {
    String s =
        isAscii(text) ? text : MARKS.matcher(Normalizer.normalize(text, Form.NFKD)).replaceAll("");
    List<String> words = new ArrayList<>(4);
    StringBuilder word = new StringBuilder(16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        continue;
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        word.append((char) (c + ('a' - 'A')));
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * A city's name for matching: {@code St. Louis}, {@code Saint Louis} and {@code ST LOUIS} are one
   * key, and so are {@code O'Neals} / {@code O Neals} and {@code McLean} / {@code Mc Lean}.
   */
  static String cityKey(List<String> words) {
    StringBuilder key = new StringBuilder();
    for (String word : words) {
      key.append(CITY_WORDS.getOrDefault(word, word));
    }
    return key.toString();
  }

  /** Words as a person reads them in a message: {@code grass valley} is {@code Grass Valley}. */
  static String titleCase(List<String> words) {
    StringBuilder text = new StringBuilder();
    for (String word : words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return text.toString();
  }

  static String cityKey(String city) {
    return cityKey(words(city));
  }
}
