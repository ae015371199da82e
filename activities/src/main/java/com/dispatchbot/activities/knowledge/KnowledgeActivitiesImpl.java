package com.dispatchbot.activities.knowledge;

import com.dispatchbot.workflows.knowledge.KnowledgeActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code retrieveContext}: a hybrid search of the tenant's live index, above the threshold. */
@Component("knowledgeActivities")
public class KnowledgeActivitiesImpl implements KnowledgeActivities {
  /** Failure type when the tenant does not exist: retrying cannot make it appear. */
  public static final String UNKNOWN_TENANT = "UnknownTenant";

  /** Failure type when the live index must be rebuilt (another embedding model, older layout). */
  public static final String INDEX_MISMATCH = "KnowledgeIndexMismatch";

  private final KnowledgeBase knowledge;

  public KnowledgeActivitiesImpl(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public RetrievedContext retrieveContext(RetrieveRequest request) {
    int k = request.topK() > 0 ? request.topK() : knowledge.settings().defaultTopK();
    List<SearchHit> hits;
    try {
      hits = knowledge.search(request.tenantId(), request.question(), k, ChunkFilter.NONE);
    } catch (DocumentRejectedException e) {
      if (e.reason() == DocumentRejectedException.Reason.UNKNOWN_TENANT) {
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), UNKNOWN_TENANT);
      }
      if (e.reason() == DocumentRejectedException.Reason.INDEX_MISMATCH) {
        // Needs an operator's full reindex; retrying cannot fix it.
        throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INDEX_MISMATCH);
      }
      if (e.reason() == DocumentRejectedException.Reason.INVALID) {
        // An empty or huge question: nothing to look up.
        return RetrievedContext.none();
      }
      throw e;
    }
    if (hits.isEmpty()) {
      return RetrievedContext.none();
    }
    List<ContextChunk> chunks = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      SearchHit h = hits.get(i);
      chunks.add(
          new ContextChunk(
              i + 1, h.documentId(), h.chunkId(), h.metadata().title(), h.text(), h.score()));
    }
    SearchHit best = hits.get(0);
    return new RetrievedContext(
        chunks,
        best.score(),
        ExtractiveAnswer.from(request.question(), best.metadata().title(), best.text()));
  }
}
