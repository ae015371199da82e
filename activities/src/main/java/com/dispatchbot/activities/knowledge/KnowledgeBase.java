package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.intent.SentenceEncoder;
import com.dispatchbot.activities.knowledge.DocumentRejectedException.Reason;
import com.dispatchbot.activities.knowledge.KnowledgeDocuments.GoldenQuestion;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A tenant's knowledge: documents in Postgres (the system of record), their chunks in the vector
 * store. Ingestion validates, cleans, chunks and embeds before anything is written, then writes the
 * row and the chunks in one database transaction, so a failed ingestion leaves both as they were.
 * Reindexing compares checksums and re-embeds only what changed.
 */
public class KnowledgeBase {
  /** Documents embedded and written per store write while syncing. */
  static final int BATCH_DOCUMENTS = 8;

  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$");

  /** How the knowledge base is set up (see KnowledgeProperties for the env vars). */
  public record Settings(
      int maxDocumentChars, HybridSearch.Settings search, int defaultTopK, int maxTopK) {}

  /** What an ingestion did: {@code changed} is false when the document was already there as is. */
  public record IngestResult(
      String documentId, String title, int chunks, boolean changed, String checksum) {}

  /** What a sync did to one tenant in one index. */
  public record SyncResult(String tenantId, int documents, int embedded, int removed, int chunks) {}

  /** Called after each batch while syncing: documents done so far, documents to do. */
  @FunctionalInterface
  public interface Progress {
    void done(int documentsDone, int documentsTotal);
  }

  private final KnowledgeStore store;
  private final SentenceEncoder encoder;
  private final KnowledgeDocuments documents;
  private final Chunker chunker;
  private final Settings settings;
  private final Predicate<String> tenantExists;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final DistributionSummary relevance;
  private final Timer searchTimer;

  /** The physical index {@link #liveIndex()} last found usable; checked again when it moves. */
  private volatile String verifiedLive;

  public KnowledgeBase(
      KnowledgeStore store,
      SentenceEncoder encoder,
      KnowledgeDocuments documents,
      Chunker chunker,
      Settings settings,
      Predicate<String> tenantExists,
      TransactionTemplate transactions,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.encoder = encoder;
    this.documents = documents;
    this.chunker = chunker;
    this.settings = settings;
    this.tenantExists = tenantExists;
    this.transactions = transactions;
    this.clock = clock;
    MeterRegistry registry = meters == null ? new SimpleMeterRegistry() : meters;
    this.relevance =
        DistributionSummary.builder("dispatch.knowledge.context.relevance")
            .description("Hybrid score of the best chunk retrieved for a question (0..1)")
            .tag("store", store.kind())
            .publishPercentileHistogram()
            .minimumExpectedValue(0.01)
            .maximumExpectedValue(1.0)
            .register(registry);
    this.searchTimer =
        Timer.builder("dispatch.knowledge.search")
            .description("Knowledge search: embedding the question plus the hybrid search")
            .tag("store", store.kind())
            .publishPercentileHistogram()
            .register(registry);
  }

  public KnowledgeStore store() {
    return store;
  }

  public SentenceEncoder encoder() {
    return encoder;
  }

  public Settings settings() {
    return settings;
  }

  public KnowledgeDocuments documents() {
    return documents;
  }

  // --- ingestion ----------------------------------------------------------------------------

  /**
   * Adds or replaces a document and its chunks in the live index.
   *
   * @throws DocumentRejectedException with the reason, before anything is written
   */
  public IngestResult ingest(String tenantId, NewDocument input) {
    requireTenant(tenantId);
    KnowledgeDocument doc = prepare(tenantId, input);
    KnowledgeDocument existing = documents.find(tenantId, doc.id()).orElse(null);
    String live = liveIndex();
    if (existing != null
        && existing.checksum().equals(doc.checksum())
        && doc.checksum().equals(store.checksums(live, tenantId).get(doc.id()))) {
      return new IngestResult(doc.id(), doc.title(), 0, false, doc.checksum());
    }
    List<KnowledgeChunk> chunks = embed(doc);
    transactions.executeWithoutResult(
        tx -> {
          documents.upsert(doc);
          store.replaceDocument(live, tenantId, doc.id(), chunks);
        });
    return new IngestResult(doc.id(), doc.title(), chunks.size(), true, doc.checksum());
  }

  /** Removes a document from Postgres and the live index; false when there was none. */
  public boolean delete(String tenantId, String documentId) {
    requireTenant(tenantId);
    if (!ID.matcher(documentId).matches()) {
      return false;
    }
    Boolean deleted =
        transactions.execute(
            tx -> {
              boolean had = documents.delete(tenantId, documentId);
              store.deleteDocument(store.alias(), tenantId, documentId);
              return had;
            });
    return Boolean.TRUE.equals(deleted);
  }

