package com.dispatchbot.activities.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.intent.SentenceEncoder;
import com.dispatchbot.activities.knowledge.DocumentRejectedException.Reason;
import com.dispatchbot.activities.knowledge.KnowledgeDocuments.GoldenQuestion;
import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.knowledge.ReindexActivities.SyncReport;
import com.dispatchbot.workflows.knowledge.ReindexActivities.SyncRequest;
import com.dispatchbot.workflows.knowledge.ReindexActivities.Verification;
import com.dispatchbot.workflows.knowledge.ReindexActivities.VerifyRequest;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The knowledge base against the real Postgres, the embedded Lucene store and the in-process MiniLM
 * model, with the sample tenant's documents. Each test has its own tenant.
 */
class KnowledgeBaseIT {
  static final Path SAMPLE_KB = sampleKb();

  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  @TempDir static Path storeDir;
  static FlakyStore store;
  static KnowledgeBase knowledge;

  @BeforeAll
  static void setUp() {
    db = PostgresTestDatabase.schema("it_knowledge");
    jdbc = db.jdbc();
    store = new FlakyStore(LuceneKnowledgeStore.open(storeDir, "kb"));
    knowledge = knowledgeBase(store);
  }

  @AfterAll
  static void tearDown() {
    store.close();
  }

  static KnowledgeBase knowledgeBase(KnowledgeStore on) {
    return new KnowledgeBase(
        on,
        SentenceEncoder.miniLm(),
        new KnowledgeDocuments(jdbc),
        new Chunker(800, 100),
        new KnowledgeBase.Settings(20_000, KnowledgeProperties.defaults().search(), 4, 50),
        tenant ->
            jdbc.sql("select count(*) from tenants where id = ?")
                    .param(tenant)
                    .query(Long.class)
                    .single()
                > 0,
        db.transactions(),
        Clock.systemUTC(),
        null);
  }

