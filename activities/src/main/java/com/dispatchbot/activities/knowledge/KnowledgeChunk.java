package com.dispatchbot.activities.knowledge;

import java.util.Objects;

/**
 * One piece of a tenant's document as stored: its text, its embedding (unit length) and the
 * document's metadata. {@link #id()} is {@code tenantId/documentId/index}, so a re-ingested
 * document overwrites its own chunks and nobody else's.
 */
public record KnowledgeChunk(
    String tenantId,
    String documentId,
    int index,
    String text,
    float[] vector,
    ChunkMetadata metadata) {

  public KnowledgeChunk {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(vector, "vector");
    Objects.requireNonNull(metadata, "metadata");
  }

  public String id() {
    return id(tenantId, documentId, index);
  }

  public static String id(String tenantId, String documentId, int index) {
    return tenantId + "/" + documentId + "/" + index;
  }
}
