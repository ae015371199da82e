package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.knowledge.bench.SearchLatencyBench;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Search latency on a synthetic corpus (seeded): p50/p95/p99 of vector, keyword and hybrid
 * searches, indexing throughput, and HNSW recall against exact search. Embedded store by default (a
 * throwaway folder); {@code --opensearch URL} measures an OpenSearch node instead (a throwaway
 * alias there, deleted afterwards).
 *
 * <pre>java -jar src/target/dispatch-bot.jar benchmark-search --chunks 10000,100000</pre>
 */
@Command(
    name = "benchmark-search",
    mixinStandardHelpOptions = true,
    description = "Benchmark knowledge search latency on a synthetic corpus.")
public class BenchmarkSearchCommand implements Callable<Integer> {

  @Option(
      names = "--chunks",
      split = ",",
      description = "corpus sizes to measure (default: ${DEFAULT-VALUE})")
  int[] chunks = {10_000, 100_000};

  @Option(
      names = {"--queries", "--iterations"},
      description = "timed queries per kind (default: ${DEFAULT-VALUE})")
  int queries = 1000;

  @Option(
      names = "--opensearch",
      paramLabel = "URL",
      description = "measure this OpenSearch instead of the embedded store")
  URI openSearch;

  @Override
  public Integer call() throws Exception {
    for (int size : chunks) {
      SearchLatencyBench.Options options = SearchLatencyBench.Options.of(size).withQueries(queries);
      if (openSearch != null) {
        try (KnowledgeStore store =
            OpenSearchKnowledgeStore.connect(openSearch, "dispatch-bench-" + size)) {
          System.out.println(SearchLatencyBench.run(store, options, System.out).toText());
        }
      } else {
        Path dir = Files.createTempDirectory("dispatch-bench-");
        try (KnowledgeStore store = LuceneKnowledgeStore.open(dir, "bench")) {
          System.out.println(SearchLatencyBench.run(store, options, System.out).toText());
        } finally {
          org.springframework.util.FileSystemUtils.deleteRecursively(dir);
        }
      }
    }
    return 0;
  }
}
