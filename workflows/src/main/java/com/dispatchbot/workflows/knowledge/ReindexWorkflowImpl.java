package com.dispatchbot.workflows.knowledge;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.knowledge.ReindexActivities.StoreState;
import com.dispatchbot.workflows.knowledge.ReindexActivities.SyncReport;
import com.dispatchbot.workflows.knowledge.ReindexActivities.SyncRequest;
import com.dispatchbot.workflows.knowledge.ReindexActivities.Verification;
import com.dispatchbot.workflows.knowledge.ReindexActivities.VerifyRequest;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;

public class ReindexWorkflowImpl implements ReindexWorkflow {
  private static final Logger log = Workflow.getLogger(ReindexWorkflowImpl.class);
  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Golden questions are checked against the top five results. */
  static final int RECALL_K = 5;

  private final ReindexActivities quick =
      Workflow.newActivityStub(ReindexActivities.class, ActivityPresets.knowledgeAdmin());
  private final ReindexActivities heavy =
      Workflow.newActivityStub(ReindexActivities.class, ActivityPresets.knowledgeSync());

  private Progress progress = new Progress(null, "describe", null, null);

  @Override
  public ReindexReport reindex(ReindexRequest request) {
    Mode mode = request.mode() == null ? Mode.INCREMENTAL : request.mode();
    progress = new Progress(mode, "describe", null, null);
    StoreState state = quick.describeStore();
    if (mode == Mode.INCREMENTAL) {
      progress = new Progress(mode, "build", state.liveIndex(), "syncing changed documents");
      SyncReport sync = heavy.sync(new SyncRequest(state.alias(), null));
      progress = new Progress(mode, "done", state.liveIndex(), summary(sync));
      return new ReindexReport(
          mode, state.liveIndex(), state.liveIndex(), false, null, sync, List.of(), List.of());
    }

    // A name from workflow time: the same on replay, unique per rebuild.
    String fresh =
        state.alias() + "-" + SUFFIX.format(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    progress = new Progress(mode, "build", fresh, "creating the index");
    quick.createIndex(fresh);
    progress = new Progress(mode, "build", fresh, "embedding every document");
    SyncReport built = heavy.sync(new SyncRequest(fresh, null));
    // Documents changed while the build ran went to the live index and Postgres: catch up.
    progress = new Progress(mode, "catch-up", fresh, summary(built));
    SyncReport caughtUp = heavy.sync(new SyncRequest(fresh, null));

    progress = new Progress(mode, "verify", fresh, null);
    Verification verification = quick.verify(new VerifyRequest(fresh, state.liveIndex(), RECALL_K));
    SyncReport total = plus(built, caughtUp);
    if (!verification.passed()) {
      log.warn("full reindex into {} not swapped in: {}", fresh, verification.reason());
      quick.dropIndex(fresh);
      progress =
          new Progress(
              mode, "done", state.liveIndex(), "kept the live index: " + verification.reason());
      return new ReindexReport(
          mode,
          state.liveIndex(),
          fresh,
          false,
          verification.reason(),
          total,
          verification.tenants(),
          List.of(fresh));
    }

    progress = new Progress(mode, "swap", fresh, null);
    quick.pointAliasAt(fresh);
    // Anything ingested between the catch-up and the swap went to the old index: sync once more.
    SyncReport after = heavy.sync(new SyncRequest(state.alias(), null));
    // Keep the previous index for a manual rollback; older ones go.
    List<String> dropped = quick.dropIndicesExcept(state.liveIndex());
    progress = new Progress(mode, "done", fresh, summary(plus(total, after)));
    return new ReindexReport(
        mode, fresh, fresh, true, null, plus(total, after), verification.tenants(), dropped);
  }

  @Override
  public Progress progress() {
    return progress;
  }

  private static SyncReport plus(SyncReport a, SyncReport b) {
    return new SyncReport(
        Math.max(a.tenants(), b.tenants()),
        Math.max(a.documents(), b.documents()),
        a.embedded() + b.embedded(),
        a.removed() + b.removed(),
        a.chunks() + b.chunks());
  }

  private static String summary(SyncReport s) {
    return s.documents()
        + " documents of "
        + s.tenants()
        + " tenants; "
        + s.embedded()
        + " embedded, "
        + s.removed()
        + " removed";
  }
}
