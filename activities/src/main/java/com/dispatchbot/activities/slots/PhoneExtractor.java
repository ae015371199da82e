package com.dispatchbot.activities.slots;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the caller's phone number with libphonenumber, region US: numbers said without a country
 * code are read as US numbers. A valid number of another country is reported as {@code
 * non_us_phone}, a number that cannot exist (bad area code, too few digits) as {@code
 * invalid_phone}.
 */
final class PhoneExtractor {
  /** Served as US numbers: the states and the territories that share the +1 plan with them. */
  private static final Set<String> US_REGIONS = Set.of("US", "PR", "VI", "GU", "AS", "MP");

  /**
   * Digits after "my number is", "call me at", ... that libphonenumber did not take as possible.
   */
  private static final Pattern PHONE_ATTEMPT =
      Pattern.compile(
          "(?i)\\b(?:phone|number|cell|mobile|call me|reach me|text me|call back)\\b[^\\d+]{0,20}"
              + "(\\+?\\d[\\d ().-]{4,}\\d)");

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  /**
   * @param e164 the number, or null when it cannot be used
   * @param problem {@code code: detail}, or null
   * @param start where it was said, so the other extractors skip it
   */
  record Found(String e164, String problem, int start, int end) {}

  Found find(String text) {
    for (PhoneNumberMatch match : UTIL.findNumbers(text, "US", Leniency.POSSIBLE, 100)) {
      PhoneNumber number = match.number();
      String said = match.rawString();
      if (UTIL.isValidNumber(number)) {
        String region = UTIL.getRegionCodeForNumber(number);
        String e164 = UTIL.format(number, PhoneNumberFormat.E164);
        if (US_REGIONS.contains(region)) {
          return new Found(e164, null, match.start(), match.end());
        }
        return new Found(
            null,
            "non_us_phone: "
                + said
                + " is a number in "
                + (region == null ? "another country" : region)
                + " ("
                + e164
                + "); we can call back US numbers only",
            match.start(),
            match.end());
      }
      return new Found(
          null,
          "invalid_phone: " + said + " is not a valid phone number" + hint(number),
          match.start(),
          match.end());
    }
    Matcher attempt = PHONE_ATTEMPT.matcher(text);
    if (attempt.find()) {
      String digits = attempt.group(1).replaceAll("\\D", "");
      if (digits.length() >= 5) {
        return new Found(
            null,
            "invalid_phone: "
                + attempt.group(1).trim()
                + " is not a phone number (a US number has 10 digits)",
            attempt.start(1),
            attempt.end(1));
      }
    }
    return null;
  }

  private static String hint(PhoneNumber number) {
    String national = String.valueOf(number.getNationalNumber());
    if (number.getCountryCode() == 1 && national.length() == 7) {
      return " (the area code is missing)";
    }
    if (number.getCountryCode() == 1 && national.length() == 10) {
      if (national.charAt(0) == '0' || national.charAt(0) == '1') {
        return " (US area codes never start with 0 or 1)";
      }
      if (national.charAt(3) == '0' || national.charAt(3) == '1') {
        return " (US exchanges never start with 0 or 1)";
      }
    }
    return "";
  }
}
