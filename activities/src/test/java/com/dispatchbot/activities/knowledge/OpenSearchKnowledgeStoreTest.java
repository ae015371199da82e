package com.dispatchbot.activities.knowledge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.opensearch.OpenSearchEmbeddingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.http.HttpServerTransport;

/** The contract against a real OpenSearch 2.19.1 node (with k-NN) inside this JVM. */
class OpenSearchKnowledgeStoreTest extends KnowledgeStoreContract {

  @Override
  protected KnowledgeStore newStore(String alias) {
    // The node outlives each test and the contract reuses alias names: start from nothing.
    Node.call(() -> Node.client().indices().delete(d -> d.index(alias + "*")));
    return OpenSearchKnowledgeStore.connect(Node.url(), alias);
  }

  @Override
  protected KnowledgeStore reopen(KnowledgeStore store) {
    store.close();
    return OpenSearchKnowledgeStore.connect(Node.url(), store.alias());
  }

  @Override
  protected void refresh() {
    Node.call(() -> Node.client().indices().refresh());
  }

  @Test
  void givenChunks_whenVectorSearched_scoresAreTheirCosineWhereLangchain4jsSearchHalvesThem() {
    store.liveIndex(DIMS);
    List<KnowledgeChunk> chunks = chunks("acme", "prices", 5, "price list", "pricing");
    store.replaceDocument(store.alias(), "acme", "prices", chunks);
    float[] query = chunks.get(2).vector();

    List<StoredHit> hits = store.vectorSearch(store.alias(), "acme", query, 5, ChunkFilter.NONE);

    assertThat(hits).hasSize(5);
    assertThat(hits.get(0).score()).isCloseTo(1.0, within(1e-3));
    for (StoredHit hit : hits) {
      assertThat(hit.score()).isCloseTo(cosine(query, hit.chunk().vector()), within(1e-3));
    }
    // FINDINGS.md: langchain4j's own search on the same index scores the same chunk 0.5.
    OpenSearchEmbeddingStore langchain4j =
        OpenSearchEmbeddingStore.builder()
            .openSearchClient(Node.client())
            .indexName(store.alias())
            .build();
    double theirs =
        langchain4j
            .search(
                EmbeddingSearchRequest.builder()
                    .queryEmbedding(Embedding.from(query))
                    .maxResults(1)
                    .build())
            .matches()
            .get(0)
            .score();
    assertThat(theirs).isCloseTo(0.5, within(1e-3));
  }

  @Test
  void givenTheLiveIndex_itsMappingIsOursAndNotLangchain4jsDefault() {
    String live = store.liveIndex(DIMS);
    store.replaceDocument(store.alias(), "acme", "a", chunks("acme", "a", 1, "a", "x"));

    var mapping =
        Node.call(() -> Node.client().indices().getMapping(g -> g.index(live)))
            .result()
            .get(live)
            .mappings();
    Property vector = mapping.properties().get("vector");
    assertThat(vector.knnVector().dimension()).isEqualTo(DIMS);
    assertThat(vector.knnVector().method().engine()).isEqualTo("lucene");
    assertThat(vector.knnVector().method().spaceType()).isEqualTo("cosinesimil");
    var metadata = mapping.properties().get("metadata").object().properties();
    assertThat(metadata.get("tenantId").isKeyword()).isTrue();
    assertThat(metadata.get("documentId").isKeyword()).isTrue();
  }

