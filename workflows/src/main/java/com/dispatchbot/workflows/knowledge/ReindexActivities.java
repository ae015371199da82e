package com.dispatchbot.workflows.knowledge;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The steps of {@link ReindexWorkflow}. Each is idempotent: creating an index that exists is a
 * no-op, syncing compares checksums (a retried or resumed sync skips what is already done), moving
 * the alias to where it points already changes nothing.
 */
@ActivityInterface
public interface ReindexActivities {

  /** The store as it is now: its alias, live index, the tenants with knowledge. */
  record StoreState(String alias, String liveIndex, int dimensions, List<String> tenants) {}

  /** Syncs one tenant (or every tenant when null) into an index, heartbeating its progress. */
  record SyncRequest(String index, String tenantId) {}

  record SyncReport(int tenants, int documents, int embedded, int removed, int chunks) {}

  /** Checks a new index against Postgres and against the live index. */
  record VerifyRequest(String newIndex, String liveIndex, int k) {}

  /** Per tenant: documents missing from the new index, recall@k of the new and the live index. */
  record TenantCheck(
      String tenantId,
      int documents,
      List<String> missing,
      double newRecall,
      double liveRecall,
      int golden) {}

  record Verification(boolean passed, String reason, List<TenantCheck> tenants) {}

  @ActivityMethod
  StoreState describeStore();

  /** Creates an empty physical index with the current embedding model's dimensions. */
  @ActivityMethod
  void createIndex(String index);

  /** Makes the index hold exactly what Postgres holds; heartbeats; resumes where it stopped. */
  @ActivityMethod
  SyncReport sync(SyncRequest request);

  @ActivityMethod
  Verification verify(VerifyRequest request);

  /** Points the alias at the index (atomic). */
  @ActivityMethod
  void pointAliasAt(String index);

  /** Drops physical indices other than the live one and {@code keep}. */
  @ActivityMethod
  List<String> dropIndicesExcept(String keep);

  /** Drops one index (a rebuild that failed verification); never the live one. */
  @ActivityMethod
  void dropIndex(String index);
}
