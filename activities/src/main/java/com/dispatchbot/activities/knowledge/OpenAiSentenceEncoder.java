package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.intent.SentenceEncoder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import java.time.Duration;
import java.util.List;

/**
 * Knowledge embeddings from an OpenAI-compatible {@code /v1/embeddings} endpoint ({@code
 * EMBEDDING_MODEL}, e.g. text-embedding-3-small), with the LLM's key and base URL. Vectors are
 * normalised to unit length so cosine scores compare with the in-process model's.
 */
public final class OpenAiSentenceEncoder implements SentenceEncoder {
  private final EmbeddingModel model;
  private final String modelName;
  private volatile int dimensions;

  public OpenAiSentenceEncoder(String baseUrl, String apiKey, String modelName, Duration timeout) {
    this.modelName = modelName;
    this.model =
        OpenAiEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .apiKey(apiKey)
            .modelName(modelName)
            .timeout(timeout)
            .maxRetries(2)
            .logRequests(false)
            .logResponses(false)
            .build();
  }

  @Override
  public float[] embed(String text) {
    return unit(model.embed(text == null || text.isBlank() ? " " : text).content().vector());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments =
        texts.stream().map(t -> TextSegment.from(t == null || t.isBlank() ? " " : t)).toList();
    return model.embedAll(segments).content().stream()
        .map(Embedding::vector)
        .map(OpenAiSentenceEncoder::unit)
        .toList();
  }

  @Override
  public String name() {
    return modelName + " (OpenAI embeddings)";
  }

  /** Asked of the provider once (the model decides it), then remembered. */
  @Override
  public int dimensions() {
    int d = dimensions;
    if (d == 0) {
      d = embed("dimensions").length;
      dimensions = d;
    }
    return d;
  }

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      return v;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
