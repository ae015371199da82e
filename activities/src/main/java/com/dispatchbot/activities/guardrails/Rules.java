package com.dispatchbot.activities.guardrails;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of detection rules and how they read a text: every rule on each view of {@link
 * TextNormalizer}, then the same rules on whatever base64 or hex in the text decodes to.
 */
final class Rules {

  enum View {
    /** normalized text and its leetspeak readings: lower case, single spaces, ASCII look-alikes */
    WORDS,
    /** letters only: for long phrases hidden by spacing or punctuation */
    SQUASHED,
    /** the text as written (case and line breaks kept): markup and delimiters */
    ORIGINAL
  }

  /**
   * @param finding what a match means, e.g. {@code injection:ignore-instructions}
   */
  record Rule(String finding, View view, Pattern pattern) {}

  /** Payloads decoded per text, and how deep decoded text is decoded again. */
  private static final int MAX_PAYLOADS = 8;

  private static final int MAX_DEPTH = 2;

  private final List<Rule> rules;
  private final String encodedFinding;

  /**
   * @param encodedFinding added when a rule matched only inside a decoded payload
   */
  Rules(List<Rule> rules, String encodedFinding) {
    this.rules = List.copyOf(rules);
    this.encodedFinding = encodedFinding;
  }

  static Rule words(String finding, String regex) {
    return new Rule(finding, View.WORDS, Pattern.compile(regex));
  }

  static Rule squashed(String finding, String regex) {
    return new Rule(finding, View.SQUASHED, Pattern.compile(regex));
  }

  static Rule original(String finding, String regex) {
    return new Rule(finding, View.ORIGINAL, Pattern.compile(regex, Pattern.MULTILINE));
  }

  /** The findings of every rule that matches, each once, in rule order. */
  List<String> findings(String text) {
    Set<String> found = new LinkedHashSet<>();
    collect(text == null ? "" : text, 0, found);
    return new ArrayList<>(found);
  }

  private void collect(String text, int depth, Set<String> found) {
    String normalized = TextNormalizer.normalize(text);
    List<String> views = TextNormalizer.views(normalized);
    List<String> squashed = views.stream().map(TextNormalizer::squash).distinct().toList();
    for (Rule rule : rules) {
      if (found.contains(rule.finding())) {
        continue;
      }
      List<String> read =
          switch (rule.view()) {
            case WORDS -> views;
            case SQUASHED -> squashed;
            case ORIGINAL -> List.of(text);
          };
      for (String view : read) {
        if (rule.pattern().matcher(view).find()) {
          found.add(rule.finding());
          break;
        }
      }
    }
    if (depth >= MAX_DEPTH) {
      return;
    }
    for (String payload : TextNormalizer.encodedPayloads(text, MAX_PAYLOADS)) {
      Set<String> inside = new LinkedHashSet<>();
      collect(payload, depth + 1, inside);
      if (!inside.isEmpty()) {
        found.add(encodedFinding);
        found.addAll(inside);
      }
    }
  }
}
