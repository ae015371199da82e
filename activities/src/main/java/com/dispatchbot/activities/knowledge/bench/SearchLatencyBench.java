package com.dispatchbot.activities.knowledge.bench;

import com.dispatchbot.activities.knowledge.ChunkFilter;
import com.dispatchbot.activities.knowledge.KnowledgeChunk;
import com.dispatchbot.activities.knowledge.KnowledgeStore;
import com.dispatchbot.activities.knowledge.StoredHit;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * How fast a {@link KnowledgeStore} answers at a given size, and whether its vector search still
 * finds the true nearest chunks: fills a fresh physical index with a {@link SyntheticCorpus}, then
 * times vector, keyword and hybrid (both calls, one after the other) searches of one tenant.
 *
 * <p>Single-threaded and sequential, each call timed on its own after a warm-up (JIT, caches), so
 * the percentiles are the latency one caller sees on an otherwise idle store. Each call's CPU time
 * (of the calling thread) is recorded too: on a busy machine the wall-clock tail measures the
 * neighbours' load, the CPU time what the store itself costs (for an in-process store that searches
 * on the caller's thread, as Lucene here does; a remote store's work shows in wall time only). The
 * bench index is named {@code <alias>-bench-<chunks>}, replaced if it exists, dropped afterwards
 * unless kept; the live index is never touched.
 */
public final class SearchLatencyBench {

  /**
   * @param chunks chunks in the index, all tenants together
   * @param queries timed queries of each kind
   * @param warmUpQueries untimed queries of each kind first
   * @param recallQueries queries whose vector results are checked against an exact search
   * @param tenants tenants sharing the index; the bench searches the first one (its share: 1/n)
   * @param topics clusters of the synthetic vectors, shared out among the tenants
   * @param chunksPerDocument chunks of each synthetic document
   * @param documentsPerBatch documents per replaceDocuments call (one commit each)
   * @param settle the longest to wait, between filling and searching, for this JVM to go idle: an
   *     embedded store keeps digesting a bulk load in the background (Lucene merges segments and
   *     rebuilds their graphs), and searches meanwhile measure the digestion as much as the store.
   *     A remote store's own background work is not waited for
   * @param keepIndex keep the bench index afterwards (to inspect it, or search it again)
   */
  public record Options(
      int chunks,
      int dimensions,
      int queries,
      int warmUpQueries,
      int recallQueries,
      int tenants,
      int topics,
      int chunksPerDocument,
      int documentsPerBatch,
      int k,
      long seed,
      Duration settle,
      boolean keepIndex) {

    public Options {
      if (chunks < 1 || dimensions < 2 || queries < 1 || warmUpQueries < 0 || recallQueries < 0) {
        throw new IllegalArgumentException(
            "chunks, queries ≥ 1, dimensions ≥ 2, warm-up and recall queries ≥ 0");
      }
      if (tenants < 1
          || topics < tenants
          || chunksPerDocument < 1
          || documentsPerBatch < 1
          || k < 1) {
        throw new IllegalArgumentException(
            "tenants, chunksPerDocument, documentsPerBatch and k must be ≥ 1, topics ≥ tenants");
      }
      if (settle == null || settle.isNegative()) {
        throw new IllegalArgumentException("settle must be zero or more");
      }
    }

    /**
     * 384 dimensions (all-MiniLM-L6-v2), 10 tenants, 300 topics (30 a tenant), k=5, 1000 queries,
     * documents of 10 chunks written 50 at a time, and up to 5 minutes to settle.
     */
    public static Options of(int chunks) {
      return new Options(
          chunks, 384, 1000, 300, 200, 10, 300, 10, 50, 5, 42L, Duration.ofMinutes(5), false);
    }

    /** The same with another number of timed queries. */
    public Options withQueries(int timed) {
      return new Options(
          chunks,
          dimensions,
          timed,
          warmUpQueries,
          recallQueries,
          tenants,
          topics,
          chunksPerDocument,
          documentsPerBatch,
          k,
          seed,
          settle,
          keepIndex);
    }
  }