  @Test
  void givenTheSampleKnowledgeBase_whenCallersAsk_theAnsweringDocumentRanksFirst()
      throws IOException {
    String tenant = tenantWithSampleKb();

    // The price list and the FAQ both state it: what matters is that the best chunk does.
    assertThat(
            knowledge.search(tenant, "how much do u charge to unclog a drain", 1, ChunkFilter.NONE))
        .extracting(SearchHit::text)
        .singleElement()
        .asString()
        .contains("$149");
    assertThat(first(tenant, "i smell gas in my basement what do i do"))
        .isEqualTo("emergency-guidance");
    assertThat(first(tenant, "can I pay with my visa card")).isEqualTo("payment-and-financing");
    List<SearchHit> hits =
        knowledge.search(tenant, "what is the comfort club", 3, ChunkFilter.NONE);
    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).score()).isGreaterThanOrEqualTo(0.45);
    assertThat(hits.get(0).metadata().title()).isNotBlank();
  }

  @Test
  void givenAQuestionTheKnowledgeBaseCannotAnswer_nothingPassesTheThreshold() throws IOException {
    String tenant = tenantWithSampleKb();

    assertThat(
            knowledge.search(tenant, "who won the football game last night", 4, ChunkFilter.NONE))
        .isEmpty();
  }

  @Test
  void givenTheSameDocumentTwice_theSecondIngestionChangesNothing() {
    String tenant = newTenant();
    NewDocument doc =
        NewDocument.text(
            null, "Warranty", "All repairs carry a one-year warranty.", null, List.of("warranty"));

    KnowledgeBase.IngestResult first = knowledge.ingest(tenant, doc);
    int writes = store.writes.get();
    KnowledgeBase.IngestResult second = knowledge.ingest(tenant, doc);

    assertThat(first.documentId()).isEqualTo("warranty");
    assertThat(first.changed()).isTrue();
    assertThat(second.changed()).isFalse();
    assertThat(store.writes.get()).as("no re-embedding, no store write").isEqualTo(writes);
  }

  @Test
  void givenTheStoreFailsMidIngestion_theOldVersionStaysInPostgresAndInTheIndex() {
    String tenant = newTenant();
    knowledge.ingest(
        tenant, NewDocument.text("hours", "Hours", "We open at 7 am on weekdays.", null, null));

    store.failWrites.set(true);
    try {
      assertThatThrownBy(
              () ->
                  knowledge.ingest(
                      tenant,
                      NewDocument.text("hours", "Hours", "We open at 9 am now.", null, null)))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      store.failWrites.set(false);
    }

    assertThat(new KnowledgeDocuments(jdbc).find(tenant, "hours").orElseThrow().body())
        .isEqualTo("We open at 7 am on weekdays.");
    assertThat(knowledge.search(tenant, "when do you open", 1, ChunkFilter.NONE))
        .extracting(SearchHit::text)
        .containsExactly("We open at 7 am on weekdays.");
  }

  @Test
  void givenBadDocuments_eachIsRefusedWithItsReasonAndNothingIsWritten() {
    String tenant = newTenant();

    assertRejected(tenant, NewDocument.text(null, "Empty", "   ", null, null), Reason.INVALID);
    assertRejected(
        tenant, NewDocument.text(null, "Huge", "x".repeat(20_001), null, null), Reason.TOO_LARGE);
    assertRejected(
        tenant,
        NewDocument.file("logo.png", "image/png", new byte[] {1, 2, 3}),
        Reason.UNSUPPORTED_TYPE);
    assertRejected(
        tenant, NewDocument.text("../etc", "Bad id", "text", null, null), Reason.INVALID);
    assertRejected(
        "no-such-tenant", NewDocument.text(null, "T", "text", null, null), Reason.UNKNOWN_TENANT);
    assertRejected(
        tenant,
        NewDocument.file("x.md", "text/markdown", new byte[] {(byte) 0xff, (byte) 0xfe, 0}),
        Reason.INVALID);

    assertThat(new KnowledgeDocuments(jdbc).count(tenant)).isZero();
    assertThat(store.countChunks(store.alias(), tenant)).isZero();
  }

  @Test
  void givenTwoTenants_neitherFindsTheOthersDocuments() {
    String a = newTenant();
    String b = newTenant();
    knowledge.ingest(
        a,
        NewDocument.text(
            null, "Secret price", "Our secret sewer camera price is $75.", null, null));

    assertThat(knowledge.search(a, "sewer camera price", 5, ChunkFilter.NONE)).isNotEmpty();
    assertThat(knowledge.search(b, "sewer camera price", 5, ChunkFilter.NONE)).isEmpty();
  }

  @Test
  void givenADocumentChangedInPostgres_anIncrementalSyncReembedsOnlyThatOne() throws IOException {
    String tenant = tenantWithSampleKb();
    jdbc.sql(
            "update knowledge_documents set body = body || ' Gift cards are sold at the front desk.',"
                + " checksum = 'changed' where tenant_id = ? and id = 'faq'")
        .param(tenant)
        .update();
    jdbc.sql("delete from knowledge_documents where tenant_id = ? and id = 'warranty'")
        .param(tenant)
        .update();

    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ReindexActivitiesImpl(knowledge));
    var activities =
        env.newActivityStub(com.dispatchbot.workflows.knowledge.ReindexActivities.class);
    SyncReport report = activities.sync(new SyncRequest(store.alias(), tenant));
    env.close();

    assertThat(report.embedded()).isEqualTo(1);
    assertThat(report.removed()).isEqualTo(1);
    assertThat(first(tenant, "can I buy a gift card")).isEqualTo("faq");
    assertThat(store.checksums(store.alias(), tenant)).doesNotContainKey("warranty");
  }

  @Test
  void givenACrashMidRebuild_theRetriedSyncResumesInsteadOfStartingOver() throws IOException {
    String tenant = tenantWithSampleKb();
    String fresh = "kb-resume-" + tenant;
    store.createIndex(fresh, 384);
    List<Object> heartbeats = new CopyOnWriteArrayList<>();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    env.setActivityHeartbeatListener(Object.class, heartbeats::add);
    env.registerActivitiesImplementations(new ReindexActivitiesImpl(knowledge));
    var activities =
        env.newActivityStub(com.dispatchbot.workflows.knowledge.ReindexActivities.class);

    store.failAfterWrites.set(1); // the worker "dies" after the first batch
    assertThatThrownBy(() -> activities.sync(new SyncRequest(fresh, tenant)));
    store.failAfterWrites.set(-1);
    int afterCrash = store.checksums(fresh, tenant).size();
    SyncReport retry = activities.sync(new SyncRequest(fresh, tenant));
    env.close();

    assertThat(afterCrash).isEqualTo(KnowledgeBase.BATCH_DOCUMENTS);
    assertThat(retry.embedded()).isEqualTo(retry.documents() - KnowledgeBase.BATCH_DOCUMENTS);
    assertThat(store.checksums(fresh, tenant)).hasSize(retry.documents());
    assertThat(heartbeats).isNotEmpty();
  }

  @Test
  void givenAFullRebuild_searchesKeepAnsweringAndTheGateComparesRecall() throws Exception {
    String tenant = tenantWithSampleKb();
    String fresh = "kb-rebuild-" + tenant;
    ReindexActivitiesImpl steps = new ReindexActivitiesImpl(knowledge);
    AtomicBoolean building = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread searcher =
        new Thread(
            () -> {
              while (building.get()) {
                try {
                  if (!knowledge
                      .search(tenant, "how much is drain cleaning", 1, ChunkFilter.NONE)
                      .isEmpty()) {
                    answered.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failures.add(t);
                }
              }
            });
    searcher.start();
    store.createIndex(fresh, 384);
    knowledge.sync(fresh, tenant, (d, t) -> {});
    Verification complete = steps.verify(new VerifyRequest(fresh, store.liveIndex(384), 5));
    // A half-built index must not pass the gate.
    String partial = "kb-partial-" + tenant;
    store.createIndex(partial, 384);
    Verification incomplete = steps.verify(new VerifyRequest(partial, store.liveIndex(384), 5));
    building.set(false);
    searcher.join();

    assertThat(failures).isEmpty();
    assertThat(answered.get()).isPositive();
    var check =
        complete.tenants().stream()
            .filter(c -> c.tenantId().equals(tenant))
            .findFirst()
            .orElseThrow();
    assertThat(check.missing()).isEmpty();
    assertThat(check.golden()).isEqualTo(3);
    assertThat(check.newRecall()).isGreaterThanOrEqualTo(check.liveRecall());
    assertThat(incomplete.passed()).isFalse();
    assertThat(incomplete.reason()).contains(tenant + ": 11 documents missing");
    store.dropIndex(fresh);
    store.dropIndex(partial);
  }

  // --- fixtures -----------------------------------------------------------------------------

  private static String first(String tenant, String question) {
    List<SearchHit> hits = knowledge.search(tenant, question, 1, ChunkFilter.NONE);
    assertThat(hits).as("a hit for '%s'", question).isNotEmpty();
    return hits.get(0).documentId();
  }

  private static void assertRejected(String tenant, NewDocument doc, Reason reason) {
    assertThatThrownBy(() -> knowledge.ingest(tenant, doc))
        .isInstanceOfSatisfying(
            DocumentRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  static String newTenant() {
    String tenant = "kb-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, 'Acme', 'America/Denver', '{}')")
        .param(tenant)
        .update();
    return tenant;
  }

  /** A tenant with the 11 sample documents and three golden questions. */
  static String tenantWithSampleKb() throws IOException {
    String tenant = newTenant();
    try (Stream<Path> files = Files.list(SAMPLE_KB)) {
      for (Path file : files.sorted().toList()) {
        if (!file.getFileName().toString().equals("golden.json")) {
          knowledge.ingest(
              tenant,
              NewDocument.file(file.getFileName().toString(), null, Files.readAllBytes(file)));
        }
      }
    }
    new KnowledgeDocuments(jdbc)
        .saveGoldenQuestions(
            tenant,
            List.of(
                new GoldenQuestion("how much do u charge to unclog a drain", "price-list", "$149"),
                new GoldenQuestion("do you guys come out to Littleton?", "service-area", null),
                new GoldenQuestion("what should I do if I smell gas", "emergency-guidance", null)));
    return tenant;
  }

  private static Path sampleKb() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path kb = p.resolve("src/main/resources/sample-data/knowledge/demo");
      if (Files.isDirectory(kb)) {
        return kb;
      }
    }
    throw new IllegalStateException("sample knowledge base not found above " + here);
  }

  /** The real store, able to fail writes on demand (a full disk, a crashed worker). */
  static final class FlakyStore implements KnowledgeStore {
    final KnowledgeStore delegate;
    final AtomicBoolean failWrites = new AtomicBoolean();
    final AtomicInteger failAfterWrites = new AtomicInteger(-1);
    final AtomicInteger writes = new AtomicInteger();

    FlakyStore(KnowledgeStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void replaceDocuments(
        String index, String tenantId, Map<String, List<KnowledgeChunk>> chunks) {
      if (failWrites.get()) {
        throw new IllegalStateException("disk full");
      }
      if (failAfterWrites.get() == 0) {
        throw new IllegalStateException("worker crashed");
      }
      delegate.replaceDocuments(index, tenantId, chunks);
      writes.incrementAndGet();
      if (failAfterWrites.get() > 0) {
        failAfterWrites.decrementAndGet();
      }
    }

    @Override
    public String kind() {
      return delegate.kind();
    }

    @Override
    public String alias() {
      return delegate.alias();
    }

    @Override
    public String liveIndex(int d) {
      return delegate.liveIndex(d);
    }

    @Override
    public void createIndex(String i, int d) {
      delegate.createIndex(i, d);
    }

    @Override
    public void pointAliasAt(String i) {
      delegate.pointAliasAt(i);
    }

    @Override
    public void dropIndex(String i) {
      delegate.dropIndex(i);
    }

    @Override
    public List<String> indices() {
      return delegate.indices();
    }

    @Override
    public int dimensions(String i) {
      return delegate.dimensions(i);
    }

    @Override
    public void deleteDocument(String i, String t, String d) {
      delegate.deleteDocument(i, t, d);
    }

    @Override
    public Map<String, String> checksums(String i, String t) {
      return delegate.checksums(i, t);
    }

    @Override
    public long countChunks(String i, String t) {
      return delegate.countChunks(i, t);
    }

    @Override
    public List<StoredHit> vectorSearch(String i, String t, float[] q, int k, ChunkFilter f) {
      return delegate.vectorSearch(i, t, q, k, f);
    }

    @Override
    public List<StoredHit> keywordSearch(String i, String t, String q, int k, ChunkFilter f) {
      return delegate.keywordSearch(i, t, q, k, f);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
