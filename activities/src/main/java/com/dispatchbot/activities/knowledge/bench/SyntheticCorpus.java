package com.dispatchbot.activities.knowledge.bench;

import com.dispatchbot.activities.knowledge.ChunkMetadata;
import com.dispatchbot.activities.knowledge.KnowledgeChunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Made-up knowledge with the shape of the real thing, reproducible from a seed.
 *
 * <p>Words: a vocabulary of pronounceable made-up words drawn with Zipf frequencies (a few words
 * are everywhere, most are rare, as in English), so BM25 meets both long and short posting lists.
 * Each document has a topic (a cluster); a fifth of its words come from the topic's own words, so
 * keyword queries on a topic have documents to find. Topics belong to tenants (tenant t owns topics
 * t, t + tenants, ...), as a plumber's knowledge is about plumbing, and questions are asked on the
 * searched tenant's topics. (Topics spread over all tenants left the searched tenant of a 10k
 * corpus with 3 chunks a topic: its exact top 5 was then partly ties between unrelated chunks.)
 *
 * <p>Vectors: unit vectors scattered around the topic's centre (cosine ≈ 0.6 between two chunks of
 * a topic, ≈ 0 across topics), so HNSW works on clustered data like real embeddings rather than on
 * uniform noise, where every neighbour is as far as every other.
 *
 * <p>Document {@code n} belongs to tenant {@code n % tenants}; any document can be generated on its
 * own, so a corpus of any size is written without holding it in memory.
 */
public final class SyntheticCorpus {

  static final int VOCABULARY = 4000;
  static final int TOPIC_WORDS = 20;
  static final double ZIPF_EXPONENT = 1.07;
  static final double TOPIC_SHARE = 0.2;

  /**
   * Per-dimension noise scaled so the noise vector's length is 0.8 × the centre's: a chunk's cosine
   * to its centre is ≈ 1/√(1 + 0.64) ≈ 0.78.
   */
  static final double NOISE_LENGTH = 0.8;

  private static final Instant UPDATED = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] ONSETS = {
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kl", "st", "tr"
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u"};

  private final long seed;
  private final int dimensions;
  private final int tenants;
  private final String[] words;
  private final double[] zipfCumulative;
  private final float[][] centres;
  private final int[][] topicWords;

  public SyntheticCorpus(long seed, int dimensions, int tenants, int topics) {
    if (dimensions < 2 || tenants < 1 || topics < tenants) {
      throw new IllegalArgumentException("dimensions ≥ 2, tenants ≥ 1 and topics ≥ tenants");
    }
    this.seed = seed;
    this.dimensions = dimensions;
    this.tenants = tenants;
    Random random = new Random(seed);
    this.words = vocabulary(random);
    this.zipfCumulative = zipf(words.length);
    this.centres = new float[topics][];
    this.topicWords = new int[topics][TOPIC_WORDS];
    for (int t = 0; t < topics; t++) {
      centres[t] = unit(gaussian(random, 1.0));
      for (int w = 0; w < TOPIC_WORDS; w++) {
        topicWords[t][w] = random.nextInt(words.length);
      }
    }
  }

  public int dimensions() {
    return dimensions;
  }

  public static String tenant(int index) {
    return "tenant-" + index;
  }

  public String tenantOf(int document) {
    return tenant(document % tenants);
  }

  public static String documentId(int document) {
    return "doc-" + document;
  }

  /** Document {@code document}: {@code chunkCount} chunks of 60–120 words on one topic. */
  public List<KnowledgeChunk> document(int document, int chunkCount) {
    Random random = new Random(seed * 1_000_003L + document);
    int topic = topicOf(document % tenants, random);
    String title = words[topicWords[topic][0]] + " " + words[topicWords[topic][1]];
    ChunkMetadata meta =
        new ChunkMetadata(
            title,
            "synthetic",
            List.of("topic-" + topic % 20),
            Long.toHexString(random.nextLong()),
            UPDATED);
    List<KnowledgeChunk> chunks = new ArrayList<>(chunkCount);
    for (int i = 0; i < chunkCount; i++) {
      chunks.add(
          new KnowledgeChunk(
              tenantOf(document),
              documentId(document),
              i,
              text(random, topic, 60 + random.nextInt(61)),
              near(random, topic),
              meta));
    }
    return chunks;
  }

  /**
   * A question's embedding: a new point near one of the tenant's topics (not a stored vector).
   *
   * @param tenant the tenant's number (0 for {@code tenant-0})
   */
  public float[] queryVector(int tenant, Random random) {
    return near(random, topicOf(tenant, random));
  }

  /** A question's words: one of a tenant's topic words and two words of the whole vocabulary. */
  public String queryText(int tenant, Random random) {
    int topic = topicOf(tenant, random);
    return words[topicWords[topic][random.nextInt(TOPIC_WORDS)]]
        + " "
        + words[zipfRank(random)]
        + " "
        + words[zipfRank(random)];
  }

  /** One of the tenant's topics, at random. */
  private int topicOf(int tenant, Random random) {
    int owned = (centres.length - tenant + tenants - 1) / tenants; // topics t, t + tenants, ...
    return tenant + tenants * random.nextInt(owned);
  }

  private String text(Random random, int topic, int length) {
    StringBuilder sb = new StringBuilder(length * 8);
    for (int i = 0; i < length; i++) {
      int word =
          random.nextDouble() < TOPIC_SHARE
              ? topicWords[topic][random.nextInt(TOPIC_WORDS)]
              : zipfRank(random);
      sb.append(i == 0 ? "" : " ").append(words[word]);
    }
    return sb.append('.').toString();
  }

  private float[] near(Random random, int topic) {
    float[] noise = gaussian(random, NOISE_LENGTH / Math.sqrt(dimensions));
    float[] centre = centres[topic];
    for (int d = 0; d < dimensions; d++) {
      noise[d] += centre[d];
    }
    return unit(noise);
  }

  private int zipfRank(Random random) {
    int i = Arrays.binarySearch(zipfCumulative, random.nextDouble());
    return Math.min(i < 0 ? -i - 1 : i, zipfCumulative.length - 1);
  }

  private float[] gaussian(Random random, double sigma) {
    float[] v = new float[dimensions];
    for (int d = 0; d < dimensions; d++) {
      v[d] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < v.length; d++) {
      v[d] *= scale;
    }
    return v;
  }

  /** Made-up words of two or three syllables; none is an English stop word. */
  private static String[] vocabulary(Random random) {
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < VOCABULARY) {
      StringBuilder w = new StringBuilder();
      int syllables = 2 + random.nextInt(2);
      for (int s = 0; s < syllables; s++) {
        w.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(5)]);
      }
      out.add(w.toString());
    }
    return out.toArray(String[]::new);
  }

  /** Cumulative probabilities of ranks 1..n under Zipf's law (rank r ∝ 1/r^s). */
  private static double[] zipf(int n) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += 1 / Math.pow(r + 1, ZIPF_EXPONENT);
      cumulative[r] = sum;
    }
    for (int r = 0; r < n; r++) {
      cumulative[r] /= sum;
    }
    return cumulative;
  }
}
