package com.dispatchbot.activities.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneKnowledgeStoreTest extends KnowledgeStoreContract {

  @TempDir Path root;

  @Override
  protected KnowledgeStore newStore(String alias) {
    return LuceneKnowledgeStore.open(root, alias);
  }

  @Override
  protected KnowledgeStore reopen(KnowledgeStore store) {
    store.close();
    return LuceneKnowledgeStore.open(root, store.alias());
  }

  @Test
  void givenARebuildInProgress_searchesFromOtherThreadsAnswerFromTheOldIndexUntilTheAliasMoves()
      throws Exception {
    String old = store.liveIndex(DIMS);
    List<KnowledgeChunk> oldChunks = chunks("acme", "old", 3, "boiler service", "x");
    store.replaceDocument(store.alias(), "acme", "old", oldChunks);
    float[] probe = oldChunks.get(0).vector();

    // moving: set just before pointAliasAt (seeing "new" earlier is a leak of an unpublished
    // index); moved: set once it returned (a search started later must see "new").
    AtomicBoolean moving = new AtomicBoolean();
    AtomicBoolean moved = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger searchesDuringRebuild = new AtomicInteger();
    AtomicInteger searchesAfterMove = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(3);
    ExecutorService readers = Executors.newFixedThreadPool(3);
    for (int r = 0; r < 3; r++) {
      readers.submit(
          () -> {
            boolean sawNew = false;
            started.countDown();
            for (int i = 0; !stop.get(); i++) {
              boolean startedAfterMove = moved.get();
              try {
                List<StoredHit> hits =
                    i % 2 == 0
                        ? store.keywordSearch(
                            store.alias(), "acme", "boiler service", 5, ChunkFilter.NONE)
                        : store.vectorSearch(store.alias(), "acme", probe, 5, ChunkFilter.NONE);
                String first = hits.isEmpty() ? "nothing" : hits.get(0).chunk().documentId();
                boolean isNew = first.equals("new");
                if (!isNew && !first.equals("old")) {
                  problems.add("a search found " + first);
                }
                if (isNew && !moving.get()) {
                  problems.add("a search saw the new index before the move");
                }
                if (!isNew && (startedAfterMove || sawNew)) {
                  problems.add("a search after the move saw the old index");
                }
                sawNew |= isNew;
                (startedAfterMove ? searchesAfterMove : searchesDuringRebuild).incrementAndGet();
                Thread.sleep(1); // leave the writer some of the two cores CI may have
              } catch (RuntimeException e) {
                problems.add(e.toString());
              }
            }
            return null;
          });
    }
    started.await();

    // The rebuild: a fresh index filled in many commits while the readers keep searching.
    String fresh = store.alias() + "-rebuild";
    store.createIndex(fresh, DIMS);
    for (int batch = 0; batch < 6; batch++) {
      Map<String, List<KnowledgeChunk>> docs = new LinkedHashMap<>();
      for (int d = 0; d < 5; d++) {
        String doc = "filler-" + batch + "-" + d;
        docs.put(doc, chunks("acme", doc, 4, "unrelated words " + doc, "y"));
      }
      store.replaceDocuments(fresh, "acme", docs);
    }
    store.replaceDocument(fresh, "acme", "new", chunks("acme", "new", 3, "boiler service", "x"));
    // Same vector as the old chunk, so the vector search of the new index finds "new" first too.
    store.replaceDocument(
        fresh,
        "acme",
        "new",
        List.of(
            new KnowledgeChunk(
                "acme", "new", 0, "boiler service", probe, oldChunks.get(0).metadata())));
    assertThat(store.checksums(store.alias(), "acme")).containsOnlyKeys("old");
    assertThat(searchesDuringRebuild.get()).isPositive();

    moving.set(true);
    store.pointAliasAt(fresh);
    moved.set(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (searchesAfterMove.get() < 30 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    store.dropIndex(old); // waits for searches still running on it; readers follow the alias
    int afterDrop = searchesAfterMove.get();
    while (searchesAfterMove.get() < afterDrop + 30 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    stop.set(true);
    readers.shutdown();
    assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(problems).isEmpty();
    assertThat(searchesAfterMove.get()).isGreaterThanOrEqualTo(afterDrop + 30);
    assertThat(store.indices()).containsExactly(fresh);
    assertThat(store.checksums(store.alias(), "acme")).containsKey("new").doesNotContainKey("old");
  }

  @Test
  void givenUserTextWithQuerySyntax_whenKeywordSearched_itIsReadAsWordsAndNeverThrows() {
    store.liveIndex(DIMS);
    store.replaceDocument(
        store.alias(),
        "acme",
        "ac",
        List.of(
            chunk("acme", "ac", 0, "AC tune-up price: 89 dollars.", "AC", "kb", "pricing"),
            chunk("acme", "ac", 1, "We repair furnaces.", "Heating", "kb", "services")));

    for (String text :
        List.of(
            "AC?",
            "what's (the) price",
            "price AND OR NOT",
            "\"unclosed quote",
            "title:AC",
            "*",
            "a/b\\c [x TO y] {z} ~2 ^3 -price +price !",
            "&& || ::",
            "",
            "   ")) {
      assertThatCode(() -> store.keywordSearch(store.alias(), "acme", text, 5, ChunkFilter.NONE))
          .as(text)
          .doesNotThrowAnyException();
    }
    assertThat(
            store.keywordSearch(store.alias(), "acme", "what's (the) price", 5, ChunkFilter.NONE))
        .extracting(h -> h.chunk().index())
        .containsExactly(0);
    assertThat(store.keywordSearch(store.alias(), "acme", "AC?", 5, ChunkFilter.NONE))
        .extracting(h -> h.chunk().index())
        .containsExactly(0);
    assertThat(store.keywordSearch(store.alias(), "acme", "the of and", 5, ChunkFilter.NONE))
        .isEmpty();
  }

  @Test
  void givenAWriteWithAVectorOfTheWrongDimension_itIsRefusedAndTheIndexIsUnchanged() {
    store.liveIndex(DIMS);
    List<KnowledgeChunk> kept = chunks("acme", "kept", 2, "kept", "x");
    store.replaceDocument(store.alias(), "acme", "kept", kept);
    KnowledgeChunk wrong =
        new KnowledgeChunk(
            "acme",
            "wrong",
            0,
            "wrong size",
            new float[DIMS + 1],
            new ChunkMetadata("wrong", "kb", List.of(), "sum-wrong", Instant.EPOCH));
    Map<String, List<KnowledgeChunk>> batch = new LinkedHashMap<>();
    batch.put("kept", chunks("acme", "kept", 1, "kept v2", "x"));
    batch.put("wrong", List.of(wrong));

    assertThatThrownBy(() -> store.replaceDocuments(store.alias(), "acme", batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("17 dimensions")
        .hasMessageContaining("holds 16");
    assertThatThrownBy(
            () -> store.vectorSearch(store.alias(), "acme", new float[3], 5, ChunkFilter.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 dimensions");

    assertThat(store.checksums(store.alias(), "acme"))
        .containsExactly(Map.entry("kept", "sum-kept"));
    assertThat(store.countChunks(store.alias(), "acme")).isEqualTo(2);
    assertThat(store.vectorSearch(store.alias(), "acme", kept.get(1).vector(), 1, ChunkFilter.NONE))
        .extracting(h -> h.chunk().id())
        .containsExactly("acme/kept/1");
  }

  @Test
  void givenAReopenedStore_theAliasAndTheDimensionsOfEveryIndexSurvive() {
    String live = store.liveIndex(DIMS);
    String next = store.alias() + "-next";
    store.createIndex(next, 8);

    store = reopen(store);

    assertThat(store.liveIndex(99)).isEqualTo(live);
    assertThat(store.dimensions(store.alias())).isEqualTo(DIMS);
    assertThat(store.dimensions(next)).isEqualTo(8);
    assertThat(store.indices()).containsExactly(live, next);
    assertThatThrownBy(() -> store.createIndex(next, DIMS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists with 8 dimensions");
  }

  @Test
  void givenBadIndexNames_theyAreRefusedWithTheRule() {
    for (String bad : List.of("Kb-Upper", store.alias() + "-a_b", "../escape", "-x", "")) {
      assertThatThrownBy(() -> store.createIndex(bad, DIMS))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lowercase letters, digits and '-'");
    }
    assertThatThrownBy(() -> store.createIndex("someone-else", DIMS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '" + store.alias() + "-'");
    assertThatThrownBy(() -> store.pointAliasAt(store.alias() + "-missing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no index");
    assertThatThrownBy(() -> store.createIndex(store.alias() + "-big", 5000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimensions must be 1..1024");
  }

  @Test
  void givenAnOpenStore_aSecondStoreOnTheSameFolderAndAliasIsRefused() {
    store.liveIndex(DIMS);

    assertThatThrownBy(() -> LuceneKnowledgeStore.open(root, store.alias()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another store");
  }

  @Test
  void givenADroppedIndex_itsFolderIsGone() {
    store.liveIndex(DIMS);
    String spare = store.alias() + "-spare";
    store.createIndex(spare, DIMS);
    store.replaceDocument(spare, "acme", "a", chunks("acme", "a", 2, "spare", "x"));

    store.dropIndex(spare);

    assertThat(Files.exists(root.resolve(spare))).isFalse();
    assertThatThrownBy(() -> store.countChunks(spare, "acme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no index");
  }

  @Test
  void givenAnIndexWrittenByTheOlderLayout_itIsRefusedForSearchAndAFullRebuildReplacesIt()
      throws Exception {
    String alias = store.alias();
    store.close();
    // Layout 1: one shared "vector" field and no layout key in the commit data.
    String old = alias + "-20260101-000000";
    try (var dir = org.apache.lucene.store.FSDirectory.open(root.resolve(old));
        var writer =
            new org.apache.lucene.index.IndexWriter(
                dir, new org.apache.lucene.index.IndexWriterConfig())) {
      var doc = new org.apache.lucene.document.Document();
      doc.add(new org.apache.lucene.document.KnnFloatVectorField("vector", randomUnit()));
      writer.addDocument(doc);
      writer.setLiveCommitData(Map.of("dispatchbot.dimensions", Integer.toString(DIMS)).entrySet());
      writer.commit();
    }
    Files.writeString(root.resolve(alias + ".alias"), old);
    store = LuceneKnowledgeStore.open(root, alias);

    assertThat(store.searchable(alias)).isFalse();
    assertThatThrownBy(() -> store.vectorSearch(alias, "acme", randomUnit(), 3, ChunkFilter.NONE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run a full reindex");

    String fresh = alias + "-20261123-120000";
    store.createIndex(fresh, DIMS);
    store.replaceDocument(fresh, "acme", "hours", chunks("acme", "hours", 1, "hours", "x"));
    store.pointAliasAt(fresh);
    store.dropIndex(old);

    assertThat(store.searchable(alias)).isTrue();
    assertThat(store.checksums(alias, "acme")).containsOnlyKeys("hours");
  }
}
