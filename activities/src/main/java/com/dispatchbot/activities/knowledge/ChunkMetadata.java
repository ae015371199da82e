package com.dispatchbot.activities.knowledge;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The document's metadata, copied onto each of its chunks for filters and citations. Tags are
 * lowercase.
 *
 * @param checksum SHA-256 (hex) of the document's cleaned text and metadata: incremental reindexing
 *     re-embeds a document only when this changes
 * @param updatedAt when the document was last changed (millisecond precision)
 */
public record ChunkMetadata(
    String title, String source, List<String> tags, String checksum, Instant updatedAt) {

  public ChunkMetadata {
    tags =
        tags == null
            ? List.of()
            : tags.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).distinct().toList();
    source = source == null ? "" : source;
    title = title == null ? "" : title;
  }
}
