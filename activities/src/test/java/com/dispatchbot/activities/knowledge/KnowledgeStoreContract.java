package com.dispatchbot.activities.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link KnowledgeStore} must do; each store's test extends this. Vectors here are
 * random unit vectors of a small dimension, so a chunk's own vector is its nearest neighbour.
 */
public abstract class KnowledgeStoreContract {

  protected static final int DIMS = 16;
  private static final Instant UPDATED = Instant.parse("2026-11-01T10:00:00Z");

  protected KnowledgeStore store;
  private final Random random = new Random(7);

  /** A store with nothing in it, its alias named {@code alias}. */
  protected abstract KnowledgeStore newStore(String alias);

  /** Closes {@code store} and opens it again on the same data (persistence). */
  protected abstract KnowledgeStore reopen(KnowledgeStore store);

  /** Makes writes visible to searches, when the engine needs to be told (OpenSearch refresh). */
  protected void refresh() {}

  @BeforeEach
  void openStore() {
    store = newStore("kb-" + Long.toHexString(random.nextLong() & 0xffffffL));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void givenNoIndex_whenLiveIndexIsAsked_itCreatesOneAndPointsTheAliasAtIt() {
    String live = store.liveIndex(DIMS);

    assertThat(live).startsWith(store.alias()).isNotEqualTo(store.alias());
    assertThat(store.indices()).containsExactly(live);
    assertThat(store.liveIndex(DIMS)).isEqualTo(live);
    assertThat(store.dimensions(store.alias())).isEqualTo(DIMS);
  }

  @Test
  void givenAChunk_whenSearchedWithItsOwnVector_itIsFirstWithCosineOne() {
    store.liveIndex(DIMS);
    List<KnowledgeChunk> chunks = chunks("acme", "prices", 3, "price list", "pricing");
    store.replaceDocument(store.alias(), "acme", "prices", chunks);
    refresh();

    List<StoredHit> hits =
        store.vectorSearch(store.alias(), "acme", chunks.get(1).vector(), 2, ChunkFilter.NONE);

    assertThat(hits).hasSize(2);
    assertThat(hits.get(0).chunk().id()).isEqualTo("acme/prices/1");
    assertThat(hits.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    KnowledgeChunk found = hits.get(0).chunk();
    assertThat(found.text()).isEqualTo(chunks.get(1).text());
    assertThat(found.metadata()).isEqualTo(chunks.get(1).metadata());
    assertThat(found.vector()).containsExactly(chunks.get(1).vector(), within());
  }

  @Test
  void givenTwoTenants_whenOneSearches_itNeverSeesTheOthersChunks() {
    store.liveIndex(DIMS);
    List<KnowledgeChunk> acme = chunks("acme", "hours", 2, "opening hours", "hours");
    List<KnowledgeChunk> other = chunks("other", "hours", 2, "opening hours", "hours");
    store.replaceDocument(store.alias(), "acme", "hours", acme);
    store.replaceDocument(store.alias(), "other", "hours", other);
    refresh();

    List<StoredHit> byVector =
        store.vectorSearch(store.alias(), "acme", other.get(0).vector(), 10, ChunkFilter.NONE);
    List<StoredHit> byWords =
        store.keywordSearch(store.alias(), "acme", "opening hours", 10, ChunkFilter.NONE);

    assertThat(byVector).isNotEmpty().allMatch(h -> h.chunk().tenantId().equals("acme"));
    assertThat(byWords).isNotEmpty().allMatch(h -> h.chunk().tenantId().equals("acme"));
    assertThat(store.countChunks(store.alias(), "acme")).isEqualTo(2);
    assertThat(
            store.vectorSearch(store.alias(), "nobody", acme.get(0).vector(), 5, ChunkFilter.NONE))
        .isEmpty();
  }

  @Test
  void givenWords_whenKeywordSearched_theChunkWithThemRanksFirstAndCarriesItsVector() {
    store.liveIndex(DIMS);
    store.replaceDocument(
        store.alias(),
        "acme",
        "water",
        List.of(
            chunk(
                "acme",
                "water",
                0,
                "Water heater flush costs 149 dollars.",
                "Water",
                "kb",
                "pricing"),
            chunk(
                "acme",
                "water",
                1,
                "We serve Springfield and Shelbyville.",
                "Water",
                "kb",
                "area")));
    refresh();

    List<StoredHit> hits =
        store.keywordSearch(
            store.alias(), "acme", "how much is a heater flush", 5, ChunkFilter.NONE);

    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).chunk().index()).isEqualTo(0);
    assertThat(hits.get(0).score()).isPositive();
    assertThat(hits.get(0).chunk().vector()).hasSize(DIMS);
  }

