package com.dispatchbot.workflows.cache;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The semantic response cache (ENABLE_RESPONSE_CACHE): a model's answer to a stand-alone question
 * (a price, a knowledge question) is reused when the same tenant is asked something close enough
 * (CACHE_SIMILAR_THRESHOLD, cosine of sentence embeddings) before CACHE_TTL passes. Never across
 * tenants. With USE_CACHED_ONLY no model is asked: a miss is answered by the rules.
 */
@ActivityInterface
public interface ResponseCacheActivities {

  /**
   * @param question the caller's words as a model would see them (contact details redacted)
   */
  record CacheLookup(String tenantId, String question, String intent) {}

  /**
   * @param similarity of the cached question to the asked one (0 on a miss)
   */
  record CachedAnswer(
      boolean hit, String answer, String provider, String model, double similarity) {
    public static CachedAnswer miss() {
      return new CachedAnswer(false, null, null, null, 0);
    }
  }

  record CacheEntry(
      String tenantId,
      String question,
      String intent,
      String answer,
      String provider,
      String model) {}

  @ActivityMethod
  CachedAnswer lookup(CacheLookup lookup);

  /** Stores (or refreshes) an answer; the same question again replaces it. Idempotent. */
  @ActivityMethod
  void store(CacheEntry entry);
}
