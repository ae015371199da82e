package com.dispatchbot.activities.knowledge;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's document as the system of record keeps it: clean text plus metadata. The vector
 * store's chunks are derived from these rows and can always be rebuilt from them.
 */
public record KnowledgeDocument(
    String tenantId,
    String id,
    String title,
    String source,
    List<String> tags,
    String contentType,
    String body,
    String checksum,
    Instant updatedAt) {

  public ChunkMetadata metadata() {
    return new ChunkMetadata(title, source, tags, checksum, updatedAt);
  }
}