  /** Milliseconds. */
  public record Percentiles(double p50, double p95, double p99, double max) {
    static Percentiles of(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return new Percentiles(
          at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
    private static double at(long[] sorted, double p) {
      int rank = (int) Math.ceil(p * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }
  }

  /** Percentiles of each kind of search. */
  public record Latencies(Percentiles vector, Percentiles keyword, Percentiles hybrid) {}

  /**
   * @param tenantChunks chunks of the searched tenant
   * @param indexingSeconds time spent in replaceDocuments (generating the corpus not included)
   * @param wall elapsed time per call: what a caller waits
   * @param cpu the calling thread's CPU time per call: what the store costs, whatever the machine's
   *     load (for an in-process store that searches on the caller's thread, as Lucene here does)
   * @param recall mean share of the exact k nearest chunks that vector search returned
   */
  public record Report(
      String store,
      String index,
      Options options,
      long tenantChunks,
      double indexingSeconds,
      Latencies wall,
      Latencies cpu,
      double recall) {

    public double chunksPerSecond() {
      return options.chunks() / indexingSeconds;
    }

    public String toText() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "%s store, index %s: %d chunks (%d of the searched tenant), %d dims, k=%d%n",
              store,
              index,
              options.chunks(),
              tenantChunks,
              options.dimensions(),
              options.k()));
      sb.append(
          String.format(
              Locale.ROOT,
              "indexing: %.1f s, %.0f chunks/s (batches of %d documents × %d chunks)%n",
              indexingSeconds,
              chunksPerSecond(),
              options.documentsPerBatch(),
              options.chunksPerDocument()));
      sb.append(
          String.format(
              Locale.ROOT,
              "latency ms (%d queries each, after %d warm-up):%n",
              options.queries(),
              options.warmUpQueries()));
      table(sb, "wall", wall);
      table(sb, "cpu", cpu);
      sb.append(
          String.format(
              Locale.ROOT,
              "recall@%d of vector search vs exact: %.3f (%d queries)%n",
              options.k(),
              recall,
              options.recallQueries()));
      return sb.toString();
    }

    private static void table(StringBuilder sb, String title, Latencies latencies) {
      sb.append(
          String.format(
              Locale.ROOT, "  %-8s %8s %8s %8s %8s%n", title, "p50", "p95", "p99", "max"));
      row(sb, "vector", latencies.vector());
      row(sb, "keyword", latencies.keyword());
      row(sb, "hybrid", latencies.hybrid());
    }

