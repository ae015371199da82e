package com.dispatchbot.activities.slots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the caller's name where they introduce themselves: "my name is X", "the name is X", "this
 * is X", "it's X calling", "X here", "under the name X". After "this is", "it's" and "I'm" the name
 * must be capitalised (otherwise "this is urgent" would be a name); after "my name is" any case is
 * taken and capitalised.
 */
final class NameExtractor {
  private static final String NAME_WORD = "[\\p{L}][\\p{L}'’-]*";
  private static final String NAME = "(" + NAME_WORD + "(?: " + NAME_WORD + "){0,2})";

  /** Cues after which any case is accepted. */
  private static final Pattern STRONG =
      Pattern.compile(
          "(?i)\\b(?:my name is|my name's|name is|name's|the name's|names|name:"
              + "|under the name(?: of)?|under the name is|under|reservation for|booked for"
              + "|it's booked under|first name is)\\s+"
              + NAME);

  /** Cues after which the name must be capitalised. */
  private static final Pattern WEAK =
      Pattern.compile(
          "(?i:\\b(?:this is|it's|it is|i'm|i am|hi,? i'm|hello,? this is|hey,? it's|call me))\\s+"
              + NAME);

  private static final Pattern CALLING_OR_HERE =
      Pattern.compile(
          "(?:^|[.!?,] ?)(" + NAME_WORD + "(?: " + NAME_WORD + ")?) (?:here|calling)\\b");

  /** Words that end a name or show the cue was not an introduction. */
  private static final Set<String> NOT_NAME =
      Set.copyOf(
          List.of(
              "calling",
              "here",
              "and",
              "from",
              "with",
              "at",
              "on",
              "in",
              "i",
              "my",
              "the",
              "a",
              "an",
              "looking",
              "having",
              "trying",
              "going",
              "not",
              "just",
              "so",
              "very",
              "really",
              "sorry",
              "hoping",
              "interested",
              "available",
              "home",
              "out",
              "about",
              "for",
              "to",
              "again",
              "urgent",
              "an",
              "emergency",
              "calling",
              "wondering",
              "still",
              "also",
              "please",
              "thanks",
              "thank",
              "is",
              "was",
              "be",
              "been",
              "the",
              "your",
              "our",
              "their",
              "it",
              "that",
              "this",
              "there",
              "we",
              "you",
              "he",
              "she",
              "they",
              "who",
              "what",
              "when",
              "where",
              "why",
              "how",
              "yes",
              "no",
              "ok",
              "okay",
              "hi",
              "hello",
              "hey",
              "good",
              "fine",
              "great",
              "done",
              "ready",
              "afraid",
              "running",
              "late",
              "booked",
              "booking",
              "reservation",
              "table",
              "party",
              "people",
              "person",
              "name",
              "cancel",
              "calling",
              "need",
              "needs",
              "want",
              "wants",
              "would",
              "like",
              "can",
              "could",
              "will",
              "do",
              "does",
              "did",
              "have",
              "has",
              "had",
              "am",
              "are",
              "monday",
              "tuesday",
              "wednesday",
              "thursday",
              "friday",
              "saturday",
              "sunday",
              "today",
              "tomorrow",
              "tonight",
              "morning",
              "afternoon",
              "evening",
              "but",
              "or",
              "if",
              "because",
              "since",
              "by",
              "of",
              "over",
              "down",
              "up",
              "off",
              "now",
              "then",
              "too",
              "right",
              "correct",
              "wrong",
              "sure",
              "all",
              "any",
              "some",
              "one",
              "two",
              "me",
              "him",
              "her",
              "us",
              "them",
              "back",
              "asap",
              "later",
              "soon",
              "i'm",
              "im",
              "we're",
              "you're",
              "i've",
              "i'd",
              "i'll",
              "someone",
              "somebody",
              "nobody",
              "everyone",
              "mr",
              "mrs",
              "ms",
              "miss",
              "dr",
              "sir",
              "madam"));

  String find(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.replace('’', '\'');
    for (Matcher m = STRONG.matcher(t); m.find(); ) {
      String name = clean(m.group(1), false);
      if (name != null) {
        return name;
      }
    }
    for (Matcher m = WEAK.matcher(t); m.find(); ) {
      String name = clean(m.group(1), true);
      if (name != null) {
        return name;
      }
    }
    Matcher m = CALLING_OR_HERE.matcher(t);
    if (m.find()) {
      return clean(m.group(1), true);
    }
    return null;
  }

  /** Keeps the leading name words; null when the first is not a name. */
  private static String clean(String candidate, boolean mustBeCapitalised) {
    List<String> words = new ArrayList<>();
    for (String w : candidate.split(" ")) {
      String bare = w.replaceAll("['-]+$", "");
      if (bare.isEmpty() || NOT_NAME.contains(bare.toLowerCase(Locale.ROOT))) {
        break;
      }
      if (mustBeCapitalised && !Character.isUpperCase(bare.charAt(0))) {
        break;
      }
      if (bare.toLowerCase(Locale.ROOT).endsWith("'s") && words.isEmpty()) {
        break;
      }
      words.add(capitalise(bare));
    }
    return words.isEmpty() ? null : String.join(" ", words);
  }

  private static String capitalise(String w) {
    if (w.chars().anyMatch(Character::isUpperCase)) {
      return w; // keep "McDonald", "DeShawn"
    }
    return Character.toUpperCase(w.charAt(0)) + w.substring(1);
  }
}
