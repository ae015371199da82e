package com.dispatchbot.workflows.archival;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.Map;

/**
 * One batch at a time, each in one transaction. Idempotent: a retried batch finds its conversations
 * archived (or gone) already and picks the next ones.
 */
@ActivityInterface
public interface ArchivalActivities {

  /**
   * @param conversations how many this batch handled (fewer than the limit: nothing left)
   * @param messages message rows moved into archives (archive) or 0 (delete)
   */
  record Batch(int conversations, int messages, Map<String, Integer> byTenant) {}

  /** Archives up to {@code limit} closed conversations that ended before the cutoff. */
  @ActivityMethod
  Batch archiveBatch(long endedBeforeMillis, int limit);

  /** Deletes up to {@code limit} archived conversations that ended before the cutoff. */
  @ActivityMethod
  Batch deleteBatch(long endedBeforeMillis, int limit);
}
