package com.dispatchbot.health;

import com.dispatchbot.activities.knowledge.KnowledgeBase;
import com.dispatchbot.activities.knowledge.KnowledgeStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * /health component {@code knowledge}: the vector store answers (embedded Lucene or OpenSearch) and
 * which index is live. Down when it cannot list its indices; retrieval then falls back to the rules
 * and a person, but an operator should know.
 */
@Component("knowledge")
class KnowledgeHealthIndicator implements HealthIndicator {
  private final KnowledgeBase knowledge;

  KnowledgeHealthIndicator(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public Health health() {
    KnowledgeStore store = knowledge.store();
    try {
      return Health.up()
          .withDetail("store", store.kind())
          .withDetail("alias", store.alias())
          .withDetail("indices", store.indices().size())
          .build();
    } catch (RuntimeException e) {
      return Health.down()
          .withDetail("store", store.kind())
          .withDetail("error", e.getClass().getSimpleName())
          .build();
    }
  }
}
