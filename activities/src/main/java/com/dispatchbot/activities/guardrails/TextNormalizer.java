package com.dispatchbot.activities.guardrails;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the usual tricks that hide words from a pattern: the views of a text the detectors read.
 *
 * <ul>
 *   <li>{@link #normalize}: Unicode tag characters decoded (invisible ASCII), NFKC (fullwidth,
 *       mathematical and circled letters become ASCII), format characters removed (zero-width
 *       spaces and joiners, bidi controls, soft hyphens), diacritics and combining overlays
 *       stripped, lower case, Cyrillic/Greek/small-capital look-alikes folded to Latin, whitespace
 *       collapsed.
 *   <li>{@link #leet}: digits and symbols inside words read as letters ({@code 1gn0r3} → {@code
 *       ignore}); words of digits only are left alone.
 *   <li>{@link #squash}: letters only, so {@code i g n o r e} and {@code ig-no.re} read as one
 *       word; only long, specific phrases are matched there.
 *   <li>{@link #encodedPayloads}: base64 and hex runs decoded when they decode to text.
 * </ul>
 */
final class TextNormalizer {
  private TextNormalizer() {}

  private static final Map<Character, Character> LOOK_ALIKES = lookAlikes();

  /**
   * The text as a pattern should see it; positions do not map back to the input (detection only).
   */
  static String normalize(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = decodeTagCharacters(text);
    s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    s = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(s.length());
    boolean space = true;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.NON_SPACING_MARK
          || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK
          || type == Character.FORMAT
          || invisibleLetter(cp)) {
        continue;
      }
      if (Character.isWhitespace(cp)
          || Character.isSpaceChar(cp)
          || type == Character.CONTROL
          || cp == 0x2800) {
        if (!space) {
          out.append(' ');
          space = true;
        }
        continue;
      }
      if (cp < 128) {
        out.append((char) Character.toLowerCase(cp));
      } else {
        String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
        for (int j = 0; j < lower.length(); j++) {
          char c = lower.charAt(j);
          Character folded = LOOK_ALIKES.get(c);
          out.append(folded == null ? c : folded.charValue());
        }
      }
      space = false;
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
    return out.toString().replace('’', '\'').replace('‘', '\'');
  }

  /**
   * Leetspeak read as letters, inside words that have at least one letter; {@code one} is what a
   * {@code 1} stands for ({@code i} or {@code l}: both are tried).
   */
  static String leet(String normalized, char one) {
    StringBuilder out = new StringBuilder(normalized.length());
    int i = 0;
    while (i < normalized.length()) {
      int end = normalized.indexOf(' ', i);
      if (end < 0) {
        end = normalized.length();
      }
      String word = normalized.substring(i, end);
      boolean letters = false;
      for (int k = 0; k < word.length() && !letters; k++) {
        letters = Character.isLetter(word.charAt(k));
      }
      if (!letters) {
        out.append(word);
      } else {
        for (int k = 0; k < word.length(); k++) {
          char c = word.charAt(k);
          out.append(
              switch (c) {
                case '0' -> 'o';
                case '1', '!', '|' -> c == '1' ? one : (c == '|' ? 'l' : 'i');
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7', '+' -> 't';
                case '8' -> 'b';
                case '9' -> 'g';
                default -> c;
              });
        }
      }
      if (end < normalized.length()) {
        out.append(' ');
      }
      i = end + 1;
    }
    return out.toString();
  }

  /** Letters only: spacing and punctuation between letters no longer hide a word. */
  static String squash(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The views detectors read: normalized, leetspeak read with {@code 1} as i and as l, and letters
   * spelled out with dots or dashes joined again ({@code i.g.n.o.r.e} → {@code ignore}).
   */
  static List<String> views(String normalized) {
    Set<String> views = new LinkedHashSet<>();
    views.add(normalized);
    views.add(leet(normalized, 'i'));
    views.add(leet(normalized, 'l'));
    for (String view : List.copyOf(views)) {
      views.add(joinSpelledOut(view));
    }
    return new ArrayList<>(views);
  }

  private static final Pattern SPELLED_OUT =
      Pattern.compile("(?<![a-z0-9])[a-z](?:[.\\-_*·•/|~][a-z]){2,}(?![a-z0-9])");

  /** "r.e.v.e.a.l t-h-e p_r_o_m_p_t" → "reveal the prompt": single letters joined by a mark. */
  static String joinSpelledOut(String s) {
    Matcher m = SPELLED_OUT.matcher(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int copied = 0;
    do {
      out.append(s, copied, m.start());
      for (int i = m.start(); i < m.end(); i += 2) {
        out.append(s.charAt(i));
      }
      copied = m.end();
    } while (m.find());
    return out.append(s, copied, s.length()).toString();
  }

  private static final Pattern BASE64 =
      Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}+={0,2}");
  private static final Pattern HEX = Pattern.compile("(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){10,}+");

  /**
   * Text hidden as base64 (standard or URL-safe) or hex in the original text: each run that decodes
   * to readable UTF-8 text. At most {@code max} payloads.
   */
  static List<String> encodedPayloads(String original, int max) {
    List<String> payloads = new ArrayList<>();
    Matcher hex = HEX.matcher(original);
    while (hex.find() && payloads.size() < max) {
      readable(HexFormat.of().parseHex(hex.group())).ifPresent(payloads::add);
    }
    Matcher b64 = BASE64.matcher(original);
    while (b64.find() && payloads.size() < max) {
      String token = b64.group().replace('-', '+').replace('_', '/').replace("=", "");
      if (token.chars().allMatch(c -> c >= '0' && c <= '9')) {
        continue; // a long number, not base64
      }
      int pad = (4 - token.length() % 4) % 4;
      if (pad == 3) {
        token = token.substring(0, token.length() - 1);
        pad = 0;
      }
      try {
        byte[] bytes = Base64.getDecoder().decode(token + "=".repeat(pad));
        readable(bytes).ifPresent(payloads::add);
      } catch (IllegalArgumentException notBase64) {
        // not base64 after all
      }
    }
    return payloads;
  }

  /** The bytes as text when they are valid UTF-8 and mostly letters, digits and spaces. */
  private static Optional<String> readable(byte[] bytes) {
    if (bytes.length < 8) {
      return Optional.empty();
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    long plain =
        text.codePoints()
            .filter(c -> Character.isLetterOrDigit(c) || c == ' ' || ".,:;'!?-\"\n".indexOf(c) >= 0)
            .count();
    long letters = text.codePoints().filter(Character::isLetter).count();
    boolean words = text.indexOf(' ') > 0;
    return plain >= 0.9 * text.length() && letters >= 0.6 * text.length() && words
        ? Optional.of(text)
        : Optional.empty();
  }

  /** Unicode "tag" characters (U+E0020–U+E007E) shadow ASCII invisibly: read them as ASCII. */
  private static String decodeTagCharacters(String text) {
    boolean any = false;
    for (int i = 0; i < text.length() && !any; i++) {
      any = Character.isHighSurrogate(text.charAt(i)) && text.codePointAt(i) >= 0xE0000;
    }
    if (!any) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0xE0020 && cp <= 0xE007E) {
                out.append((char) (cp - 0xE0000));
              } else if (cp < 0xE0000 || cp > 0xE007F) {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  /** Letters that render as nothing: Hangul fillers, used to pad words invisibly. */
  private static boolean invisibleLetter(int cp) {
    return cp == 0x115F
        || cp == 0x1160
        || cp == 0x3164
        || cp == 0xFFA0
        || cp == 0x17B4
        || cp == 0x17B5;
  }

  private static Map<Character, Character> lookAlikes() {
    String[] pairs = {
      // Cyrillic
      "аa",
      "бb",
      "вb",
      "гr",
      "еe",
      "ёe",
      "ѐe",
      "з3",
      "иu",
      "йu",
      "кk",
      "лn",
      "мm",
      "нh",
      "оo",
      "пn",
      "рp",
      "сc",
      "тt",
      "уy",
      "фf",
      "хx",
      "ьb",
      "ѕs",
      "іi",
      "їi",
      "јj",
      "ԁd",
      "ӏl",
      "һh",
      "ԛq",
      "ԝw",
      "ґr",
      "ҝk",
      "үy",
      "ӑa",
      "ӓa",
      "ӧo",
      "ӱy",
      "ѵv",
      // Greek
      "αa",
      "βb",
      "γy",
      "δd",
      "εe",
      "ζz",
      "ηn",
      "θo",
      "ιi",
      "κk",
      "λl",
      "μu",
      "νv",
      "οo",
      "πn",
      "ρp",
      "σo",
      "ςs",
      "τt",
      "υu",
      "φf",
      "χx",
      "ψw",
      "ωw",
      "ϲc",
      "ϳj",
      // Latin look-alikes NFKC keeps
      "ıi",
      "ȷj",
      "ɑa",
      "ɡg",
      "ɩi",
      "ɪi",
      "ʟl",
      "ɴn",
      "ʀr",
      "ʏy",
      "ʜh",
      "ʙb",
      "ɢg",
      "łl",
      "øo",
      "đd",
      "ħh",
      "ŧt",
      "ƀb",
      "ɍr",
      "ɇe",
      // small capitals
      "ᴀa",
      "ᴄc",
      "ᴅd",
      "ᴇe",
      "ꜰf",
      "ᴊj",
      "ᴋk",
      "ᴍm",
      "ᴏo",
      "ᴘp",
      "ǫq",
      "ꜱs",
      "ᴛt",
      "ᴜu",
      "ᴠv",
      "ᴡw",
      "ᴢz"
    };
    Map<Character, Character> map = new HashMap<>();
    for (String pair : pairs) {
      if (pair.length() == 2 && pair.charAt(1) < 128) {
        map.put(pair.charAt(0), pair.charAt(1));
      }
    }
    return Map.copyOf(map);
  }
}
