package com.dispatchbot.activities.knowledge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.opensearch.OpenSearchEmbeddingStore;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.JsonpDeserializer;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.Conflicts;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregate;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregationSource;
import org.opensearch.client.opensearch._types.aggregations.CompositeBucket;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.indices.IndexSettings;
import org.opensearch.client.opensearch.indices.IndexState;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production knowledge store: OpenSearch ({@code VECTOR_STORE_URL}). Chunks are written through
 * langchain4j's {@link OpenSearchEmbeddingStore}; everything it does not do runs on the
 * opensearch-java client it shares.
 *
 * <p>Why not langchain4j for the rest (langchain4j-opensearch 1.10.0-beta18):
 *
 * <ul>
 *   <li>its search ignores the request's filter (a {@code script_score} over {@code match_all}), so
 *       it cannot keep tenants apart, and on indices created by OpenSearch 2.19+ it halves an
 *       already halved cosine. {@link #vectorSearch} runs a {@code knn} query with the tenant and
 *       the filter inside it (Lucene's filtered HNSW: approximate on big sets, exact when the
 *       filter leaves few chunks) and maps the Lucene engine's {@code (1 + cos) / 2} back to cos.
 *   <li>it creates a missing index with its own mapping (faiss, which the Maven k-NN build cannot
 *       run, and no keyword fields to filter on). This store creates every index itself and refuses
 *       to write into one that does not exist.
 * </ul>
 *
 * <p>A chunk is langchain4j's document: {@code {vector, text, metadata: {tenantId, documentId,
 * chunkIndex, title, source, tags, checksum, updatedAt}}}, id {@link KnowledgeChunk#id()}.
 * langchain4j metadata holds no lists, so tags are one string joined by {@code |}; the index splits
 * it back into exact tokens for the tag filter.
 */
public final class OpenSearchKnowledgeStore implements KnowledgeStore {

  private static final Logger log = LoggerFactory.getLogger(OpenSearchKnowledgeStore.class);

  static final String TAG_SEPARATOR = "|";

  private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** The first index of a store; a fixed name, so two workers starting at once agree on it. */
  private static final String FIRST_INDEX_SUFFIX = "-initial";

  /** Chunks per bulk request: 500 chunks of 1536-d vectors stay under 10 MB of JSON. */
  private static final int WRITE_BATCH = 500;

  /** Documents per delete-by-query, well under the 1024 clauses a query may have. */
  private static final int DELETE_BATCH = 200;

  /** Documents per page when collecting checksums. */
  private static final int CHECKSUM_PAGE = 1000;

  /**
   * HNSW candidates per search (the knn query's k; the search returns the best {@code k} of them).
   * With only the 5 a RAG call asks for, recall@5 measured 0.91 (10k chunks) and 0.975 (100k); with
   * 100 it was 1.00 for +4 / +16 ms median on 2 cores.
   */
  private static final int MIN_CANDIDATES = 100;

  private static final String VECTOR = "vector";
  private static final String TEXT = "text";
  private static final String TENANT = "tenantId";
  private static final String DOCUMENT = "documentId";
  private static final String CHUNK_INDEX = "chunkIndex";
  private static final String TITLE = "title";
  private static final String SOURCE = "source";
  private static final String TAGS = "tags";
  private static final String CHECKSUM = "checksum";
  private static final String UPDATED_AT = "updatedAt";

  /**
   * One shard: knowledge bases are small and BM25 statistics then cover the whole index. A replica
   * where there is a second node. {@code tag_list} splits the joined tags into exact tokens.
   */
  private static final String SETTINGS =
      """
      {
        "number_of_shards": 1,
        "auto_expand_replicas": "0-1",
        "knn": true,
        "analysis": {
          "analyzer": {
            "tag_list": {"type": "pattern", "pattern": "[|]", "lowercase": false}
          }
        }
      }
      """;

  /**
   * HNSW on the Lucene engine: it runs everywhere (the faiss and nmslib engines need native
   * libraries) and filters inside the graph search. Strict, so a field nobody mapped is an error
   * rather than a guess.
   */
  private static final String MAPPINGS =
      """
      {
        "dynamic": "strict",
        "properties": {
          "vector": {
            "type": "knn_vector",
            "dimension": %d,
            "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}
          },
          "text": {"type": "text", "analyzer": "english"},
          "metadata": {
            "properties": {
              "tenantId": {"type": "keyword"},
              "documentId": {"type": "keyword"},
              "chunkIndex": {"type": "integer"},
              "title": {
                "type": "text",
                "analyzer": "english",
                "fields": {"raw": {"type": "keyword"}}
              },
              "source": {"type": "keyword"},
              "tags": {
                "type": "text",
                "analyzer": "tag_list",
                "norms": false,
                "index_options": "docs"
              },
              "checksum": {"type": "keyword"},
              "updatedAt": {"type": "date", "format": "epoch_millis"}
            }
          }
        }
      }
      """;

  private final OpenSearchClient client;
  private final String alias;
  private final boolean ownsClient;
  private final Map<String, OpenSearchEmbeddingStore> writers = new ConcurrentHashMap<>();

  /** A store on a client someone else owns (and closes). */
  public OpenSearchKnowledgeStore(OpenSearchClient client, String alias) {
    this(client, alias, false);
  }

  private OpenSearchKnowledgeStore(OpenSearchClient client, String alias, boolean ownsClient) {
    this.client = Objects.requireNonNull(client, "client");
    this.alias = requireIndexName(alias);
    this.ownsClient = ownsClient;
  }

  /**
   * Connects to {@code VECTOR_STORE_URL}, e.g. {@code https://user:pass@search.example:9200} or
   * {@code http://localhost:9200}. Credentials come from the user-info (percent-encoded where
   * needed) and go out as a basic-auth header on every request: no 401 round trip first.
   */
  public static OpenSearchKnowledgeStore connect(URI url, String alias) {
    OpenSearchClient client = client(url);
    log.info("Knowledge store: OpenSearch at {}, alias {}", withoutCredentials(url), alias);
    return new OpenSearchKnowledgeStore(client, alias, true);
  }

  /** An opensearch-java client for {@code VECTOR_STORE_URL}; see {@link #connect}. */
  static OpenSearchClient client(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException(
          "VECTOR_STORE_URL must look like https://user:password@host:9200, not "
              + withoutCredentials(url));
    }
    HttpHost host = new HttpHost(scheme, url.getHost(), url.getPort());
    ApacheHttpClient5TransportBuilder transport =
        ApacheHttpClient5TransportBuilder.builder(host)
            .setMapper(new JacksonJsonpMapper())
            // httpclient5 5.6 (Boot's) asks for gzip and inflates it, keeping the header, and
            // opensearch-java 2.9 then inflates again: "Not in GZIP format". One of them must go.
            .setHttpClientConfigCallback(HttpAsyncClientBuilder::disableContentCompression);
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) {
      transport.setPathPrefix(url.getRawPath());
    }
    if (url.getRawUserInfo() != null) {
      transport.setDefaultHeaders(new Header[] {basicAuth(url.getRawUserInfo())});
    }
    return new OpenSearchClient(transport.build());
  }

  private static Header basicAuth(String rawUserInfo) {
    int colon = rawUserInfo.indexOf(':');
    String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new BasicHeader("Authorization", "Basic " + token);
  }

  /** Percent-decoding only: a '+' in a password stays a '+'. */
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL as it may appear in logs and messages. */
  static String withoutCredentials(URI url) {
    return (url.getScheme() == null ? "" : url.getScheme() + "://")
        + (url.getHost() == null ? "?" : url.getHost())
        + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  @Override
  public String kind() {
    return "opensearch";
  }

  @Override
  public String alias() {
    return alias;
  }

  @Override
  public String liveIndex(int dimensions) {
    List<String> targets = aliasTargets();
    if (targets.size() == 1) {
      return targets.get(0);
    }
    if (targets.size() > 1) {
      throw new IllegalStateException(
          "alias '" + alias + "' points at " + targets + "; point it at one with pointAliasAt");
    }
    if (exists(alias)) {
      throw new IllegalStateException(
          "'"
              + alias
              + "' is an index, not an alias (made by an older deployment or by langchain4j's"
              + " default mapping): rebuild into a new index, delete '"
              + alias
              + "', then point the alias at the new one");
    }
    String first = alias + FIRST_INDEX_SUFFIX;
    createIndex(first, dimensions);
    pointAliasAt(first);
    return first;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Names must also start with the alias and '-', as in the Lucene store ({@link #indices()}
   * lists only those).
   *
   * @throws IllegalArgumentException also when the index exists with other dimensions
   */
  @Override
  public void createIndex(String index, int dimensions) {
    requirePhysicalName(index);
    if (dimensions <= 0) {
      throw new IllegalArgumentException("dimensions must be positive, got " + dimensions);
    }
    if (exists(index)) {
      int existing = dimensions(index);
      if (existing != dimensions) {
        throw new IllegalArgumentException(
            "index '" + index + "' exists with " + existing + " dimensions, not " + dimensions);
      }
      return;
    }
    JsonpMapper mapper = client._transport().jsonpMapper();
    IndexSettings settings = parse(SETTINGS, IndexSettings._DESERIALIZER, mapper);
    TypeMapping mappings = parse(MAPPINGS.formatted(dimensions), TypeMapping._DESERIALIZER, mapper);
    try {
      client.indices().create(c -> c.index(index).settings(settings).mappings(mappings));
      log.info("Created knowledge index {} ({} dimensions)", index, dimensions);
    } catch (OpenSearchException e) {
      if (!"resource_already_exists_exception".equals(e.error().type())) {
        throw e;
      }
    } catch (IOException e) {
      throw failed("create index " + index, e);
    }
  }

  private static <T> T parse(String json, JsonpDeserializer<T> deserializer, JsonpMapper mapper) {
    try (JsonParser parser = mapper.jsonProvider().createParser(new StringReader(json))) {
      return deserializer.deserialize(parser, mapper);
    }
  }

  @Override
  public void pointAliasAt(String index) {
    requirePhysicalName(index);
    if (!exists(index) || isAlias(index)) {
      throw new IllegalArgumentException("no index '" + index + "' to point '" + alias + "' at");
    }
    List<String> current = aliasTargets();
    if (current.equals(List.of(index))) {
      return;
    }
    // One _aliases request: OpenSearch applies its actions atomically, so no search misses.
    call(
        "point " + alias + " at " + index,
        () ->
            client
                .indices()
                .updateAliases(
                    u -> {
                      for (String old : current) {
                        u.actions(a -> a.remove(r -> r.index(old).alias(alias)));
                      }
                      return u.actions(a -> a.add(ad -> ad.index(index).alias(alias)));
                    }));
    log.info("Alias {} now points at {} (was {})", alias, index, current);
  }

  @Override
  public void dropIndex(String index) {
    if (index.equals(alias) || aliasTargets().contains(index)) {
      throw new IllegalStateException("'" + index + "' is live (alias '" + alias + "')");
    }
    if (!exists(index)) {
      return;
    }
    try {
      client.indices().delete(d -> d.index(index));
      log.info("Dropped knowledge index {}", index);
    } catch (OpenSearchException e) {
      if (e.status() != 404) {
        throw e;
      }
    } catch (IOException e) {
      throw failed("drop index " + index, e);
    }
  }

  @Override
  public List<String> indices() {
    Map<String, IndexState> found =
        call(
            "list indices",
            () -> client.indices().get(g -> g.index(alias + "-*").allowNoIndices(true)).result());
    return found.entrySet().stream()
        .filter(e -> e.getKey().startsWith(alias + "-"))
        .sorted(
            Comparator.comparingLong((Map.Entry<String, IndexState> e) -> createdAt(e.getValue()))
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .toList();
  }

  private static long createdAt(IndexState state) {
    IndexSettings settings = state.settings();
    if (settings == null) {
      return 0;
    }
    String millis =
        settings.index() != null ? settings.index().creationDate() : settings.creationDate();
    return millis == null ? 0 : Long.parseLong(millis);
  }

  @Override
  public int dimensions(String index) {
    var mappings =
        call("read mapping of " + index, () -> client.indices().getMapping(g -> g.index(index)));
    return mappings.result().values().stream()
        .map(m -> m.mappings().properties().get(VECTOR))
        .filter(Objects::nonNull)
        .map(p -> p.knnVector().dimension())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("index '" + index + "' has no vector field"));
  }

  @Override
  public void replaceDocuments(
      String index, String tenantId, Map<String, List<KnowledgeChunk>> chunksByDocument) {
    if (chunksByDocument.isEmpty()) {
      return;
    }
    if (!exists(index)) {
      // Otherwise langchain4j would create it, with its own mapping.
      throw new IllegalArgumentException(
          "no index or alias '" + index + "': create it first (createIndex or liveIndex)");
    }
    List<KnowledgeChunk> all = new ArrayList<>();
    chunksByDocument.forEach(
        (documentId, chunks) -> {
          for (KnowledgeChunk c : chunks) {
            if (!c.tenantId().equals(tenantId) || !c.documentId().equals(documentId)) {
              throw new IllegalArgumentException(
                  "chunk " + c.id() + " filed under " + tenantId + "/" + documentId);
            }
            all.add(c);
          }
        });
    OpenSearchEmbeddingStore writer =
        writers.computeIfAbsent(
            index,
            i -> OpenSearchEmbeddingStore.builder().openSearchClient(client).indexName(i).build());
    for (int from = 0; from < all.size(); from += WRITE_BATCH) {
      List<KnowledgeChunk> batch = all.subList(from, Math.min(all.size(), from + WRITE_BATCH));
      writer.addAll(
          batch.stream().map(KnowledgeChunk::id).toList(),
          batch.stream().map(c -> Embedding.from(c.vector())).toList(),
          batch.stream().map(OpenSearchKnowledgeStore::segment).toList());
    }
    // New chunks first, then the leftovers: a reader sees the old version or the new one.
    refresh(index);
    List<Map.Entry<String, List<KnowledgeChunk>>> documents =
        new ArrayList<>(chunksByDocument.entrySet());
    for (int from = 0; from < documents.size(); from += DELETE_BATCH) {
      List<Map.Entry<String, List<KnowledgeChunk>>> batch =
          documents.subList(from, Math.min(documents.size(), from + DELETE_BATCH));
      Query leftovers =
          Query.of(
              q ->
                  q.bool(
                      b -> {
                        b.filter(term(TENANT, tenantId)).minimumShouldMatch("1");
                        for (Map.Entry<String, List<KnowledgeChunk>> doc : batch) {
                          List<FieldValue> kept =
                              doc.getValue().stream().map(c -> FieldValue.of(c.index())).toList();
                          b.should(
                              s ->
                                  s.bool(
                                      d ->
                                          d.filter(term(DOCUMENT, doc.getKey()))
                                              .mustNot(
                                                  n ->
                                                      n.terms(
                                                          t ->
                                                              t.field(field(CHUNK_INDEX))
                                                                  .terms(f -> f.value(kept))))));
                        }
                        return b;
                      }));
      deleteByQuery(index, "replace documents in " + index, leftovers);
    }
  }

  private static TextSegment segment(KnowledgeChunk c) {
    ChunkMetadata m = c.metadata();
    Metadata metadata =
        new Metadata()
            .put(TENANT, c.tenantId())
            .put(DOCUMENT, c.documentId())
            .put(CHUNK_INDEX, c.index())
            .put(TITLE, m.title())
            .put(SOURCE, m.source());
    if (!m.tags().isEmpty()) {
      for (String tag : m.tags()) {
        if (tag.contains(TAG_SEPARATOR)) {
          throw new IllegalArgumentException(
              "tag '" + tag + "' of " + c.id() + " contains '" + TAG_SEPARATOR + "'");
        }
      }
      metadata.put(TAGS, String.join(TAG_SEPARATOR, m.tags()));
    }
    if (m.checksum() != null) {
      metadata.put(CHECKSUM, m.checksum());
    }
    if (m.updatedAt() != null) {
      metadata.put(UPDATED_AT, m.updatedAt().toEpochMilli());
    }
    return TextSegment.from(c.text(), metadata);
  }

  @Override
  public void deleteDocument(String index, String tenantId, String documentId) {
    refresh(index);
    deleteByQuery(
        index,
        "delete " + documentId + " from " + index,
        Query.of(q -> q.bool(b -> b.filter(term(TENANT, tenantId), term(DOCUMENT, documentId)))));
  }

  /**
   * Delete-by-query sees what the last refresh made searchable (callers refresh first); it
   * refreshes afterwards so the removal is visible at once. A version conflict means someone
   * rewrote that chunk after our snapshot: it is theirs now, so it stays.
   */
  private void deleteByQuery(String index, String what, Query query) {
    call(
        what,
        () ->
            client.deleteByQuery(
                d -> d.index(index).query(query).refresh(true).conflicts(Conflicts.Proceed)));
  }

  /** Makes recent writes visible to searches (OpenSearch otherwise does it every second). */
  public void refresh(String index) {
    call("refresh " + index, () -> client.indices().refresh(r -> r.index(index)));
  }

  /** Chunks without a checksum do not count: their document is simply re-embedded next time. */
  @Override
  public Map<String, String> checksums(String index, String tenantId) {
    Map<String, String> sums = new TreeMap<>();
    Map<String, String> after = null;
    while (true) {
      Map<String, String> page = after;
      SearchResponse<Void> response =
          call(
              "read checksums from " + index,
              () ->
                  client.search(
                      s ->
                          s.index(index)
                              .size(0)
                              .query(q -> q.bool(b -> b.filter(term(TENANT, tenantId))))
                              .aggregations(
                                  "docs",
                                  a ->
                                      a.composite(
                                          c -> {
                                            c.size(CHECKSUM_PAGE)
                                                .sources(
                                                    List.of(
                                                        Map.of("doc", termsSource(DOCUMENT)),
                                                        Map.of("sum", termsSource(CHECKSUM))));
                                            return page == null ? c : c.after(page);
                                          })),
                      Void.class));
      CompositeAggregate docs = response.aggregations().get("docs").composite();
      for (CompositeBucket bucket : docs.buckets().array()) {
        String doc = bucket.key().get("doc").to(String.class);
        String sum = bucket.key().get("sum").to(String.class);
        // Two checksums: a replace stopped between writing and cleaning up. Report a value that
        // matches neither, so incremental reindexing rewrites the document.
        sums.merge(doc, sum, (a, b) -> a + "+" + b);
      }
      if (docs.buckets().array().size() < CHECKSUM_PAGE || docs.afterKey().isEmpty()) {
        return sums;
      }
      after = new LinkedHashMap<>();
      for (Map.Entry<String, JsonData> e : docs.afterKey().entrySet()) {
        after.put(e.getKey(), e.getValue().to(String.class));
      }
    }
  }

  private static CompositeAggregationSource termsSource(String key) {
    return CompositeAggregationSource.of(s -> s.terms(t -> t.field(field(key))));
  }

  @Override
  public long countChunks(String index, String tenantId) {
    return call(
        "count chunks in " + index,
        () ->
            client
                .count(
                    c -> c.index(index).query(q -> q.bool(b -> b.filter(term(TENANT, tenantId)))))
                .count());
  }

  @Override
  public List<StoredHit> vectorSearch(
      String index, String tenantId, float[] query, int k, ChunkFilter filter) {
    if (k <= 0) {
      return List.of();
    }
    List<Query> filters = filters(tenantId, filter);
    SearchResponse<Source> response =
        call(
            "vector search in " + index,
            () ->
                client.search(
                    s ->
                        s.index(index)
                            .size(k)
                            .query(
                                q ->
                                    q.knn(
                                        n ->
                                            n.field(VECTOR)
                                                .vector(query)
                                                .k(Math.max(k, MIN_CANDIDATES))
                                                .filter(
                                                    Query.of(
                                                        f -> f.bool(b -> b.filter(filters)))))),
                    Source.class));
    // The Lucene engine scores cosine as (1 + cos) / 2; the contract wants cos itself.
    return hits(response, score -> 2 * score - 1);
  }

  @Override
  public List<StoredHit> keywordSearch(
      String index, String tenantId, String query, int k, ChunkFilter filter) {
    if (k <= 0 || query.isBlank()) {
      return List.of();
    }
    List<Query> filters = filters(tenantId, filter);
    SearchResponse<Source> response =
        call(
            "keyword search in " + index,
            () ->
                client.search(
                    s ->
                        s.index(index)
                            .size(k)
                            .query(
                                q ->
                                    q.bool(
                                        b ->
                                            b.should(match(TEXT, query), match(field(TITLE), query))
                                                .minimumShouldMatch("1")
                                                .filter(filters))),
                    Source.class));
    return hits(response, score -> score);
  }

  private static Query match(String field, String text) {
    return Query.of(q -> q.match(m -> m.field(field).query(FieldValue.of(text))));
  }

  private static List<Query> filters(String tenantId, ChunkFilter filter) {
    List<Query> filters = new ArrayList<>();
    filters.add(term(TENANT, tenantId));
    filter
        .equals()
        .forEach(
            (f, value) ->
                filters.add(
                    switch (f) {
                      case DOCUMENT_ID -> term(DOCUMENT, value);
                      case TITLE -> termOn(field(TITLE) + ".raw", value);
                      case SOURCE -> term(SOURCE, value);
                      // An exact token of the joined tags, as ChunkFilter.matches wants.
                      case TAG -> term(TAGS, value);
                    }));
    return filters;
  }

  private static Query term(String key, String value) {
    return termOn(field(key), value);
  }

  private static Query termOn(String field, String value) {
    return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
  }

  private static String field(String key) {
    return "metadata." + key;
  }

  private static List<StoredHit> hits(SearchResponse<Source> response, DoubleUnaryOperator score) {
    List<StoredHit> hits = new ArrayList<>();
    for (Hit<Source> hit : response.hits().hits()) {
      if (hit.source() != null && hit.score() != null) {
        hits.add(new StoredHit(hit.source().toChunk(), score.applyAsDouble(hit.score())));
      }
    }
    return hits;
  }

  /** A stored chunk as langchain4j wrote it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Source(float[] vector, String text, Map<String, Object> metadata) {

    KnowledgeChunk toChunk() {
      Map<String, Object> m = metadata == null ? Map.of() : metadata;
      Object tags = m.get(TAGS);
      Object updatedAt = m.get(UPDATED_AT);
      return new KnowledgeChunk(
          (String) m.get(TENANT),
          (String) m.get(DOCUMENT),
          ((Number) m.get(CHUNK_INDEX)).intValue(),
          text == null ? "" : text,
          vector,
          new ChunkMetadata(
              (String) m.get(TITLE),
              (String) m.get(SOURCE),
              tags == null
                  ? List.of()
                  : List.of(((String) tags).split(Pattern.quote(TAG_SEPARATOR), -1)),
              (String) m.get(CHECKSUM),
              updatedAt == null ? null : Instant.ofEpochMilli(((Number) updatedAt).longValue())));
    }
  }

  private boolean exists(String indexOrAlias) {
    return call(
        "look up " + indexOrAlias,
        () -> client.indices().exists(e -> e.index(indexOrAlias)).value());
  }

  private boolean isAlias(String name) {
    return call(
        "look up alias " + name, () -> client.indices().existsAlias(e -> e.name(name)).value());
  }

  /** The indices the alias points at; none when it does not exist. */
  private List<String> aliasTargets() {
    if (!isAlias(alias)) {
      return List.of();
    }
    Set<String> targets =
        call("read alias " + alias, () -> client.indices().getAlias(g -> g.name(alias)).result())
            .keySet();
    return targets.stream().sorted().toList();
  }

  @Override
  public void close() {
    if (ownsClient) {
      try {
        client._transport().close();
      } catch (IOException e) {
        log.warn("Closing the OpenSearch client failed: {}", e.toString());
      }
    }
  }

  private void requirePhysicalName(String index) {
    if (index.equals(alias)) {
      throw new IllegalArgumentException(
          "'"
              + index
              + "' is the alias; a physical index needs its own name, e.g. "
              + alias
              + "-v2");
    }
    requireIndexName(index);
    if (!index.startsWith(alias + "-")) {
      throw new IllegalArgumentException(
          "index '" + index + "' must start with '" + alias + "-' (the alias this store serves)");
    }
  }

  private static String requireIndexName(String name) {
    if (name == null || !INDEX_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "index and alias names are lowercase letters, digits and '-', got '" + name + "'");
    }
    return name;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T call(String what, Call<T> call) {
    try {
      return call.run();
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  private static UncheckedIOException failed(String what, IOException e) {
    return new UncheckedIOException("OpenSearch: " + what + " failed: " + e.getMessage(), e);
  }
}
