package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.knowledge.KnowledgeDocuments.GoldenQuestion;
import com.dispatchbot.workflows.knowledge.ReindexActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The steps of ReindexWorkflow over {@link KnowledgeBase}; see {@link ReindexActivities}. */
@Component("reindexActivities")
public class ReindexActivitiesImpl implements ReindexActivities {
  private static final Logger log = LoggerFactory.getLogger(ReindexActivitiesImpl.class);

  /** What a sync heartbeats: where it is, for the progress query and the Temporal UI. */
  public record SyncProgress(
      String tenantId, int tenantsDone, int tenants, int documentsDone, int documents) {}

  private final KnowledgeBase knowledge;

  public ReindexActivitiesImpl(KnowledgeBase knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public StoreState describeStore() {
    KnowledgeStore store = knowledge.store();
    String live = store.liveIndex(knowledge.encoder().dimensions());
    return new StoreState(
        store.alias(), live, store.dimensions(live), knowledge.documents().tenants());
  }

  @Override
  public void createIndex(String index) {
    knowledge.store().createIndex(index, knowledge.encoder().dimensions());
  }

  @Override
  public SyncReport sync(SyncRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    List<String> tenants =
        request.tenantId() != null ? List.of(request.tenantId()) : knowledge.documents().tenants();
    int documents = 0;
    int embedded = 0;
    int removed = 0;
    int chunks = 0;
    for (int t = 0; t < tenants.size(); t++) {
      String tenant = tenants.get(t);
      int tenantsDone = t;
      // Each heartbeat also tells Temporal the worker is alive; a retry after a crash finds the
      // finished documents' checksums in the index and skips them.
      KnowledgeBase.SyncResult result =
          knowledge.sync(
              request.index(),
              tenant,
              (done, total) ->
                  context.heartbeat(
                      new SyncProgress(tenant, tenantsDone, tenants.size(), done, total)));
      documents += result.documents();
      embedded += result.embedded();
      removed += result.removed();
      chunks += result.chunks();
    }
    log.info(
        "synced {} tenants into {}: {} documents, {} embedded, {} removed",
        tenants.size(),
        request.index(),
        documents,
        embedded,
        removed);
    return new SyncReport(tenants.size(), documents, embedded, removed, chunks);
  }

  @Override
  public Verification verify(VerifyRequest request) {
    KnowledgeStore store = knowledge.store();
    boolean comparable =
        store.searchable(request.liveIndex())
            && store.dimensions(request.liveIndex()) == knowledge.encoder().dimensions();
    List<TenantCheck> checks = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String tenant : knowledge.documents().tenants()) {
      List<String> missing = knowledge.missingOrStale(request.newIndex(), tenant);
      List<GoldenQuestion> golden = knowledge.documents().goldenQuestions(tenant);
      double fresh = knowledge.recallAtK(request.newIndex(), tenant, golden, request.k());
      // An index built by another embedding model (or an older store layout) cannot be searched
      // with today's code: its recall is unknown, and the new index only has to hold every
      // document.
      double live =
          comparable
              ? knowledge.recallAtK(request.liveIndex(), tenant, golden, request.k())
              : Double.NaN;
      checks.add(
          new TenantCheck(
              tenant,
              (int) knowledge.documents().count(tenant),
              missing,
              fresh,
              live,
              golden.size()));
      if (!missing.isEmpty()) {
        problems.add(
            tenant + ": " + missing.size() + " documents missing or stale " + preview(missing));
      }
      if (!Double.isNaN(fresh) && !Double.isNaN(live) && fresh < live) {
        problems.add(
            String.format(
                Locale.ROOT,
                "%s: recall@%d %.2f is below the live index's %.2f on %d golden questions",
                tenant,
                request.k(),
                fresh,
                live,
                golden.size()));
      }
    }
    return new Verification(
        problems.isEmpty(), problems.isEmpty() ? null : String.join("; ", problems), checks);
  }

  @Override
  public void pointAliasAt(String index) {
    knowledge.store().pointAliasAt(index);
  }

  @Override
  public List<String> dropIndicesExcept(String keep) {
    KnowledgeStore store = knowledge.store();
    String live = store.liveIndex(knowledge.encoder().dimensions());
    List<String> dropped = new ArrayList<>();
    for (String index : store.indices()) {
      if (!index.equals(live) && !index.equals(keep)) {
        store.dropIndex(index);
        dropped.add(index);
      }
    }
    return dropped;
  }

  @Override
  public void dropIndex(String index) {
    KnowledgeStore store = knowledge.store();
    if (!index.equals(store.liveIndex(knowledge.encoder().dimensions()))) {
      store.dropIndex(index);
    }
  }

  private static String preview(List<String> ids) {
    return ids.size() <= 5
        ? ids.toString()
        : ids.subList(0, 5) + " and " + (ids.size() - 5) + " more";
  }
}
