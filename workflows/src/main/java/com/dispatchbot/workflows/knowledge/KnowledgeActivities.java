package com.dispatchbot.workflows.knowledge;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Finds what a tenant's knowledge base says about a caller's question. */
@ActivityInterface
public interface KnowledgeActivities {

  /** {@code topK} 0 means the configured KNOWLEDGE_TOP_K. */
  record RetrieveRequest(String tenantId, String question, int topK) {}

  /** One retrieved chunk; {@code ref} is its number in the prompt ([1], [2], ...). */
  record ContextChunk(
      int ref, String documentId, String chunkId, String title, String text, double score) {}

  /**
   * Chunks that passed the relevance threshold, best first (empty when none did), and an extractive
   * answer from the best one for when no model can be asked (null when nothing passed).
   */
  record RetrievedContext(List<ContextChunk> chunks, double bestScore, String extractiveAnswer) {
    public boolean relevant() {
      return !chunks.isEmpty();
    }

    public static RetrievedContext none() {
      return new RetrievedContext(List.of(), 0, null);
    }
  }

  /** Read-only and idempotent. */
  @ActivityMethod
  RetrievedContext retrieveContext(RetrieveRequest request);
}
