package com.dispatchbot.activities.knowledge.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped sample knowledge base of tenant "demo" and its golden question set agree. */
class GoldenQuestionsTest {

  private static final String KNOWLEDGE = "src/main/resources/sample-data/knowledge/demo";

  private static Path folder;
  private static List<GoldenQuestions.Question> golden;

  /** documentId (file name without extension) → the text ingestion would see. */
  private static Map<String, String> documents;

  @BeforeAll
  static void load() throws IOException {
    folder = knowledgeFolder();
    golden = GoldenQuestions.load(folder.resolve("golden.json"));
    documents = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.equals("golden.json")) {
          continue;
        }
        String id = name.substring(0, name.lastIndexOf('.'));
        String previous = documents.put(id, text(file));
        assertThat(previous).as("two documents named %s", id).isNull();
      }
    }
  }

  /**
   * Tests run from the activities module (Maven) or the repository root (IDE): walk up from the
   * working directory until the sample data is found.
   */
  private static Path knowledgeFolder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(KNOWLEDGE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(KNOWLEDGE + " not found above " + Path.of("").toAbsolutePath());
  }

  /** Markdown and text without their front matter; HTML as its visible text. */
  private static String text(Path file) throws IOException {
    String raw = Files.readString(file);
    if (file.toString().endsWith(".html")) {
      return Jsoup.parse(raw).body().text();
    }
    int end = raw.indexOf("\n---\n", 4);
    return raw.startsWith("---\n") && end > 0 ? raw.substring(end + 5) : raw;
  }

  @Test
  void givenTheShippedGoldenSet_whenLoaded_itHasThirtyToFortyQuestions() {
    assertThat(golden).hasSizeBetween(30, 40);
    assertThat(golden).extracting(GoldenQuestions.Question::question).doesNotHaveDuplicates();
  }

  @Test
  void givenTheDemoKnowledgeFolder_whenComparedWithTheGoldenSet_everyDocumentIsCovered() {
    assertThat(documents).hasSizeBetween(8, 12);
    assertThat(GoldenQuestions.documentIds(golden)).isEqualTo(documents.keySet());
  }

  @Test
  void givenEveryGoldenQuestion_whenItsDocumentIsRead_theAnswerIsThereVerbatim() {
    List<String> missing = new ArrayList<>();
    for (GoldenQuestions.Question q : golden) {
      String text = documents.get(q.documentId());
      if (text == null || !text.contains(q.answer())) {
        missing.add(q.documentId() + ": " + q.answer());
      }
    }
    assertThat(missing).as("answers not found in their document").isEmpty();
  }

  @Test
  void givenEveryDocument_whenRead_itCarriesTheMetadataIngestionExpects() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> !f.endsWith("golden.json")).toList()) {
        String name = file.getFileName().toString();
        assertThat(name).matches("[a-z0-9]+(-[a-z0-9]+)*\\.(md|txt|html)");
        String raw = Files.readString(file);
        if (name.endsWith(".html")) {
          Document html = Jsoup.parse(raw);
          assertThat(html.title()).as(name).isNotBlank();
          assertThat(html.select("meta[name=keywords]").attr("content")).as(name).isNotBlank();
        } else {
          assertThat(raw)
              .as(name)
              .matches("(?s)---\ntitle: [^\n]+\ntags: \\[[a-z0-9, -]+\\]\n---\n.*");
        }
      }
    }
  }

  @Test
  void givenAQuestionWithoutAnAnswer_whenLoaded_itShouldBeRefused() {
    String json = "[{\"question\": \"do u do sewers\", \"documentId\": \"faq\"}]";

    assertThatThrownBy(() -> GoldenQuestions.load(utf8(json)))
        .hasMessageContaining("needs question, documentId and answer");
  }

  @Test
  void givenAMisspelledField_whenLoaded_itShouldBeRefused() {
    // A misspelt required field leaves it empty; a misspelt extra one is unknown.
    String missing = "[{\"question\": \"q\", \"documentID\": \"faq\", \"answer\": \"a\"}]";
    String unknown =
        "[{\"question\": \"q\", \"documentId\": \"faq\", \"answer\": \"a\", \"anwser\": \"b\"}]";

    assertThatThrownBy(() -> GoldenQuestions.load(utf8(missing)))
        .hasMessageContaining("needs question, documentId and answer");
    assertThatThrownBy(() -> GoldenQuestions.load(utf8(unknown))).hasMessageContaining("anwser");
  }

  private static ByteArrayInputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
