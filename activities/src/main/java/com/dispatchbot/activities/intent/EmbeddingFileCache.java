package com.dispatchbot.activities.intent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embeddings of the base training set on disk, so that a restart (or the next test JVM)
 * does not embed ~1,100 sentences again: that is the slow part of training (5-15 s on 2 cores), the
 * head itself trains in about a second. The file is named by a SHA-256 of the encoder's name and
 * every text, so a changed training set or model never reads stale vectors; a file that cannot be
 * read or written is ignored (the vectors are computed instead). Tenants' examples are few and are
 * not cached here.
 */
public final class EmbeddingFileCache {
  private static final Logger log = LoggerFactory.getLogger(EmbeddingFileCache.class);
  private static final int FORMAT = 1;

  private final Path directory;

  EmbeddingFileCache(Path directory) {
    this.directory = directory;
  }

  /** Under the system temp dir, like the ONNX runtime's and DJL's own files. */
  public static EmbeddingFileCache inTempDir() {
    return new EmbeddingFileCache(
        Path.of(System.getProperty("java.io.tmpdir"), "dispatch-bot", "intent-embeddings"));
  }

  public List<float[]> embedAll(SentenceEncoder encoder, List<String> texts) {
    Path file = directory.resolve(key(encoder, texts) + ".f32");
    List<float[]> cached = read(file, texts.size());
    if (cached != null) {
      return cached;
    }
    List<float[]> vectors = encoder.embedAll(texts);
    write(file, vectors);
    return vectors;
  }

  private static String key(SentenceEncoder encoder, List<String> texts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((FORMAT + "\n" + encoder.name() + "\n").getBytes(StandardCharsets.UTF_8));
      for (String text : texts) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static List<float[]> read(Path file, int expected) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
      int n = in.readInt();
      int dims = in.readInt();
      if (n != expected || dims <= 0) {
        return null;
      }
      List<float[]> vectors = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
          v[d] = in.readFloat();
        }
        vectors.add(v);
      }
      return vectors;
    } catch (IOException | RuntimeException e) {
      log.debug("ignoring unreadable embedding cache {}: {}", file, e.toString());
      return null;
    }
  }

  private static void write(Path file, List<float[]> vectors) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "embeddings", ".tmp");
      try (OutputStream raw = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
        out.writeInt(vectors.size());
        out.writeInt(vectors.isEmpty() ? 0 : vectors.get(0).length);
        for (float[] v : vectors) {
          for (float f : v) {
            out.writeFloat(f);
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      log.debug("could not write embedding cache {}: {}", file, e.toString());
    }
  }
}
