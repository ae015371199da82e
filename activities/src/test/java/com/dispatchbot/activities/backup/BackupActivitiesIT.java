package com.dispatchbot.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.backup.BackupActivities.Backup;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Backups against the real Postgres with the real pg_dump and pg_restore: a verified dump that
 * restores into a scratch database with the same rows, a corrupt file refused with the database
 * untouched, retention, and the training-data export without PII.
 */
class BackupActivitiesIT {
  static final String SCHEMA = "it_backup";
  static final List<String> TABLES =
      List.of("tenants", "conversations", "conversation_messages", "ai_responses", "handoffs");

  static PostgresTestDatabase db;
  static JdbcClient jdbc;
  static PgTarget source;
  static PgTarget scratch;
  static JdbcClient scratchJdbc;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    db = PostgresTestDatabase.schema(SCHEMA);
    jdbc = db.jdbc();
    URI url = URI.create(System.getenv("DATABASE_URL").replaceFirst("^jdbc:", ""));
    String[] user = url.getUserInfo().split(":", 2);
    String base =
        "jdbc:postgresql://" + url.getHost() + ":" + (url.getPort() < 0 ? 5432 : url.getPort());
    source = PgTarget.fromJdbc(base + url.getPath(), user[0], user[1], SCHEMA);
    // temporal-dev/test creates <test db>_restore, owned by the test role, for restores
    scratch = PgTarget.fromJdbc(base + url.getPath() + "_restore", user[0], user[1], null);
    scratchJdbc =
        JdbcClient.create(
            new SimpleDriverDataSource(
                new org.postgresql.Driver(), base + url.getPath() + "_restore", user[0], user[1]));
    // a one-schema dump (-n) leaves out extensions, which live in public; the whole-database dump
    // of production carries them
    scratchJdbc.sql("create extension if not exists btree_gist").update();
    seed();
  }

  /** Two tenants' calls, realistic enough to restore and to export. */
  static void seed() {
    for (String table :
        List.of(
            "callback_tasks",
            "handoffs",
            "ai_responses",
            "conversation_messages",
            "conversations")) {
      jdbc.sql("delete from " + table).update();
    }
    for (String tenant : List.of("acme-plumbing", "northwind-hvac")) {
      jdbc.sql(
              "insert into tenants (id, name, timezone) values (?, ?, 'America/Chicago') on conflict do nothing")
          .params(tenant, tenant)
          .update();
      for (int call = 0; call < 3; call++) {
        String workflowId = "conv-" + tenant + "-" + UUID.randomUUID();
        Instant ended = Instant.parse("2026-11-20T15:00:00Z").plusSeconds(call * 60L);
        jdbc.sql(
                "insert into conversations (workflow_id, tenant_id, conversation_id, channel,"
                    + " caller_phone, caller_name, status, outcome, turn_count, started_at, ended_at)"
                    + " values (?, ?, ?, 'sms', '+13125550142', 'Dana Whitfield', 'closed', 'booked',"
                    + " 2, ?, ?)")
            .params(
                workflowId,
                tenant,
                workflowId,
                Timestamp.from(ended.minusSeconds(300)),
                Timestamp.from(ended))
            .update();
        message(
            tenant,
            workflowId,
            1,
            "caller",
            "My kitchen sink is backing up, call me at 312-555-0142 or dana.w@example.com, I'm at 1841 N Clybourn Ave",
            "book_appointment");
        long reply =
            message(
                tenant, workflowId, 1, "assistant", "I can send a plumber tomorrow at 9am.", null);
        jdbc.sql(
                "insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,"
                    + " input_tokens, output_tokens, latency_ms, fallback_level, created_at, cost_usd)"
                    + " values (?, ?, 1, ?, 'openai', 'gpt-4o-mini', 900, 20, 700, 0, now(), 0.000147)")
            .params(tenant, workflowId, reply)
            .update();
        if (call == 0) {
          jdbc.sql(
                  "insert into handoffs (id, tenant_id, workflow_id, conversation_id, reason, turn,"
                      + " summary, status, sla_due_at, created_at) values (?, ?, ?, ?, 'caller_asked',"
                      + " 1, 'Caller asked for a person', 'resolved', ?, ?)")
              .params(
                  workflowId + "-h1",
                  tenant,
                  workflowId,
                  workflowId,
                  Timestamp.from(ended),
                  Timestamp.from(ended))
              .update();
        }
      }
    }
  }

  static long message(
      String tenant, String workflowId, int turn, String role, String text, String intent) {
    return jdbc.sql(
            "insert into conversation_messages (tenant_id, workflow_id, turn, role, text, intent,"
                + " created_at) values (?, ?, ?, ?, ?, ?, now()) returning id")
        .params(tenant, workflowId, turn, role, text, intent)
        .query(Long.class)
        .single();
  }

  BackupActivitiesImpl activities(Duration retention) {
    return new BackupActivitiesImpl(
        jdbc, new BackupProperties(dir.toString(), retention, 2, SCHEMA), source);
  }

  @Test
  void givenTheDatabase_aBackupIsVerified_andRestoresIntoAnEmptyDatabaseWithTheSameRows()
      throws Exception {
    Instant at = Instant.parse("2026-11-23T14:15:00Z");
    Backup backup = activities(Duration.ofDays(7)).dumpDatabase(at.toEpochMilli());

    assertThat(backup.status()).isEqualTo("verified");
    assertThat(backup.file()).isEqualTo("dispatch-20261123T1415Z.dump");
    Path file = dir.resolve(backup.file());
    assertThat(Files.readString(DatabaseBackups.checksumFile(file)))
        .startsWith(backup.sha256() + "  dispatch-20261123T1415Z.dump");
    assertThat(DatabaseBackups.verify(file).tables()).containsAll(DatabaseBackups.REQUIRED_TABLES);
    assertThat(
            jdbc.sql("select status from backups where id = 'database-20261123T1415Z'")
                .query(String.class)
                .single())
        .isEqualTo("verified");

    scratchJdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
    DatabaseBackups.restore(file, scratch, false);
    for (String table : TABLES) {
      assertThat(count(scratchJdbc, SCHEMA + "." + table))
          .as(table)
          .isEqualTo(count(jdbc, table))
          .isPositive();
    }

    // a second restore over it needs --force, and with it gives the same rows again
    assertThatThrownBy(() -> DatabaseBackups.restore(file, scratch, false))
        .hasMessageContaining("--force");
    DatabaseBackups.restore(file, scratch, true);
    assertThat(count(scratchJdbc, SCHEMA + ".conversations"))
        .isEqualTo(count(jdbc, "conversations"));
  }

  @Test
  void givenACorruptOrTruncatedBackup_theRestoreRefusesWithTheReason_andTheDatabaseIsUntouched()
      throws Exception {
    Backup backup =
        activities(Duration.ofDays(7))
            .dumpDatabase(Instant.parse("2026-11-23T14:30:00Z").toEpochMilli());
    Path file = dir.resolve(backup.file());
    scratchJdbc.sql("drop schema if exists " + SCHEMA + " cascade").update();
    DatabaseBackups.restore(file, scratch, false);
    scratchJdbc.sql("delete from " + SCHEMA + ".ai_responses").update();
    Map<String, Long> before = counts(scratchJdbc);

    Path flipped = copy(file, "flipped.dump");
    try (RandomAccessFile raf = new RandomAccessFile(flipped.toFile(), "rw")) {
      raf.seek(raf.length() / 2);
      int b = raf.read();
      raf.seek(raf.length() / 2);
      raf.write(b ^ 0xFF);
    }
    assertThatThrownBy(() -> DatabaseBackups.restore(flipped, scratch, true))
        .hasMessageContaining("checksum mismatch");

    Path truncated = copy(file, "truncated.dump");
    try (RandomAccessFile raf = new RandomAccessFile(truncated.toFile(), "rw")) {
      raf.setLength(raf.length() / 3);
    }
    // even with a matching checksum (someone recomputed it), pg_restore must be able to read it
    Files.writeString(
        DatabaseBackups.checksumFile(truncated),
        DatabaseBackups.sha256(truncated) + "  truncated.dump\n");
    assertThatThrownBy(() -> DatabaseBackups.restore(truncated, scratch, true))
        .hasMessageContaining("not restoring truncated.dump");

    Path noChecksum = dir.resolve("nochecksum.dump");
    Files.copy(file, noChecksum);
    assertThatThrownBy(() -> DatabaseBackups.restore(noChecksum, scratch, true))
        .hasMessageContaining("no checksum file");

    assertThat(counts(scratchJdbc)).isEqualTo(before);
  }

  @Test
  void givenTheSameScheduledTimeTwice_oneFileAndOneRowAreWritten() throws Exception {
    BackupActivitiesImpl activities = activities(Duration.ofDays(7));
    long at = Instant.parse("2026-11-23T15:00:00Z").toEpochMilli();
    Backup first = activities.dumpDatabase(at);
    long modified = Files.getLastModifiedTime(dir.resolve(first.file())).toMillis();
    Backup second = activities.dumpDatabase(at);
    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(dir.resolve(first.file())).toMillis()).isEqualTo(modified);
    assertThat(
            jdbc.sql("select count(*) from backups where id = 'database-20261123T1500Z'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void retentionDeletesOldDumps_butNeverTheNewestVerifiedOnes() throws Exception {
    jdbc.sql("delete from backups").update();
    BackupActivitiesImpl activities = activities(Duration.ofHours(1));
    Instant start = Instant.parse("2026-11-22T00:00:00Z");
    for (int i = 0; i < 4; i++) {
      activities.dumpDatabase(start.plus(Duration.ofMinutes(15L * i)).toEpochMilli());
    }
    // a day later, with one hour of retention: all four are old, the newest two stay
    List<String> removed = activities.applyRetention(start.plus(Duration.ofDays(1)).toEpochMilli());
    assertThat(removed)
        .containsExactly("dispatch-20261122T0000Z.dump", "dispatch-20261122T0015Z.dump");
    assertThat(dir.resolve("dispatch-20261122T0000Z.dump")).doesNotExist();
    assertThat(dir.resolve("dispatch-20261122T0030Z.dump")).exists();
    assertThat(dir.resolve("dispatch-20261122T0045Z.dump")).exists();
    assertThat(
            jdbc.sql("select count(*) from backups where status = 'deleted'")
                .query(Long.class)
                .single())
        .isEqualTo(2);
    assertThat(activities.applyRetention(start.plus(Duration.ofDays(1)).toEpochMilli())).isEmpty();
  }

  @Test
  void theTrainingExportHasOneLinePerClosedConversation_withoutPhonesEmailsOrAddresses()
      throws Exception {
    jdbc.sql("delete from backups where kind = 'training_data'").update();
    BackupActivitiesImpl activities = activities(Duration.ofDays(7));
    Backup export =
        activities.exportTrainingData(Instant.parse("2026-11-21T03:30:00Z").toEpochMilli());

    Path file = dir.resolve(export.file());
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(6);
    assertThat(export.detail()).containsEntry("conversations", 6);
    String all = String.join("\n", lines);
    assertThat(all)
        .doesNotContain(
            "312-555-0142",
            "dana.w@example.com",
            "1841 N Clybourn",
            "+13125550142",
            "Dana Whitfield");
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.path("outcome").asText()).isEqualTo("booked");
    assertThat(first.path("messages").get(0).path("intent").asText()).isEqualTo("book_appointment");
    assertThat(first.path("messages").get(0).path("text").asText())
        .contains("kitchen sink is backing up");
    assertThat(first.path("messages").get(1).path("role").asText()).isEqualTo("assistant");

    // the next night's export starts where this one stopped: nothing twice
    Backup next =
        activities.exportTrainingData(Instant.parse("2026-11-22T03:30:00Z").toEpochMilli());
    assertThat(next.detail()).containsEntry("conversations", 0);
  }

  static Path copy(Path file, String name) throws IOException {
    Path copy = file.resolveSibling(name);
    Files.copy(file, copy);
    Files.writeString(
        DatabaseBackups.checksumFile(copy), Files.readString(DatabaseBackups.checksumFile(file)));
    return copy;
  }

  static long count(JdbcClient client, String table) {
    return client.sql("select count(*) from " + table).query(Long.class).single();
  }

  static Map<String, Long> counts(JdbcClient client) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : TABLES) {
      counts.put(table, count(client, SCHEMA + "." + table));
    }
    return counts;
  }
}
