package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.intent.EmbeddingFileCache;
import com.dispatchbot.activities.intent.SentenceEncoder;
import com.dispatchbot.activities.knowledge.eval.GoldenQuestions;
import com.dispatchbot.activities.knowledge.eval.RetrievalMetrics;
import com.dispatchbot.activities.knowledge.eval.SquadCorpus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Retrieval quality, offline: builds throwaway embedded indices and prints hit@1, hit@5 and MRR@10
 * for BM25 alone, vectors alone and the hybrid, per chunk size.
 *
 * <ul>
 *   <li>{@code --test-queries} (default: COVID-QA in SQuAD format): a chunk is relevant when it
 *       contains the answer span.
 *   <li>{@code --knowledge-folder} (default: the sample tenant's knowledge base) with its {@code
 *       golden.json}: a chunk is relevant when it comes from the golden document. With {@code
 *       --out-of-scope} (CLINC150's oos_val), it also prints how the relevance threshold separates
 *       questions the knowledge base answers from those it cannot.
 * </ul>
 *
 * <pre>java -jar src/target/dispatch-bot.jar evaluate-search [--chunk-sizes 400,800,1200]</pre>
 */
@Command(
    name = "evaluate-search",
    mixinStandardHelpOptions = true,
    description = "Evaluate knowledge retrieval: hit@1, hit@5, MRR for BM25, vector and hybrid.")
public class EvaluateSearchCommand implements Callable<Integer> {

  @Option(
      names = "--test-queries",
      paramLabel = "PATH",
      description = "SQuAD-format questions and contexts (default: ${DEFAULT-VALUE}); 'none' skips")
  String testQueries = "../shared/data/retrieval/covid-qa-squad.json";

  @Option(
      names = "--knowledge-folder",
      paramLabel = "DIR",
      description =
          "a tenant's documents with golden.json (default: ${DEFAULT-VALUE}); 'none' skips")
  String knowledgeFolder = "src/main/resources/sample-data/knowledge/demo";

  @Option(
      names = "--out-of-scope",
      paramLabel = "PATH",
      description =
          "CLINC150 JSON whose oos_val questions the knowledge base cannot answer (default: ${DEFAULT-VALUE})")
  String outOfScope = "../shared/data/nlu/clinc150-train-val.json";

  @Option(
      names = "--chunk-sizes",
      split = ",",
      description = "chunk sizes in characters to compare (default: ${DEFAULT-VALUE})")
  int[] chunkSizes = {400, 800, 1200};

  @Option(
      names = "--overlap",
      description = "overlap as a share of the chunk size (default: ${DEFAULT-VALUE})")
  double overlap = 0.125;

  @Option(names = "--limit", description = "only the first N test questions (0: all)")
  int limit;

  @Option(
      names = "--min-score",
      description = "the threshold to report on with --out-of-scope (default: ${DEFAULT-VALUE})")
  double minScore = KnowledgeProperties.defaults().minScore();

  private static final Map<String, HybridSearch.Settings> MODES = new LinkedHashMap<>();

  static {
    MODES.put("bm25", new HybridSearch.Settings(1, 0, 0));
    MODES.put("vector", new HybridSearch.Settings(0, 1, 0));
    MODES.put("hybrid 0.3/0.7", new HybridSearch.Settings(0.3, 0.7, 0));
    MODES.put("hybrid 0.5/0.5", new HybridSearch.Settings(0.5, 0.5, 0));
  }

  private final SentenceEncoder encoder = SentenceEncoder.miniLm();
  private final EmbeddingFileCache cache = EmbeddingFileCache.inTempDir();

  @Override
  public Integer call() throws IOException {
    System.out.println("encoder: " + encoder.name() + "; embeddings cached under the temp dir");
    if (!"none".equals(testQueries)) {
      squad(Path.of(testQueries));
    }
    if (!"none".equals(knowledgeFolder)) {
      golden(Path.of(knowledgeFolder));
    }
    return 0;
  }

  private void squad(Path file) throws IOException {
    SquadCorpus corpus = SquadCorpus.load(file);
    List<SquadCorpus.Question> questions = corpus.questions();
    if (limit > 0 && questions.size() > limit) {
      questions = questions.subList(0, limit);
    }
    System.out.printf(
        Locale.ROOT,
        "%n== %s: %d documents, %d questions; relevant = the chunk contains the answer span%n",
        file.getFileName(),
        corpus.documents().size(),
        questions.size());
    List<float[]> questionVectors =
        cache.embedAll(encoder, questions.stream().map(SquadCorpus.Question::text).toList());
    for (int size : chunkSizes) {
      Map<String, String> docs = new LinkedHashMap<>();
      Map<String, String> titles = new LinkedHashMap<>();
      corpus
          .documents()
          .forEach(
              d -> {
                docs.put(d.id(), d.text());
                titles.put(d.id(), d.title());
              });
      try (Built built = build(docs, titles, size)) {
        for (Map.Entry<String, HybridSearch.Settings> mode : MODES.entrySet()) {
          RetrievalMetrics<SquadCorpus.Question, SearchHit> metrics =
              RetrievalMetrics.standard(
                  RetrievalMetrics.containsAnswer(SquadCorpus.Question::answers, SearchHit::text));
          for (int i = 0; i < questions.size(); i++) {
            SquadCorpus.Question q = questions.get(i);
            metrics.add(q, built.search(q.text(), questionVectors.get(i), 10, mode.getValue()));
          }
          print(size, built.chunks, mode.getKey(), metrics.result(mode.getKey()));
        }
      }
    }
  }

  private void golden(Path folder) throws IOException {
    List<GoldenQuestions.Question> golden = GoldenQuestions.load(folder.resolve("golden.json"));
    Map<String, String> docs = new LinkedHashMap<>();
    Map<String, String> titles = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.equals("golden.json")) {
          continue;
        }
        DocumentReader.Read read =
            DocumentReader.read(Files.readAllBytes(f), DocumentReader.Type.detect(null, name));
        String id = name.substring(0, name.lastIndexOf('.'));
        docs.put(id, read.text());
        titles.put(id, read.title() == null ? id : read.title());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n== %s: %d documents, %d golden questions; relevant = a chunk of the golden document%n",
        folder,
        docs.size(),
        golden.size());
    List<float[]> questionVectors =
        encoder.embedAll(golden.stream().map(GoldenQuestions.Question::question).toList());
    List<String> oos = outOfScopeQuestions();
    List<float[]> oosVectors = oos.isEmpty() ? List.of() : cache.embedAll(encoder, oos);
    for (int size : chunkSizes) {
      try (Built built = build(docs, titles, size)) {
        for (Map.Entry<String, HybridSearch.Settings> mode : MODES.entrySet()) {
          RetrievalMetrics<GoldenQuestions.Question, SearchHit> metrics =
              RetrievalMetrics.standard(
                  RetrievalMetrics.sameDocument(
                      GoldenQuestions.Question::documentId, SearchHit::documentId));
          for (int i = 0; i < golden.size(); i++) {
            metrics.add(
                golden.get(i),
                built.search(
                    golden.get(i).question(), questionVectors.get(i), 10, mode.getValue()));
          }
          print(size, built.chunks, mode.getKey(), metrics.result(mode.getKey()));
        }
        if (!oos.isEmpty()) {
          threshold(built, golden, questionVectors, oos, oosVectors);
        }
      }
    }
  }

  /** How the default hybrid's best score separates answerable from unanswerable questions. */
  private void threshold(
      Built built,
      List<GoldenQuestions.Question> golden,
      List<float[]> goldenVectors,
      List<String> oos,
      List<float[]> oosVectors) {
    HybridSearch.Settings hybrid = KnowledgeProperties.defaults().search().withMinScore(0);
    double[] in = new double[golden.size()];
    for (int i = 0; i < golden.size(); i++) {
      List<SearchHit> hits =
          built.search(golden.get(i).question(), goldenVectors.get(i), 1, hybrid);
      in[i] = hits.isEmpty() ? 0 : hits.get(0).score();
    }
    double[] out = new double[oos.size()];
    for (int i = 0; i < oos.size(); i++) {
      List<SearchHit> hits = built.search(oos.get(i), oosVectors.get(i), 1, hybrid);
      out[i] = hits.isEmpty() ? 0 : hits.get(0).score();
    }
    System.out.printf(
        Locale.ROOT,
        "   threshold   golden kept   out-of-scope rejected   (best hybrid score; golden median %.2f, out-of-scope median %.2f)%n",
        median(in),
        median(out));
    for (double t :
        java.util.stream.DoubleStream.of(0.35, 0.40, 0.45, 0.50, 0.55, minScore)
            .distinct()
            .sorted()
            .toArray()) {
      System.out.printf(
          Locale.ROOT,
          "   %9.2f   %11.1f%%   %21.1f%%%s%n",
          t,
          100.0 * Arrays.stream(in).filter(s -> s >= t).count() / in.length,
          100.0 * Arrays.stream(out).filter(s -> s < t).count() / out.length,
          t == minScore ? "   <- KNOWLEDGE_MIN_SCORE" : "");
    }
  }

  private List<String> outOfScopeQuestions() throws IOException {
    if ("none".equals(outOfScope) || !Files.exists(Path.of(outOfScope))) {
      return List.of();
    }
    JsonNode root = new ObjectMapper().readTree(Path.of(outOfScope).toFile());
    List<String> out = new ArrayList<>();
    root.path("oos_val").forEach(pair -> out.add(pair.get(0).asText()));
    return out;
  }

  private static void print(int size, int chunks, String mode, RetrievalMetrics.Result r) {
    System.out.printf(
        Locale.ROOT,
        "   chunk %5d (%5d chunks)  %-15s hit@1 %.3f  hit@5 %.3f  MRR@10 %.3f  (n=%d)%n",
        size,
        chunks,
        mode,
        r.hitAt(1),
        r.hitAt(5),
        r.mrr(),
        r.count());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
  }

  /** A throwaway embedded index of the documents, chunked at one size. */
  private Built build(Map<String, String> docs, Map<String, String> titles, int size)
      throws IOException {
    Path dir = Files.createTempDirectory("dispatch-eval-");
    LuceneKnowledgeStore store = LuceneKnowledgeStore.open(dir, "eval");
    Chunker chunker = new Chunker(size, (int) Math.round(size * overlap));
    String index = store.liveIndex(encoder.dimensions());
    List<KnowledgeChunk> all = new ArrayList<>();
    for (Map.Entry<String, String> doc : docs.entrySet()) {
      String title = titles.get(doc.getKey());
      ChunkMetadata meta = new ChunkMetadata(title, "eval", List.of(), "eval", Instant.EPOCH);
      List<String> pieces = chunker.split(doc.getValue());
      for (int i = 0; i < pieces.size(); i++) {
        all.add(new KnowledgeChunk("eval", doc.getKey(), i, pieces.get(i), new float[0], meta));
      }
    }
    List<float[]> vectors;
    try (ProgressBar bar = new ProgressBar("embed " + size, all.size())) {
      vectors = new ArrayList<>(all.size());
      for (int from = 0; from < all.size(); from += 256) {
        List<KnowledgeChunk> batch = all.subList(from, Math.min(all.size(), from + 256));
        vectors.addAll(
            cache.embedAll(
                encoder,
                batch.stream()
                    .map(c -> KnowledgeBase.embeddingText(c.metadata().title(), c.text()))
                    .toList()));
        bar.stepBy(batch.size());
      }
    }
    Map<String, List<KnowledgeChunk>> byDoc = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      KnowledgeChunk c = all.get(i);
      byDoc
          .computeIfAbsent(c.documentId(), k -> new ArrayList<>())
          .add(
              new KnowledgeChunk(
                  c.tenantId(), c.documentId(), c.index(), c.text(), vectors.get(i), c.metadata()));
    }
    store.replaceDocuments(index, "eval", byDoc);
    return new Built(store, dir, all.size());
  }

  private static final class Built implements AutoCloseable {
    final LuceneKnowledgeStore store;
    final Path dir;
    final int chunks;

    Built(LuceneKnowledgeStore store, Path dir, int chunks) {
      this.store = store;
      this.dir = dir;
      this.chunks = chunks;
    }

    List<SearchHit> search(String text, float[] vector, int k, HybridSearch.Settings how) {
      return HybridSearch.search(
          store, store.alias(), "eval", text, vector, k, ChunkFilter.NONE, how);
    }

    @Override
    public void close() throws IOException {
      store.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
