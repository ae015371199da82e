package com.dispatchbot.activities.knowledge;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The answer when no model can be asked: the one or two sentences of the best chunk that share the
 * most words with the question, kept in their original order, with the document they came from.
 * Nothing is made up: every word after the source is the tenant's own text.
 */
final class ExtractiveAnswer {
  private static final Set<String> STOP =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
          "have", "how", "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "our", "so",
          "that", "the", "there", "this", "to", "u", "we", "what", "when", "where", "which", "who",
          "will", "with", "you", "your", "guys", "much", "any", "get");
  private static final int MAX_CHARS = 400;

  private ExtractiveAnswer() {}

  static String from(String question, String title, String chunk) {
    List<String> sentences = sentences(chunk);
    if (sentences.isEmpty()) {
      return null;
    }
    Set<String> asked = words(question);
    int best = 0;
    double bestScore = -1;
    for (int i = 0; i < sentences.size(); i++) {
      Set<String> has = words(sentences.get(i));
      has.retainAll(asked);
      // A heading line alone ("Warranty") is a poor answer: prefer sentences with some length.
      double score = has.size() + (sentences.get(i).length() > 40 ? 0.5 : 0);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    StringBuilder answer = new StringBuilder(sentences.get(best));
    if (best + 1 < sentences.size()
        && answer.length() + sentences.get(best + 1).length() < MAX_CHARS) {
      answer.append(' ').append(sentences.get(best + 1));
    }
    String text = answer.length() > MAX_CHARS ? cut(answer.toString()) : answer.toString();
    return "From our "
        + (title == null || title.isBlank() ? "knowledge base" : title)
        + ": "
        + text;
  }

  private static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    // Documents wrap paragraphs over several lines: a line break inside a paragraph is a space,
    // unless the next line starts a list item. Blank lines and list items separate blocks.
    String unwrapped = text.replaceAll("(?<!\\n)\\n(?!\\n|\\s*(?:[-*•]|\\d+[.)])\\s)", " ");
    for (String line : unwrapped.split("\\n+")) {
      BreakIterator it = BreakIterator.getSentenceInstance(Locale.US);
      it.setText(line);
      int start = it.first();
      for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
        String s = line.substring(start, end).strip().replaceFirst("^[-*•]\\s+", "");
        if (s.length() > 3) {
          out.add(s.matches(".*[.!?:)]$") ? s : s + ".");
        }
      }
    }
    return out;
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9$]+")) {
      if (w.length() > 1 && !STOP.contains(w)) {
        out.add(w.endsWith("s") && w.length() > 3 ? w.substring(0, w.length() - 1) : w);
      }
    }
    return out;
  }

  private static String cut(String s) {
    int space = s.lastIndexOf(' ', MAX_CHARS);
    return s.substring(0, space > 0 ? space : MAX_CHARS) + "…";
  }
}