  @Test
  void givenFilters_whenSearching_onlyMatchingChunksComeBack() {
    store.liveIndex(DIMS);
    store.replaceDocument(
        store.alias(),
        "acme",
        "a",
        List.of(chunk("acme", "a", 0, "drain cleaning price", "A", "kb", "pricing")));
    store.replaceDocument(
        store.alias(),
        "acme",
        "b",
        List.of(chunk("acme", "b", 0, "drain cleaning tips", "B", "web", "tips")));
    refresh();
    float[] q = randomUnit();

    assertThat(store.vectorSearch(store.alias(), "acme", q, 10, ChunkFilter.parse("tag:pricing")))
        .extracting(h -> h.chunk().documentId())
        .containsExactly("a");
    assertThat(
            store.keywordSearch(
                store.alias(), "acme", "drain cleaning", 10, ChunkFilter.parse("source:web")))
        .extracting(h -> h.chunk().documentId())
        .containsExactly("b");
    assertThat(
            store.vectorSearch(
                store.alias(), "acme", q, 10, ChunkFilter.parse("documentId:b,tag:pricing")))
        .isEmpty();
    assertThat(store.vectorSearch(store.alias(), "acme", q, 10, ChunkFilter.parse("title:A")))
        .extracting(h -> h.chunk().documentId())
        .containsExactly("a");
  }

  @Test
  void givenADocumentReplacedWithFewerChunks_itsLeftoversAreGone() {
    store.liveIndex(DIMS);
    store.replaceDocument(store.alias(), "acme", "faq", chunks("acme", "faq", 4, "faq", "faq"));
    store.replaceDocument(store.alias(), "acme", "faq", chunks("acme", "faq", 2, "faq v2", "faq"));
    refresh();

    assertThat(store.countChunks(store.alias(), "acme")).isEqualTo(2);
    assertThat(store.keywordSearch(store.alias(), "acme", "faq", 10, ChunkFilter.NONE))
        .allMatch(h -> h.chunk().text().startsWith("faq v2"));
    assertThat(store.checksums(store.alias(), "acme")).containsEntry("faq", "sum-faq v2");
  }

  @Test
  void givenADocument_whenDeletedTwice_itIsGoneAndTheSecondDeleteIsANoOp() {
    store.liveIndex(DIMS);
    store.replaceDocument(store.alias(), "acme", "gone", chunks("acme", "gone", 2, "gone", "x"));
    store.replaceDocument(store.alias(), "acme", "kept", chunks("acme", "kept", 1, "kept", "x"));
    refresh();

    store.deleteDocument(store.alias(), "acme", "gone");
    store.deleteDocument(store.alias(), "acme", "gone");
    refresh();

    assertThat(store.checksums(store.alias(), "acme")).containsOnlyKeys("kept");
    assertThat(store.countChunks(store.alias(), "acme")).isEqualTo(1);
  }

  @Test
  void givenWrites_whenTheStoreIsReopened_theyAreStillThere() {
    store.liveIndex(DIMS);
    List<KnowledgeChunk> chunks = chunks("acme", "warranty", 2, "warranty", "warranty");
    store.replaceDocument(store.alias(), "acme", "warranty", chunks);
    refresh();

    store = reopen(store);
    refresh();

    assertThat(store.checksums(store.alias(), "acme")).containsEntry("warranty", "sum-warranty");
    assertThat(
            store.vectorSearch(store.alias(), "acme", chunks.get(0).vector(), 1, ChunkFilter.NONE))
        .extracting(h -> h.chunk().id())
        .containsExactly("acme/warranty/0");
  }

  @Test
  void givenANewIndex_whenTheAliasMoves_searchesSeeTheNewIndexAndTheOldCanBeDropped() {
    String old = store.liveIndex(DIMS);
    store.replaceDocument(store.alias(), "acme", "v1", chunks("acme", "v1", 1, "old", "x"));
    String fresh = store.alias() + "-20261123-120000";
    store.createIndex(fresh, DIMS);
    store.createIndex(fresh, DIMS);
    store.replaceDocument(fresh, "acme", "v2", chunks("acme", "v2", 1, "new", "x"));
    refresh();

    assertThat(store.checksums(store.alias(), "acme")).containsOnlyKeys("v1");

    store.pointAliasAt(fresh);
    refresh();

    assertThat(store.liveIndex(DIMS)).isEqualTo(fresh);
    assertThat(store.checksums(store.alias(), "acme")).containsOnlyKeys("v2");
    assertThatThrownBy(() -> store.dropIndex(fresh)).isInstanceOf(IllegalStateException.class);
    store.dropIndex(old);
    store.dropIndex(old);
    assertThat(store.indices()).containsExactly(fresh);
  }

  @Test
  void givenTheAliasName_whenCreatingAnIndexWithIt_itIsRefused() {
    assertThatThrownBy(() -> store.createIndex(store.alias(), DIMS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- fixtures ---------------------------------------------------------------------------

  protected List<KnowledgeChunk> chunks(
      String tenant, String doc, int n, String textPrefix, String tag) {
    List<KnowledgeChunk> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new KnowledgeChunk(
              tenant,
              doc,
              i,
              textPrefix + " part " + i,
              randomUnit(),
              new ChunkMetadata(doc, "kb", List.of(tag), "sum-" + textPrefix, UPDATED)));
    }
    return out;
  }

  protected KnowledgeChunk chunk(
      String tenant, String doc, int i, String text, String title, String source, String tag) {
    return new KnowledgeChunk(
        tenant,
        doc,
        i,
        text,
        randomUnit(),
        new ChunkMetadata(title, source, List.of(tag), "sum-" + doc, UPDATED));
  }

  protected float[] randomUnit() {
    float[] v = new float[DIMS];
    double norm = 0;
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIMS; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return org.assertj.core.data.Offset.offset(1e-5f);
  }
}
