package com.dispatchbot.activities.knowledge.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant's golden question set ({@code golden.json} next to its knowledge documents): caller
 * questions, the document that answers each, and a short piece of that answer as it is written in
 * the document, so a retrieved chunk can be judged by document or by text.
 *
 * <pre>[{"question": "how much to unclog a drain", "documentId": "price-list", "answer": "$149"}]
 * </pre>
 */
public final class GoldenQuestions {

  /**
   * @param documentId the answering document's file name without extension
   * @param answer text that appears verbatim in that document
   */
  public record Question(String question, String documentId, String answer) {
    public Question {
      if (isBlank(question) || isBlank(documentId) || isBlank(answer)) {
        throw new IllegalArgumentException(
            "a golden question needs question, documentId and answer: "
                + question
                + " / "
                + documentId
                + " / "
                + answer);
      }
    }

    /** The answer as a list, for {@link RetrievalMetrics#containsAnswer}. */
    public List<String> answers() {
      return List.of(answer);
    }
  }

  // Unknown fields fail: a misspelt field would otherwise be ignored without a word.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private GoldenQuestions() {}

  public static List<Question> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden questions " + file, e);
    }
  }

  /** Reads the whole stream; the caller closes it. */
  public static List<Question> load(InputStream in) {
    try {
      List<Question> questions = JSON.readValue(in, new TypeReference<List<Question>>() {});
      return questions == null ? List.of() : List.copyOf(questions);
    } catch (IOException e) {
      throw new UncheckedIOException("invalid golden questions: " + e.getMessage(), e);
    }
  }

  /** The documents the questions point at, sorted. */
  public static Set<String> documentIds(List<Question> questions) {
    Set<String> ids = new TreeSet<>();
    questions.forEach(q -> ids.add(q.documentId()));
    return ids;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
