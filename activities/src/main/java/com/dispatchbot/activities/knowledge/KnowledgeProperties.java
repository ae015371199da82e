package com.dispatchbot.activities.knowledge;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The knowledge base ({@code dispatch.knowledge.*}, bound from the runbook's env vars). With none
 * set: the embedded Lucene store under {@code data/knowledge}, in-process MiniLM embeddings, hybrid
 * weights 0.3 / 0.7.
 *
 * @param vectorStoreUrl VECTOR_STORE_URL: an OpenSearch URL ({@code https://user:pass@host:9200});
 *     empty means the embedded store
 * @param vectorStoreIndex VECTOR_STORE_INDEX: the alias searches use; physical indices are named
 *     after it
 * @param dataDir KNOWLEDGE_DIR: where the embedded store keeps its indices
 * @param embeddingModel EMBEDDING_MODEL: empty or {@code all-minilm-l6-v2} for the in-process
 *     model, otherwise an OpenAI embedding model name (uses OPENAI_API_KEY and LLM_BASE_URL)
 * @param bm25Weight BM25_WEIGHT
 * @param vectorWeight VECTOR_WEIGHT
 * @param minScore KNOWLEDGE_MIN_SCORE: the least hybrid score a chunk needs to be used in an answer
 * @param topK KNOWLEDGE_TOP_K: chunks given to the model per question
 * @param chunkSize CHUNK_SIZE in characters
 * @param chunkOverlap CHUNK_OVERLAP in characters
 * @param maxDocumentChars MAX_DOCUMENT_CHARS: the largest document accepted, in characters of text
 */
@Validated
@ConfigurationProperties("dispatch.knowledge")
public record KnowledgeProperties(
    String vectorStoreUrl,
    @Pattern(
            regexp = "[a-z0-9][a-z0-9_-]{0,100}",
            message = "lowercase letters, digits, '-' or '_'")
        String vectorStoreIndex,
    String dataDir,
    String embeddingModel,
    @DecimalMin("0") @DecimalMax("1") Double bm25Weight,
    @DecimalMin("0") @DecimalMax("1") Double vectorWeight,
    @DecimalMin("0") @DecimalMax("1") Double minScore,
    @Min(1) @Max(20) Integer topK,
    @Min(200) @Max(8000) Integer chunkSize,
    @Min(0) @Max(2000) Integer chunkOverlap,
    @Min(1000) @Max(5_000_000) Integer maxDocumentChars) {

  public static final String IN_PROCESS_MODEL = "all-minilm-l6-v2";

  public KnowledgeProperties {
    vectorStoreUrl = blank(vectorStoreUrl) ? null : vectorStoreUrl.strip();
    vectorStoreIndex = blank(vectorStoreIndex) ? "dispatch-knowledge" : vectorStoreIndex.strip();
    dataDir = blank(dataDir) ? "data/knowledge" : dataDir.strip();
    embeddingModel = blank(embeddingModel) ? IN_PROCESS_MODEL : embeddingModel.strip();
    bm25Weight = bm25Weight == null ? 0.3 : bm25Weight;
    vectorWeight = vectorWeight == null ? 0.7 : vectorWeight;
    minScore = minScore == null ? 0.45 : minScore;
    topK = topK == null ? 4 : topK;
    chunkSize = chunkSize == null ? 800 : chunkSize;
    chunkOverlap = chunkOverlap == null ? 100 : chunkOverlap;
    maxDocumentChars = maxDocumentChars == null ? 500_000 : maxDocumentChars;
  }

  public static KnowledgeProperties defaults() {
    return new KnowledgeProperties(
        null, null, null, null, null, null, null, null, null, null, null);
  }

  public boolean openSearch() {
    return vectorStoreUrl != null;
  }

  public boolean inProcessEmbeddings() {
    return IN_PROCESS_MODEL.equalsIgnoreCase(embeddingModel);
  }

  public HybridSearch.Settings search() {
    return new HybridSearch.Settings(bm25Weight, vectorWeight, minScore);
  }

  /** Never prints the store URL's credentials. */
  @Override
  public String toString() {
    return "KnowledgeProperties[store=%s, index=%s, embeddingModel=%s, weights=%s/%s, minScore=%s, topK=%s, chunks=%s/%s]"
        .formatted(
            openSearch() ? "opensearch " + redact(vectorStoreUrl) : "lucene " + dataDir,
            vectorStoreIndex,
            embeddingModel,
            bm25Weight,
            vectorWeight,
            minScore,
            topK,
            chunkSize,
            chunkOverlap);
  }

  static String redact(String url) {
    return url.replaceAll("//[^/@]*@", "//***@");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
