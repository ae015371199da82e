package com.dispatchbot.activities.knowledge;

import java.util.List;
import java.util.Map;

/**
 * Where knowledge chunks live: one contract for the embedded Lucene store and for OpenSearch.
 *
 * <p>A store holds physical indices; one name, {@link #alias()}, points at the live one. Searches
 * and incremental writes name the alias; a full rebuild writes a fresh physical index and then
 * {@link #pointAliasAt moves the alias} in one atomic step, so searches keep answering from the old
 * index until the new one is verified.
 *
 * <p>Every read and write names a tenant, and a tenant never sees another tenant's chunks. Every
 * write is idempotent (activities call it and Temporal retries them).
 */
public interface KnowledgeStore extends AutoCloseable {

  /** {@code lucene} or {@code opensearch}, for reports and metrics. */
  String kind();

  /** The name that always means "the live index" ({@code VECTOR_STORE_INDEX}). */
  String alias();

  /**
   * The physical index the alias points at. On first use (no alias yet) creates an empty index of
   * {@code dimensions} and points the alias at it.
   */
  String liveIndex(int dimensions);

  /**
   * Creates an empty physical index; idempotent (an existing index of the same name is left as it
   * is). Names are lowercase letters, digits and '-'.
   *
   * @throws IllegalArgumentException when {@code index} equals the alias
   */
  void createIndex(String index, int dimensions);

  /** Atomically points the alias at {@code index}; a search sees the old index or the new one. */
  void pointAliasAt(String index);

  /** Deletes a physical index; a no-op when it does not exist; refuses the live one. */
  void dropIndex(String index);

  /** Physical indices whose name starts with the alias, oldest first. */
  List<String> indices();

  /** Vector dimensions of an index (or of the live one when given the alias). */
  int dimensions(String index);

  /**
   * False when the index was written in a layout this version of the store cannot read (an upgrade
   * changed it); a full reindex replaces such an index.
   */
  default boolean searchable(String index) {
    return true;
  }

  /**
   * Writes a batch of documents of one tenant: after this returns, each named document's chunks in
   * {@code index} are exactly the given ones (an empty list removes the document). The batch is one
   * write where the engine allows it (Lucene: one commit). A reader never sees a document with none
   * of its chunks while it had some before: implementations write the new chunks first, then remove
   * the leftovers.
   *
   * @param chunksByDocument documentId → its chunks, all of {@code tenantId} and that document
   */
  void replaceDocuments(
      String index, String tenantId, Map<String, List<KnowledgeChunk>> chunksByDocument);

  /** {@link #replaceDocuments} for one document. */
  default void replaceDocument(
      String index, String tenantId, String documentId, List<KnowledgeChunk> chunks) {
    replaceDocuments(index, tenantId, Map.of(documentId, chunks));
  }

  /** Removes every chunk of the document; a no-op when there is none. */
  void deleteDocument(String index, String tenantId, String documentId);

  /** documentId → checksum of each document of the tenant held in the index. */
  Map<String, String> checksums(String index, String tenantId);

  /** Number of chunks of the tenant in the index. */
  long countChunks(String index, String tenantId);

  /**
   * Nearest chunks by cosine similarity, best first. {@link StoredHit#score()} is the cosine
   * similarity itself (-1..1): adapters undo their engine's score transforms.
   */
  List<StoredHit> vectorSearch(
      String index, String tenantId, float[] query, int k, ChunkFilter filter);

  /**
   * Best chunks by BM25 over the chunk text (and title), best first; {@link StoredHit#score()} is
   * the engine's BM25 score. Hits carry their vectors so the caller can score them by cosine too.
   */
  List<StoredHit> keywordSearch(
      String index, String tenantId, String query, int k, ChunkFilter filter);

  @Override
  void close();
}