    private static void row(StringBuilder sb, String name, Percentiles p) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-8s %8.2f %8.2f %8.2f %8.2f%n",
              name,
              p.p50(),
              p.p95(),
              p.p99(),
              p.max()));
    }
  }

  private SearchLatencyBench() {}

  /**
   * Fills, measures and returns the report ({@link Report#toText()}); progress goes to {@code out}.
   */
  public static Report run(KnowledgeStore store, Options options, PrintStream out) {
    SyntheticCorpus corpus =
        new SyntheticCorpus(
            options.seed(), options.dimensions(), options.tenants(), options.topics());
    String index = store.alias() + "-bench-" + options.chunks();
    String tenant = SyntheticCorpus.tenant(0);
    if (store.indices().contains(index)) {
      store.dropIndex(index);
    }
    store.createIndex(index, options.dimensions());
    try {
      Exact exact = new Exact(options.k());
      double indexingSeconds = fill(store, index, corpus, options, exact, out);
      settle(options.settle(), out);

      Random random = new Random(options.seed() + 1);
      float[][] vectors = new float[options.queries()][];
      String[] texts = new String[options.queries()];
      for (int i = 0; i < options.queries(); i++) {
        vectors[i] = corpus.queryVector(0, random);
        texts[i] = corpus.queryText(0, random);
      }
      warmUp(store, index, tenant, corpus, options);
      int k = options.k();
      ChunkFilter none = ChunkFilter.NONE;
      Timings vector =
          time(options.queries(), i -> store.vectorSearch(index, tenant, vectors[i], k, none));
      Timings keyword =
          time(options.queries(), i -> store.keywordSearch(index, tenant, texts[i], k, none));
      Timings hybrid =
          time(
              options.queries(),
              i -> {
                store.vectorSearch(index, tenant, vectors[i], k, none);
                store.keywordSearch(index, tenant, texts[i], k, none);
              });

      double found = 0;
      int checked = Math.min(options.recallQueries(), options.queries());
      for (int i = 0; i < checked; i++) {
        Set<String> truth = exact.nearest(vectors[i]);
        for (StoredHit hit : store.vectorSearch(index, tenant, vectors[i], k, none)) {
          found += truth.contains(hit.chunk().id()) ? 1 : 0;
        }
      }
      return new Report(
          store.kind(),
          index,
          options,
          store.countChunks(index, tenant),
          indexingSeconds,
          new Latencies(
              Percentiles.of(vector.wall),
              Percentiles.of(keyword.wall),
              Percentiles.of(hybrid.wall)),
          new Latencies(
              Percentiles.of(vector.cpu), Percentiles.of(keyword.cpu), Percentiles.of(hybrid.cpu)),
          checked == 0 ? Double.NaN : found / (checked * (double) k));
    } finally {
      if (!options.keepIndex()) {
        store.dropIndex(index);
      }
    }
  }

  /** Writes the corpus tenant by tenant in batches; returns the seconds spent in the store. */
  private static double fill(
      KnowledgeStore store,
      String index,
      SyntheticCorpus corpus,
      Options options,
      Exact exact,
      PrintStream out) {
    int documents =
        (options.chunks() + options.chunksPerDocument() - 1) / options.chunksPerDocument();
    List<Map<String, List<KnowledgeChunk>>> pending = new ArrayList<>();
    for (int t = 0; t < options.tenants(); t++) {
      pending.add(new LinkedHashMap<>());
    }
    long storeNanos = 0;
    int written = 0;
    int reported = 0;
    for (int d = 0; d < documents; d++) {
      int chunkCount =
          Math.min(options.chunksPerDocument(), options.chunks() - d * options.chunksPerDocument());
      List<KnowledgeChunk> chunks = corpus.document(d, chunkCount);
      int t = d % options.tenants();
      if (t == 0) {
        chunks.forEach(exact::add);
      }
      pending.get(t).put(SyntheticCorpus.documentId(d), chunks);
      boolean last = d == documents - 1;
      for (int u = 0; u < options.tenants(); u++) {
        Map<String, List<KnowledgeChunk>> batch = pending.get(u);
        if (!batch.isEmpty() && (batch.size() >= options.documentsPerBatch() || last)) {
          long start = System.nanoTime();
          store.replaceDocuments(index, SyntheticCorpus.tenant(u), batch);
          storeNanos += System.nanoTime() - start;
          written += batch.values().stream().mapToInt(List::size).sum();
          batch.clear();
        }
      }
      if (written >= reported + options.chunks() / 10) {
        reported = written;
        out.printf(
            Locale.ROOT,
            "  indexed %d / %d chunks (%.0f s in the store)%n",
            written,
            options.chunks(),
            storeNanos / 1e9);
      }
    }
    return storeNanos / 1e9;
  }

  /**
   * Waits until this JVM has used under a tenth of a core for {@link #QUIET_SECONDS} seconds in a
   * row (an embedded store's merges are done), or until {@code settle} has passed.
   */
  private static void settle(Duration settle, PrintStream out) {
    if (settle.isZero()) {
      return;
    }
    long start = System.nanoTime();
    long deadline = start + settle.toNanos();
    if (!(ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean jvm)) {
      pause(settle.toMillis()); // no process CPU time here: wait it out
      return;
    }
    int quiet = 0;
    long cpu = jvm.getProcessCpuTime();
    while (quiet < QUIET_SECONDS && System.nanoTime() < deadline) {
      pause(1000);
      long now = jvm.getProcessCpuTime();
      quiet = now - cpu < 100_000_000L ? quiet + 1 : 0;
      cpu = now;
    }
    out.printf(
        Locale.ROOT,
        "  %s after %d s%n",
        quiet >= QUIET_SECONDS ? "idle" : "still busy",
        (System.nanoTime() - start) / 1_000_000_000L);
  }

  private static final int QUIET_SECONDS = 2;

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while settling", e);
    }
  }

  /** Queries of each kind with other words and vectors than the timed ones. */
  private static void warmUp(
      KnowledgeStore store, String index, String tenant, SyntheticCorpus corpus, Options options) {
    Random random = new Random(options.seed() + 2);
    for (int i = 0; i < options.warmUpQueries(); i++) {
      store.vectorSearch(
          index, tenant, corpus.queryVector(0, random), options.k(), ChunkFilter.NONE);
      store.keywordSearch(
          index, tenant, corpus.queryText(0, random), options.k(), ChunkFilter.NONE);
    }
  }

  private interface Call {
    void run(int query);
  }

  private record Timings(long[] wall, long[] cpu) {}

  private static Timings time(int queries, Call call) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[queries];
    long[] cpu = new long[queries];
    for (int i = 0; i < queries; i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      call.run(i);
      wall[i] = System.nanoTime() - start;
      cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
    }
    return new Timings(wall, cpu);
  }

  /** The searched tenant's vectors, kept to find the true nearest chunks by brute force. */
  private static final class Exact {
    private final int k;
    private final List<String> ids = new ArrayList<>();
    private final List<float[]> vectors = new ArrayList<>();

    Exact(int k) {
      this.k = k;
    }

    void add(KnowledgeChunk chunk) {
      ids.add(chunk.id());
      vectors.add(chunk.vector());
    }

    /** Ids of the k chunks of highest cosine (dot product: all vectors are unit length). */
    Set<String> nearest(float[] query) {
      int[] best = new int[k];
      double[] bestScore = new double[k];
      Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
      for (int i = 0; i < vectors.size(); i++) {
        double score = dot(query, vectors.get(i));
        if (score > bestScore[k - 1]) {
          int at = k - 1;
          while (at > 0 && bestScore[at - 1] < score) {
            bestScore[at] = bestScore[at - 1];
            best[at] = best[at - 1];
            at--;
          }
          bestScore[at] = score;
          best[at] = i;
        }
      }
      Set<String> out = new HashSet<>();
      for (int j = 0; j < Math.min(k, vectors.size()); j++) {
        out.add(ids.get(best[j]));
      }
      return out;
    }

    private static double dot(float[] a, float[] b) {
      double sum = 0;
      for (int d = 0; d < a.length; d++) {
        sum += a[d] * b[d];
      }
      return sum;
    }
  }
}
