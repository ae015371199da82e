package com.dispatchbot.workflows.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.TaskQueues;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.Mode;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.ReindexReport;
import com.dispatchbot.workflows.knowledge.ReindexWorkflow.ReindexRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReindexWorkflowTest {
  private TestWorkflowEnvironment env;
  private FakeStore store;

  /** A store with one live index; records what the workflow asked of it. */
  static final class FakeStore implements ReindexActivities {
    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String live = "kb-20261101-000000";
    volatile boolean verificationPasses = true;
    final List<String> indices = new CopyOnWriteArrayList<>(List.of("kb-20261001-000000", live));

    @Override
    public StoreState describeStore() {
      calls.add("describe");
      return new StoreState("kb", live, 384, List.of("demo"));
    }

    @Override
    public void createIndex(String index) {
      calls.add("create " + index);
      indices.add(index);
    }

    @Override
    public SyncReport sync(SyncRequest request) {
      calls.add("sync " + request.index());
      return new SyncReport(1, 10, request.index().equals("kb") ? 0 : 10, 0, 42);
    }

    @Override
    public Verification verify(VerifyRequest request) {
      calls.add("verify " + request.newIndex() + " vs " + request.liveIndex());
      TenantCheck check =
          new TenantCheck("demo", 10, List.of(), verificationPasses ? 0.9 : 0.6, 0.8, 30);
      return verificationPasses
          ? new Verification(true, null, List.of(check))
          : new Verification(
              false, "demo: recall@5 0.60 is below the live index's 0.80", List.of(check));
    }

    @Override
    public void pointAliasAt(String index) {
      calls.add("alias " + index);
      live = index;
    }

    @Override
    public List<String> dropIndicesExcept(String keep) {
      List<String> dropped = new ArrayList<>();
      for (String i : indices) {
        if (!i.equals(keep) && !i.equals(live)) {
          dropped.add(i);
        }
      }
      indices.removeAll(dropped);
      calls.add("drop " + dropped);
      return dropped;
    }

    @Override
    public void dropIndex(String index) {
      calls.add("drop " + index);
      indices.remove(index);
    }
  }

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    store = new FakeStore();
    env.newWorker(TaskQueues.MAINTENANCE)
        .registerWorkflowImplementationTypes(ReindexWorkflowImpl.class);
    env.newWorker(TaskQueues.KNOWLEDGE).registerActivitiesImplementations(store);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private ReindexReport run(Mode mode) {
    ReindexWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                ReindexWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(ReindexWorkflow.WORKFLOW_ID)
                    .setTaskQueue(TaskQueues.MAINTENANCE)
                    .build());
    return workflow.reindex(new ReindexRequest(mode, "test"));
  }

  @Test
  void givenAFullRebuildThatVerifies_theAliasMovesAndOnlyThePreviousIndexIsKept() {
    ReindexReport report = run(Mode.FULL);

    String fresh = report.builtIndex();
    assertThat(fresh).startsWith("kb-").isNotEqualTo("kb-20261101-000000");
    assertThat(report.swapped()).isTrue();
    assertThat(report.liveIndex()).isEqualTo(fresh);
    assertThat(store.calls)
        .containsExactly(
            "describe",
            "create " + fresh,
            "sync " + fresh,
            "sync " + fresh,
            "verify " + fresh + " vs kb-20261101-000000",
            "alias " + fresh,
            "sync kb",
            "drop [kb-20261001-000000]");
    assertThat(store.indices).containsExactly("kb-20261101-000000", fresh);
  }

  @Test
  void givenAFullRebuildWithWorseRecall_theLiveIndexStaysAndTheReportSaysWhy() {
    store.verificationPasses = false;

    ReindexReport report = run(Mode.FULL);

    assertThat(report.swapped()).isFalse();
    assertThat(report.reason()).contains("recall@5 0.60 is below the live index's 0.80");
    assertThat(report.liveIndex()).isEqualTo("kb-20261101-000000");
    assertThat(store.live).isEqualTo("kb-20261101-000000");
    assertThat(store.calls).noneMatch(c -> c.startsWith("alias"));
    assertThat(store.calls).last().isEqualTo("drop " + report.builtIndex());
  }

  @Test
  void givenAnIncrementalReindex_onlyTheLiveIndexIsSynced() {
    ReindexReport report = run(Mode.INCREMENTAL);

    assertThat(report.swapped()).isFalse();
    assertThat(store.calls).containsExactly("describe", "sync kb");
  }
}