  KnowledgeDocument prepare(String tenantId, NewDocument input) {
    DocumentReader.Type type = DocumentReader.Type.detect(input.mediaType(), input.fileName());
    long size =
        input.bytes() != null
            ? input.bytes().length
            : input.text() == null ? 0 : input.text().length();
    if (size == 0) {
      throw new DocumentRejectedException(Reason.INVALID, "the document is empty");
    }
    // Read at most a few times the limit: the clean text is checked against it below.
    if (size > 4L * settings.maxDocumentChars()) {
      throw tooLarge(size);
    }
    DocumentReader.Read read =
        input.bytes() != null
            ? DocumentReader.read(input.bytes(), type)
            : DocumentReader.read(input.text(), type);
    if (read.text().isBlank()) {
      throw new DocumentRejectedException(
          Reason.INVALID, "the document has no text once cleaned (only markup or whitespace?)");
    }
    if (read.text().length() > settings.maxDocumentChars()) {
      throw tooLarge(read.text().length());
    }
    String title = firstNonBlank(input.title(), read.title(), baseName(input.fileName()));
    if (title == null) {
      throw new DocumentRejectedException(
          Reason.INVALID,
          "the document needs a title (a field, a front-matter title, or a file name)");
    }
    title = title.strip();
    if (title.length() > 300) {
      throw new DocumentRejectedException(Reason.INVALID, "the title is over 300 characters");
    }
    String id = firstNonBlank(input.id(), null, null);
    if (id == null) {
      id = input.fileName() != null ? slug(baseName(input.fileName())) : slug(title);
    }
    if (!ID.matcher(id).matches()) {
      throw new DocumentRejectedException(
          Reason.INVALID,
          "document id '"
              + id
              + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    String source = firstNonBlank(input.source(), read.source(), "api");
    List<String> tags =
        new ChunkMetadata(
                title, source, input.tags() != null ? input.tags() : read.tags(), null, null)
            .tags();
    String checksum = checksum(title, source, tags, read.text());
    return new KnowledgeDocument(
        tenantId,
        id,
        title,
        source,
        tags,
        type.mediaType(),
        read.text(),
        checksum,
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** Chunks and embeds a document (CPU-heavy; no I/O). */
  List<KnowledgeChunk> embed(KnowledgeDocument doc) {
    List<String> pieces = chunker.split(doc.body());
    // The title goes into each chunk's embedding: "Price list: $149 per drain" is found by
    // "how much" questions that never repeat the title's words.
    List<String> toEmbed = pieces.stream().map(p -> embeddingText(doc.title(), p)).toList();
    List<float[]> vectors = encoder.embedAll(toEmbed);
    List<KnowledgeChunk> chunks = new ArrayList<>(pieces.size());
    ChunkMetadata meta = doc.metadata();
    for (int i = 0; i < pieces.size(); i++) {
      chunks.add(
          new KnowledgeChunk(doc.tenantId(), doc.id(), i, pieces.get(i), vectors.get(i), meta));
    }
    return chunks;
  }

  /** What is embedded for a chunk: its document's title, then its text. */
  public static String embeddingText(String title, String chunk) {
    return title == null || title.isBlank() ? chunk : title + ": " + chunk;
  }

  // --- search -------------------------------------------------------------------------------

  /** Hybrid search in the live index, best first; hits under the threshold are left out. */
  public List<SearchHit> search(String tenantId, String query, int k, ChunkFilter filter) {
    requireTenant(tenantId);
    if (query == null || query.isBlank()) {
      throw new DocumentRejectedException(Reason.INVALID, "the query is empty");
    }
    if (query.length() > 2_000) {
      throw new DocumentRejectedException(Reason.INVALID, "the query is over 2,000 characters");
    }
    if (k < 1 || k > settings.maxTopK()) {
      throw new DocumentRejectedException(
          Reason.INVALID, "k must be between 1 and " + settings.maxTopK());
    }
    liveIndex();
    long started = System.nanoTime();
    float[] vector = encoder.embed(query);
    List<SearchHit> hits =
        HybridSearch.search(
            store, store.alias(), tenantId, query, vector, k, filter, settings.search());
    searchTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    relevance.record(hits.isEmpty() ? 0 : hits.get(0).score());
    return hits;
  }

  // --- reindexing ---------------------------------------------------------------------------

  /**
   * Makes {@code index} hold exactly the tenant's documents as Postgres has them: documents whose
   * checksum differs (or that are missing) are re-embedded, documents no longer in Postgres are
   * removed. Safe to repeat and to resume after a crash: finished documents already match.
   */
  public SyncResult sync(String index, String tenantId, Progress progress) {
    Map<String, String> wanted = documents.checksums(tenantId);
    Map<String, String> held = store.checksums(index, tenantId);
    List<String> stale = new ArrayList<>();
    wanted.forEach(
        (id, sum) -> {
          if (!sum.equals(held.get(id))) {
            stale.add(id);
          }
        });
    List<String> gone =
        held.keySet().stream().filter(id -> !wanted.containsKey(id)).sorted().toList();
    int total = stale.size() + gone.size();
    int done = 0;
    int chunks = 0;
    progress.done(0, total);
    for (int from = 0; from < stale.size(); from += BATCH_DOCUMENTS) {
      List<String> ids = stale.subList(from, Math.min(stale.size(), from + BATCH_DOCUMENTS));
      Map<String, List<KnowledgeChunk>> batch = new LinkedHashMap<>();
      for (KnowledgeDocument doc : documents.findAll(tenantId, ids)) {
        List<KnowledgeChunk> embedded = embed(doc);
        chunks += embedded.size();
        batch.put(doc.id(), embedded);
      }
      store.replaceDocuments(index, tenantId, batch);
      done += ids.size();
      progress.done(done, total);
    }
    if (!gone.isEmpty()) {
      Map<String, List<KnowledgeChunk>> removals = new LinkedHashMap<>();
      gone.forEach(id -> removals.put(id, List.of()));
      store.replaceDocuments(index, tenantId, removals);
      done += gone.size();
      progress.done(done, total);
    }
    return new SyncResult(tenantId, wanted.size(), stale.size(), gone.size(), chunks);
  }

  /** Document ids whose checksum in {@code index} differs from Postgres (missing ones included). */
  public List<String> missingOrStale(String index, String tenantId) {
    Map<String, String> held = store.checksums(index, tenantId);
    List<String> out = new ArrayList<>();
    documents
        .checksums(tenantId)
        .forEach(
            (id, sum) -> {
              if (!sum.equals(held.get(id))) {
                out.add(id);
              }
            });
    return out;
  }

  /**
   * Share of golden questions whose document has a chunk among the top {@code k} hybrid results in
   * {@code index} (no threshold: this measures ranking), or NaN without questions.
   */
  public double recallAtK(String index, String tenantId, List<GoldenQuestion> questions, int k) {
    if (questions.isEmpty()) {
      return Double.NaN;
    }
    int found = 0;
    HybridSearch.Settings how = settings.search().withMinScore(0);
    for (GoldenQuestion q : questions) {
      float[] vector = encoder.embed(q.question());
      List<SearchHit> hits =
          HybridSearch.search(
              store, index, tenantId, q.question(), vector, k, ChunkFilter.NONE, how);
      if (hits.stream().anyMatch(h -> h.documentId().equals(q.documentId()))) {
        found++;
      }
    }
    return (double) found / questions.size();
  }

  /**
   * The live index, created on first use; refuses to go on when it was built with another embedding
   * model than the one configured now (its vectors would not compare).
   */
  public String liveIndex() {
    String live = store.liveIndex(encoder.dimensions());
    if (live.equals(verifiedLive)) {
      return live; // a physical index's layout and dimensions never change
    }
    if (!store.searchable(live)) {
      throw new DocumentRejectedException(
          Reason.INDEX_MISMATCH,
          "the live knowledge index was written by an older version of the store: run a full"
              + " reindex (POST /v1/knowledge/reindex {\"mode\":\"full\"})");
    }
    int held = store.dimensions(live);
    if (held != encoder.dimensions()) {
      throw new DocumentRejectedException(
          Reason.INDEX_MISMATCH,
          "the live knowledge index holds "
              + held
              + "-dimension vectors but the embedding model ("
              + encoder.name()
              + ") makes "
              + encoder.dimensions()
              + ": run a full reindex (POST /v1/knowledge/reindex {\"mode\":\"full\"})");
    }
    verifiedLive = live;
    return live;
  }

  // --- helpers ------------------------------------------------------------------------------

  private void requireTenant(String tenantId) {
    if (tenantId == null || tenantId.isBlank() || !tenantExists.test(tenantId)) {
      throw new DocumentRejectedException(
          Reason.UNKNOWN_TENANT, "unknown tenant '" + (tenantId == null ? "" : tenantId) + "'");
    }
  }

  private DocumentRejectedException tooLarge(long size) {
    return new DocumentRejectedException(
        Reason.TOO_LARGE,
        "the document has "
            + size
            + " characters; the limit is "
            + settings.maxDocumentChars()
            + " (MAX_DOCUMENT_CHARS): split it into several documents");
  }

  static String checksum(String title, String source, List<String> tags, String body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : List.of(title, source, String.join(",", tags), body)) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static String slug(String text) {
    String ascii =
        Normalizer.normalize(text, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    return ascii.length() > 100 ? ascii.substring(0, 100).replaceAll("-+$", "") : ascii;
  }

  private static String baseName(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      return null;
    }
    String name = fileName.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static String firstNonBlank(String a, String b, String c) {
    for (String s : new String[] {a, b, c}) {
      if (s != null && !s.isBlank()) {
        return s.strip();
      }
    }
    return null;
  }

  Instant now() {
    return clock.instant();
  }
}
