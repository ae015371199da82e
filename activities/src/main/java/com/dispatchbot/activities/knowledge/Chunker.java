package com.dispatchbot.activities.knowledge;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import java.util.List;

/**
 * Splits a document's clean text into chunks with langchain4j's recursive splitter (paragraphs,
 * then lines, sentences, words), in characters with an overlap so a fact cut at a boundary is whole
 * in one of the two chunks. The sizes come from the retrieval evaluation (README: knowledge).
 */
public final class Chunker {
  private final DocumentSplitter splitter;
  private final int maxChars;
  private final int overlapChars;

  public Chunker(int maxChars, int overlapChars) {
    if (maxChars < 100 || overlapChars < 0 || overlapChars >= maxChars / 2) {
      throw new IllegalArgumentException(
          "chunk size must be at least 100 characters and the overlap under half of it");
    }
    this.maxChars = maxChars;
    this.overlapChars = overlapChars;
    this.splitter = DocumentSplitters.recursive(maxChars, overlapChars);
  }

  public List<String> split(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    return splitter.split(Document.from(text)).stream()
        .map(TextSegment::text)
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .toList();
  }

  public int maxChars() {
    return maxChars;
  }

  public int overlapChars() {
    return overlapChars;
  }

  @Override
  public String toString() {
    return "recursive(" + maxChars + " chars, " + overlapChars + " overlap)";
  }
}
