package com.dispatchbot.activities.knowledge;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Metadata conditions a search must meet, all of them (AND), each an exact match. {@code tag}
 * matches when the chunk's tags contain the value.
 */
public record ChunkFilter(Map<Field, String> equals) {

  public static final ChunkFilter NONE = new ChunkFilter(Map.of());

  /** The fields a filter can name; anything else is a caller's mistake. */
  public enum Field {
    DOCUMENT_ID("documentId"),
    TITLE("title"),
    SOURCE("source"),
    TAG("tag");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    static Field of(String key) {
      for (Field f : values()) {
        if (f.key.equalsIgnoreCase(key.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown filter field '"
              + key.trim()
              + "'; filters can name "
              + Arrays.stream(values()).map(Field::key).collect(Collectors.joining(", ")));
    }
  }

  public ChunkFilter {
    equals = equals.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(equals));
  }

  public boolean isEmpty() {
    return equals.isEmpty();
  }

  /**
   * Parses {@code field:value[,field:value...]}, e.g. {@code tag:pricing,source:sample-kb}.
   *
   * @throws IllegalArgumentException naming the problem (unknown field, missing value)
   */
  public static ChunkFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    Map<Field, String> conditions = new EnumMap<>(Field.class);
    for (String part : text.split(",")) {
      int colon = part.indexOf(':');
      if (colon <= 0 || colon == part.length() - 1) {
        throw new IllegalArgumentException(
            "filter '" + part.trim() + "' is not field:value (e.g. tag:pricing)");
      }
      Field field = Field.of(part.substring(0, colon));
      String value = part.substring(colon + 1).trim();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("filter '" + part.trim() + "' has no value");
      }
      if (conditions.put(field, field == Field.TAG ? value.toLowerCase(Locale.ROOT) : value)
          != null) {
        throw new IllegalArgumentException("filter names '" + field.key() + "' twice");
      }
    }
    return new ChunkFilter(conditions);
  }

  /** True when the chunk meets every condition (the stores' filters must agree with this). */
  public boolean matches(KnowledgeChunk chunk) {
    for (Map.Entry<Field, String> e : equals.entrySet()) {
      String v = e.getValue();
      boolean ok =
          switch (e.getKey()) {
            case DOCUMENT_ID -> chunk.documentId().equals(v);
            case TITLE -> chunk.metadata().title().equals(v);
            case SOURCE -> chunk.metadata().source().equals(v);
            case TAG -> chunk.metadata().tags().contains(v);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
