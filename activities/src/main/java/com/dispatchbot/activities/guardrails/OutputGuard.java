package com.dispatchbot.activities.guardrails;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Checks a model's reply before a caller sees it. A reply is refused when it
 *
 * <ul>
 *   <li>repeats the instructions it was given ({@code output:prompt-leak}): any run of {@value
 *       #SHINGLE_WORDS} words in a row that also appears in them;
 *   <li>holds something that looks like a credential ({@code output:secret}): OpenAI {@code
 *       sk-...}, Google {@code AIza...}, bearer tokens, JWTs, AWS, GitHub and Slack keys,
 *       private-key blocks, URLs with a password, our own {@code dbk_...} API keys, or the
 *       configured key itself;
 *   <li>names another business of the platform or gives one of its phone numbers ({@code
 *       output:other-tenant}), unless that name or number was in what the model was shown.
 * </ul>
 *
 * Findings are categories only; the reply itself is never logged here.
 */
@Component
public class OutputGuard {
  public static final int SHINGLE_WORDS = 8;

  public static final String PROMPT_LEAK = "output:prompt-leak";
  public static final String SECRET = "output:secret";
  public static final String OTHER_TENANT = "output:other-tenant";

  /**
   * @param text the model's reply
   * @param tenantId whose caller it answers
   * @param instructions the instructions in the prompt that a reply must never repeat
   * @param briefing everything the model was shown (system prompt, context, history, the caller's
   *     text): names and numbers found there are grounded, not leaked
   * @param secrets values that must never appear, e.g. the configured API key
   */
  public record Reply(
      String text, String tenantId, String instructions, String briefing, List<String> secrets) {

    public Reply {
      secrets = secrets == null ? List.of() : secrets.stream().filter(s -> s != null).toList();
    }
  }

  private static final List<Pattern> SECRET_PATTERNS =
      List.of(
          Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-|ant-(?:api\\d\\d-)?)?[A-Za-z0-9_-]{20,}"),
          Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}"),
          Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{16,}"),
          Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
          Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
          Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{30,}"),
          Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
          Pattern.compile("\\bdbk_[A-Za-z0-9]{20,}"),
          Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
          Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@]+:[^\\s@/]+@"));

  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d\\s().-]{5,}\\d");

  private final TenantIdentities tenants;
  private volatile Shingles lastInstructions;

  @Autowired
  public OutputGuard(TenantIdentities tenants) {
    this.tenants = tenants;
  }

  /** A guard that knows no other tenants: secrets and prompt leaks only. */
  public OutputGuard() {
    this(TenantIdentities.none());
  }

  /** The first problem found, as a category, or empty when the reply may be sent. */
  public Optional<String> check(Reply reply) {
    String text = reply.text();
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    if (leaksInstructions(text, reply.instructions())) {
      return Optional.of(PROMPT_LEAK);
    }
    if (holdsSecret(text, reply.secrets())) {
      return Optional.of(SECRET);
    }
    if (namesAnotherTenant(text, reply.tenantId(), reply.briefing())) {
      return Optional.of(OTHER_TENANT);
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- prompt leaks

  private boolean leaksInstructions(String text, String instructions) {
    if (instructions == null || instructions.isBlank()) {
      return false;
    }
    Shingles known = lastInstructions;
    if (known == null || !known.source().equals(instructions)) {
      known = new Shingles(instructions, shingles(words(instructions)));
      lastInstructions = known;
    }
    List<String> words = words(text);
    for (int i = 0; i + SHINGLE_WORDS <= words.size(); i++) {
      if (known.set().contains(String.join(" ", words.subList(i, i + SHINGLE_WORDS)))) {
        return true;
      }
    }
    return false;
  }

  private record Shingles(String source, Set<String> set) {}

  private static Set<String> shingles(List<String> words) {
    Set<String> set = new HashSet<>();
    for (int i = 0; i + SHINGLE_WORDS <= words.size(); i++) {
      set.add(String.join(" ", words.subList(i, i + SHINGLE_WORDS)));
    }
    return set;
  }

  /** Lower-case words, look-alikes folded, punctuation dropped: formatting hides no copy. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String w : TextNormalizer.normalize(text).split("[^\\p{L}\\p{Nd}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  // ---------------------------------------------------------------- secrets

  private static boolean holdsSecret(String text, List<String> secrets) {
    for (String secret : secrets) {
      if (secret.length() >= 8 && text.contains(secret)) {
        return true;
      }
    }
    for (Pattern pattern : SECRET_PATTERNS) {
      if (pattern.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- other tenants

  private boolean namesAnotherTenant(String text, String tenantId, String briefing) {
    List<TenantIdentities.Identity> all = tenants.all();
    if (all.isEmpty()) {
      return false;
    }
    String said = " " + String.join(" ", words(text)) + " ";
    String shown = " " + String.join(" ", words(briefing == null ? "" : briefing)) + " ";
    List<String> saidNumbers = numbers(text);
    Set<String> shownNumbers = new HashSet<>(numbers(briefing == null ? "" : briefing));
    Set<String> ownNumbers = new HashSet<>();
    for (TenantIdentities.Identity identity : all) {
      if (identity.tenantId().equals(tenantId)) {
        identity.phones().forEach(p -> ownNumbers.add(digits(p)));
      }
    }
    for (TenantIdentities.Identity other : all) {
      if (other.tenantId().equals(tenantId)) {
        continue;
      }
      String name = " " + String.join(" ", words(other.name() == null ? "" : other.name())) + " ";
      if (name.replace(" ", "").length() >= 5 && said.contains(name) && !shown.contains(name)) {
        return true;
      }
      for (String phone : other.phones()) {
        String digits = digits(phone);
        if (digits.length() < 7
            || sameNumber(digits, ownNumbers)
            || sameNumber(digits, shownNumbers)) {
          continue;
        }
        for (String number : saidNumbers) {
          if (sameNumber(digits, Set.of(number))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static List<String> numbers(String text) {
    List<String> numbers = new ArrayList<>();
    Matcher m = PHONE_LIKE.matcher(text);
    while (m.find()) {
      String d = digits(m.group());
      if (d.length() >= 7) {
        numbers.add(d);
      }
    }
    return numbers;
  }

  /** One number written two ways: "+1 303-555-0142" and "(303) 555 0142", or without area code. */
  private static boolean sameNumber(String digits, Set<String> others) {
    for (String other : others) {
      if (other.length() >= 7
          && digits.length() >= 7
          && (digits.endsWith(other) || other.endsWith(digits))) {
        return true;
      }
    }
    return false;
  }

  private static String digits(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), 10);
      if (d >= 0) {
        b.append((char) ('0' + d));
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