  @Test
  void givenNoSuchIndex_whenWriting_itRefusesInsteadOfLettingLangchain4jCreateOne() {
    store.liveIndex(DIMS);
    String missing = store.alias() + "-missing";

    assertThatThrownBy(
            () -> store.replaceDocument(missing, "acme", "a", chunks("acme", "a", 1, "a", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing);
    assertThat(Node.call(() -> Node.client().indices().exists(e -> e.index(missing))).value())
        .isFalse();
  }

  @Test
  void givenAnIndexLangchain4jCreatedUnderTheAliasName_liveIndexRefusesToUseIt() {
    // langchain4j's default mapping: faiss, which this node cannot run past a few thousand docs.
    OpenSearchEmbeddingStore.builder()
        .openSearchClient(Node.client())
        .indexName(store.alias())
        .build()
        .add(Embedding.from(randomUnit()));
    try {
      assertThatThrownBy(() -> store.liveIndex(DIMS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is an index, not an alias");
    } finally {
      Node.call(() -> Node.client().indices().delete(d -> d.index(store.alias())));
    }
  }

  @Test
  void givenSearchesRunning_whenTheAliasMovesBackAndForth_noSearchFailsOrFindsNothing()
      throws Exception {
    String first = store.liveIndex(DIMS);
    // Named to sort before the first: indices() must go by creation time, not by name.
    String second = store.alias() + "-a-second";
    store.createIndex(second, DIMS);
    assertThat(store.indices()).containsExactly(first, second);
    store.replaceDocument(first, "acme", "faq", chunks("acme", "faq", 1, "boiler one", "x"));
    store.replaceDocument(second, "acme", "faq", chunks("acme", "faq", 1, "boiler two", "x"));
    refresh();

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger searches = new AtomicInteger();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    Future<?> reading =
        reader.submit(
            () -> {
              while (!stop.get()) {
                try {
                  List<StoredHit> hits =
                      store.keywordSearch(store.alias(), "acme", "boiler", 5, ChunkFilter.NONE);
                  if (hits.size() != 1) {
                    problems.add("a search found " + hits.size() + " chunks");
                  } else {
                    seen.add(hits.get(0).chunk().text());
                  }
                } catch (RuntimeException e) {
                  problems.add(e.toString());
                }
                searches.incrementAndGet();
              }
            });
    try {
      for (int move = 0; move < 20; move++) {
        store.pointAliasAt(move % 2 == 0 ? second : first);
        // Let a few searches run against each position of the alias.
        int target = searches.get() + 3;
        while (searches.get() < target && !reading.isDone()) {
          Thread.onSpinWait();
        }
      }
    } finally {
      stop.set(true);
      reading.get(30, TimeUnit.SECONDS);
      reader.shutdown();
    }

    assertThat(problems).isEmpty();
    assertThat(seen).containsExactlyInAnyOrder("boiler one part 0", "boiler two part 0");
  }

  @Test
  void givenAnEmptyChunkList_replaceRemovesThatDocumentOnly() {
    store.liveIndex(DIMS);
    store.replaceDocuments(
        store.alias(),
        "acme",
        Map.of(
            "gone", chunks("acme", "gone", 2, "gone", "x"),
            "kept", chunks("acme", "kept", 1, "kept", "x")));

    store.replaceDocuments(store.alias(), "acme", Map.of("gone", List.of()));

    // No refresh(): replaceDocuments ends with a refreshing delete-by-query.
    assertThat(store.checksums(store.alias(), "acme")).containsOnlyKeys("kept");
    assertThat(store.countChunks(store.alias(), "acme")).isEqualTo(1);
  }

  @Test
  void givenMoreDocumentsThanOneChecksumPage_checksumsListsEveryOne() {
    store.liveIndex(DIMS);
    Map<String, List<KnowledgeChunk>> documents = new HashMap<>();
    for (int d = 0; d < 1_001; d++) {
      documents.put("doc-" + d, chunks("acme", "doc-" + d, 1, "text " + d, "x"));
    }
    store.replaceDocuments(store.alias(), "acme", documents);

    Map<String, String> sums = store.checksums(store.alias(), "acme");

    assertThat(sums).hasSize(1_001).containsEntry("doc-1000", "sum-text 1000");
  }

  @Test
  void givenTagsWithSpacesAndDashes_theTagFilterAgreesWithChunkFilterMatches() {
    store.liveIndex(DIMS);
    List<KnowledgeChunk> chunks =
        List.of(
            tagged("a", List.of("water heater")),
            tagged("b", List.of("water")),
            tagged("c", List.of("water-heater", "pricing")),
            tagged("d", List.of()));
    for (KnowledgeChunk c : chunks) {
      store.replaceDocument(store.alias(), "acme", c.documentId(), List.of(c));
    }
    refresh();

    for (String tag : List.of("water", "water heater", "water-heater", "heater", "pricing")) {
      ChunkFilter filter = ChunkFilter.parse("tag:" + tag);
      assertThat(store.vectorSearch(store.alias(), "acme", randomUnit(), 10, filter))
          .as("tag:%s", tag)
          .extracting(h -> h.chunk().documentId())
          .containsExactlyInAnyOrderElementsOf(
              chunks.stream().filter(filter::matches).map(KnowledgeChunk::documentId).toList());
    }
    assertThat(store.keywordSearch(store.alias(), "acme", "tags", 10, ChunkFilter.NONE))
        .filteredOn(h -> h.chunk().documentId().equals("c"))
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.chunk().metadata().tags()).containsExactly("water-heater", "pricing"));
  }

  @Test
  void givenCredentialsInTheUrl_theyGoOutAsBasicAuthAndNeverIntoMessages() throws IOException {
    WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());
    wire.start();
    try {
      wire.stubFor(
          post(urlPathEqualTo("/kb/_count"))
              .willReturn(
                  aResponse()
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"count\":3,\"_shards\":"
                              + "{\"total\":1,\"successful\":1,\"skipped\":0,\"failed\":0}}")));
      URI url = URI.create("http://alice:p%40ss%3Aw+rd@127.0.0.1:" + wire.port());

      try (KnowledgeStore remote = OpenSearchKnowledgeStore.connect(url, "kb")) {
        assertThat(remote.countChunks("kb", "acme")).isEqualTo(3);
      }

      String token =
          Base64.getEncoder().encodeToString("alice:p@ss:w+rd".getBytes(StandardCharsets.UTF_8));
      wire.verify(
          postRequestedFor(urlPathEqualTo("/kb/_count"))
              .withHeader("Authorization", equalTo("Basic " + token)));
    } finally {
      wire.stop();
    }

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (KnowledgeStore unreachable =
        OpenSearchKnowledgeStore.connect(
            URI.create("http://alice:s3cr3t@127.0.0.1:" + closedPort), "kb")) {
      assertThatThrownBy(() -> unreachable.countChunks("kb", "acme"))
          .isInstanceOf(UncheckedIOException.class)
          .satisfies(e -> assertThat(messages(e)).doesNotContain("s3cr3t", "alice"));
    }
    assertThatThrownBy(
            () -> OpenSearchKnowledgeStore.connect(URI.create("ftp://alice:s3cr3t@host"), "kb"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(messages(e)).doesNotContain("s3cr3t"));
  }

  // --- fixtures ---------------------------------------------------------------------------

  private KnowledgeChunk tagged(String doc, List<String> tags) {
    return new KnowledgeChunk(
        "acme",
        doc,
        0,
        "tags " + doc,
        randomUnit(),
        new ChunkMetadata(doc, "kb", tags, "sum-" + doc, Instant.parse("2026-11-01T10:00:00Z")));
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  /**
   * One OpenSearch node per test JVM, started on first use (5-7 s), data in a temp folder that is
   * deleted when the JVM exits. The k-NN plugin comes from the jar the build unpacks.
   */
  static final class Node {

    private static OpenSearchRunner runner;
    private static URI url;
    private static OpenSearchClient client;
    private static RuntimeException startFailure;

    static synchronized URI url() {
      if (startFailure != null) {
        // Fail fast: each retry would cost another start-up.
        throw new IllegalStateException("the OpenSearch test node did not start", startFailure);
      }
      if (url == null) {
        try {
          start();
        } catch (RuntimeException e) {
          startFailure = e;
          throw e;
        }
      }
      return url;
    }

    static synchronized OpenSearchClient client() {
      if (client == null) {
        client = OpenSearchKnowledgeStore.client(url());
      }
      return client;
    }

    interface Call<T> {
      T run() throws IOException;
    }

    static <T> T call(Call<T> call) {
      try {
        return call.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void start() {
      Path home;
      try {
        home = Files.createTempDirectory("dispatch-bot-opensearch");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      runner = new OpenSearchRunner();
      try {
        startIn(home);
      } catch (RuntimeException e) {
        try {
          runner.close();
          runner.clean();
        } catch (IOException | RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    private static void startIn(Path home) {
      runner.onBuild(
          (index, settings) ->
              settings
                  .put("discovery.type", "single-node")
                  // A port range, so two test JVMs on one machine each bind a free port.
                  .put("http.port", "29200-29299")
                  .put("transport.port", "29300-29399")
                  // A nearly full /tmp must not turn the indices read-only mid-test.
                  .put("cluster.routing.allocation.disk.threshold_enabled", false));
      runner.build(
          OpenSearchRunner.newConfigs()
              .basePath(home.toString())
              .numOfNode(1)
              .clusterName("dispatch-bot-test")
              // Quiet: without OpenSearch's log4j setup, log4j-core prints errors only.
              .disableESLogger()
              .pluginTypes("org.opensearch.knn.plugin.KNNPlugin"));
      runner.ensureYellow();
      int port =
          runner
              .node()
              .injector()
              .getInstance(HttpServerTransport.class)
              .boundAddress()
              .publishAddress()
              .getPort();
      url = URI.create("http://127.0.0.1:" + port);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      runner.close();
                    } catch (IOException | RuntimeException e) {
                      // The JVM is going away; the folder still gets deleted.
                    }
                    runner.clean();
                  },
                  "opensearch-test-node-shutdown"));
    }

    private Node() {}
  }
}
