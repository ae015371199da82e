package com.dispatchbot.activities.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Dumps, verifies and restores the database with the PostgreSQL client tools. A dump is written
 * under a temporary name and moved into place when complete, with a {@code .sha256} file beside it
 * in {@code sha256sum} format; a restore checks both before it touches anything.
 */
public final class DatabaseBackups {
  /** The tables a dump must hold to count as a backup of the system of record. */
  public static final Set<String> REQUIRED_TABLES =
      Set.of(
          "tenants",
          "conversations",
          "conversation_messages",
          "ai_responses",
          "appointments",
          "technicians",
          "handoffs",
          "flyway_schema_history");

  static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  static final Duration TOOL_TIMEOUT = Duration.ofHours(2);

  private final PgTarget source;

  public DatabaseBackups(PgTarget source) {
    this.source = source;
  }

  /** What a dump holds, as pg_restore lists it. */
  public record Verification(boolean valid, Set<String> tables, String problem) {}

  public static String stamp(Instant at) {
    return STAMP.format(at);
  }

  /** The dump's file name for a scheduled time. */
  public static String fileName(Instant at) {
    return "dispatch-" + stamp(at) + ".dump";
  }

  /** Dumps into {@code dir}/{@link #fileName}; returns the file. Overwrites a partial one. */
  public Path dump(Path dir, Instant at, LongConsumer progress)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName(at));
    Path partial = dir.resolve(file.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    List<String> args =
        new ArrayList<>(
            List.of("-Fc", "--no-owner", "-d", source.database(), "-f", partial.toString()));
    if (source.schema() != null) {
      args.addAll(List.of("-n", source.schema()));
    }
    PgTools.Result result =
        PgTools.run(
            PgTools.command("pg_dump", source, args.toArray(String[]::new)),
            source,
            partial,
            progress,
            TOOL_TIMEOUT);
    if (result.exitCode() != 0) {
      Files.deleteIfExists(partial);
      throw new IOException(
          "pg_dump of "
              + source.describe()
              + " failed (exit "
              + result.exitCode()
              + "): "
              + PgTools.tail(result.output()));
    }
    try {
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(checksumFile(file), sha256(file) + "  " + file.getFileName() + "\n");
    return file;
  }

  /** Lists the dump with pg_restore: a file it cannot read, or one missing a table, is invalid. */
  public static Verification verify(Path file) throws IOException, InterruptedException {
    if (!Files.isRegularFile(file)) {
      return new Verification(false, Set.of(), "no such file: " + file.getFileName());
    }
    PgTools.Result listed =
        PgTools.run(
            List.of("pg_restore", "--list", file.toString()),
            new PgTarget("", 0, "", null, null, null),
            null,
            null,
            Duration.ofMinutes(10));
    if (listed.exitCode() != 0) {
      return new Verification(
          false, Set.of(), "pg_restore cannot read it: " + PgTools.tail(listed.output()));
    }
    Set<String> tables = new TreeSet<>();
    for (String line : listed.output().split("\n")) {
      // "215; 1259 16390 TABLE public conversations dispatch"
      String[] parts = line.strip().split("\\s+");
      for (int i = 0; i + 2 < parts.length; i++) {
        if (parts[i].equals("TABLE") && !line.contains("TABLE DATA")) {
          tables.add(parts[i + 2]);
          break;
        }
      }
    }
    Set<String> missing = new TreeSet<>(REQUIRED_TABLES);
    missing.removeAll(tables);
    if (!missing.isEmpty()) {
      return new Verification(false, tables, "the dump lacks tables " + missing);
    }
    return new Verification(true, tables, null);
  }

  /** Fails when the {@code .sha256} file is missing or does not match the file. */
  public static void checkChecksum(Path file) throws IOException {
    Path sidecar = checksumFile(file);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such backup file: " + file);
    }
    if (!Files.isRegularFile(sidecar)) {
      throw new IOException(
          "no checksum file "
              + sidecar.getFileName()
              + " beside the backup: cannot tell it is intact");
    }
    String expected = Files.readString(sidecar).strip().split("\\s+")[0];
    String actual = sha256(file);
    if (!expected.equalsIgnoreCase(actual)) {
      throw new IOException(
          "checksum mismatch: the backup is corrupt or was changed (expected "
              + expected
              + ", the file has "
              + actual
              + ")");
    }
  }

  public static Path checksumFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".sha256");
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Restores a dump into {@code target}: checksum and pg_restore --list first, then one transaction
   * ({@code --single-transaction --clean --if-exists}), so a failure leaves the target as it was.
   *
   * @param force required when the target already has our tables (a restore over a live database)
   */
  public static void restore(Path file, PgTarget target, boolean force)
      throws IOException, InterruptedException {
    checkChecksum(file);
    Verification verification = verify(file);
    if (!verification.valid()) {
      throw new IOException("not restoring " + file.getFileName() + ": " + verification.problem());
    }
    if (!force && hasTables(target)) {
      throw new IOException(
          target.describe()
              + " already holds dispatch-bot tables; restoring replaces them: pass --force to do so");
    }
    PgTools.Result restored =
        PgTools.run(
            PgTools.command(
                "pg_restore",
                target,
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                "--exit-on-error",
                "-d",
                target.database(),
                file.toString()),
            target,
            null,
            null,
            TOOL_TIMEOUT);
    if (restored.exitCode() != 0) {
      throw new IOException(
          "pg_restore into "
              + target.describe()
              + " failed, nothing was changed: "
              + PgTools.tail(restored.output()));
    }
  }

  private static boolean hasTables(PgTarget target) throws IOException, InterruptedException {
    PgTools.Result result =
        PgTools.run(
            PgTools.command(
                "psql",
                target,
                "-d",
                target.database(),
                "-At",
                "-c",
                "select count(*) from information_schema.tables where table_name = 'conversations'"),
            target,
            null,
            null,
            Duration.ofMinutes(1));
    if (result.exitCode() != 0) {
      throw new IOException(
          "cannot reach " + target.describe() + ": " + PgTools.tail(result.output()));
    }
    return !result.output().strip().equals("0");
  }
}
