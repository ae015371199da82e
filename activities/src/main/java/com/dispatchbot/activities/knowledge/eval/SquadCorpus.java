package com.dispatchbot.activities.knowledge.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SQuAD-format question-answering set read as a retrieval benchmark: every paragraph ({@code
 * context}) is a document, every answerable question points at the document it was asked about.
 *
 * <p>Public SQuAD exports disagree on details, so loading is lenient where it is safe:
 *
 * <ul>
 *   <li>Document ids: the paragraph's {@code document_id} (as in COVID-QA), else the article title
 *       as a slug, else {@code doc-N}; a paragraph number is added when an article has several, and
 *       a suffix when two ids would collide.
 *   <li>Titles: the article title, else the context's first line when it is short (papers start
 *       with their title), else the document id.
 *   <li>Questions: impossible ones (SQuAD 2.0) and those left with no answer are skipped and
 *       counted. A missing id becomes {@code documentId#qN}; numeric ids become strings.
 *   <li>Answers are trimmed, and each start is moved to the occurrence of the trimmed text nearest
 *       the recorded {@code answer_start}: in COVID-QA 234 of 1,380 recorded offsets are off by a
 *       few characters (mostly a leading space that was counted). An answer whose text is not in
 *       the context at all is dropped; identical answers (several annotators) are kept once.
 * </ul>
 */
public final class SquadCorpus {

  /** One paragraph to index and retrieve. */
  public record Document(String id, String title, String text) {
    public Document {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * One answerable question.
   *
   * @param answers the answer spans' texts, trimmed, at least one
   * @param answerStarts where each answer starts in the document's text (same order), so that
   *     {@code text.substring(start, start + answer.length())} is the answer
   */
  public record Question(
      String id, String text, String documentId, List<String> answers, List<Integer> answerStarts) {
    public Question {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(documentId, "documentId");
      answers = List.copyOf(answers);
      answerStarts = List.copyOf(answerStarts);
      if (answers.isEmpty() || answers.size() != answerStarts.size()) {
        throw new IllegalArgumentException(
            "question " + id + " needs one start per answer and at least one answer");
      }
    }
  }

  private static final int MAX_DERIVED_TITLE = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Document> documents;
  private final List<Question> questions;
  private final Map<String, Document> byId;
  private final int skippedQuestions;

  private SquadCorpus(List<Document> documents, List<Question> questions, int skippedQuestions) {
    this.documents = List.copyOf(documents);
    this.questions = List.copyOf(questions);
    Map<String, Document> index = new LinkedHashMap<>();
    documents.forEach(d -> index.put(d.id(), d));
    this.byId = index;
    this.skippedQuestions = skippedQuestions;
  }

  public static SquadCorpus load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SQuAD file " + file, e);
    }
  }

  /** Reads the whole stream; the caller closes it. */
  public static SquadCorpus load(InputStream in) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("not a SQuAD JSON document", e);
    }
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw new IllegalArgumentException("not a SQuAD file: no top-level \"data\" array");
    }
    List<Document> documents = new ArrayList<>();
    List<Question> questions = new ArrayList<>();
    Set<String> usedIds = new HashSet<>();
    int skipped = 0;
    int articleNo = 0;
    for (JsonNode article : data) {
      articleNo++;
      String articleTitle = text(article, "title").strip();
      JsonNode paragraphs = article.path("paragraphs");
      int paragraphNo = 0;
      for (JsonNode paragraph : paragraphs) {
        paragraphNo++;
        String context = text(paragraph, "context");
        if (context.isBlank()) {
          skipped += paragraph.path("qas").size();
          continue;
        }
        String id =
            unique(
                documentId(paragraph, articleTitle, articleNo, paragraphNo, paragraphs.size()),
                usedIds);
        documents.add(new Document(id, title(articleTitle, context, id), context));
        int questionNo = 0;
        for (JsonNode qa : paragraph.path("qas")) {
          questionNo++;
          Optional<Question> q = question(qa, id, questionNo, context);
          if (q.isPresent()) {
            questions.add(q.get());
          } else {
            skipped++;
          }
        }
      }
    }
    return new SquadCorpus(documents, questions, skipped);
  }

  public List<Document> documents() {
    return documents;
  }

  public List<Question> questions() {
    return questions;
  }

  public Optional<Document> document(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Questions left out: impossible, without a question text, or with no answer in the context. */
  public int skippedQuestions() {
    return skippedQuestions;
  }

  private static Optional<Question> question(
      JsonNode qa, String documentId, int questionNo, String context) {
    String text = text(qa, "question").strip();
    if (text.isEmpty() || qa.path("is_impossible").asBoolean(false)) {
      return Optional.empty();
    }
    // (text, start) pairs in order, without the duplicates several annotators produce.
    Set<String> seen = new LinkedHashSet<>();
    List<String> answers = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    for (JsonNode answer : qa.path("answers")) {
      String raw = text(answer, "text");
      String trimmed = raw.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      int recorded = answer.path("answer_start").asInt(-1);
      // Trimming moves the start by the leading whitespace removed.
      int hint = recorded < 0 ? 0 : recorded + raw.indexOf(trimmed);
      int start = nearestOccurrence(context, trimmed, hint);
      if (start < 0 || !seen.add(start + ":" + trimmed)) {
        continue;
      }
      answers.add(trimmed);
      starts.add(start);
    }
    if (answers.isEmpty()) {
      return Optional.empty();
    }
    String id = qa.hasNonNull("id") ? qa.get("id").asText() : documentId + "#q" + questionNo;
    return Optional.of(new Question(id, text, documentId, answers, starts));
  }

  /** Start of the occurrence of {@code needle} closest to {@code hint}, or -1 when absent. */
  static int nearestOccurrence(String haystack, String needle, int hint) {
    int best = -1;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      if (best < 0 || Math.abs(i - hint) < Math.abs(best - hint)) {
        best = i;
      }
      if (i > hint) {
        break; // later occurrences are only further away
      }
    }
    return best;
  }

  private static String documentId(
      JsonNode paragraph, String title, int articleNo, int paragraphNo, int paragraphCount) {
    if (paragraph.hasNonNull("document_id")) {
      String given = paragraph.get("document_id").asText().strip();
      if (!given.isEmpty()) {
        return given;
      }
    }
    String base = title.isEmpty() ? "" : slug(title);
    if (base.isEmpty()) {
      base = "doc-" + articleNo;
    }
    return paragraphCount > 1 ? base + "-p" + paragraphNo : base;
  }

  private static String unique(String id, Set<String> used) {
    String candidate = id;
    for (int n = 2; !used.add(candidate); n++) {
      candidate = id + "-" + n;
    }
    return candidate;
  }

  private static String title(String articleTitle, String context, String id) {
    if (!articleTitle.isEmpty()) {
      return articleTitle.replace('_', ' ');
    }
    String firstLine = context.strip().lines().findFirst().orElse("").strip();
    return !firstLine.isEmpty() && firstLine.length() <= MAX_DERIVED_TITLE ? firstLine : id;
  }

  /** Lowercase letters, digits and dashes: safe in chunk ids, file names and filters. */
  static String slug(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "" : v.asText();
  }
}
