package com.dispatchbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backup}, {@code restore} and {@code export-training-data} as an operator runs them. */
class BackupCommandsIT {
  @TempDir Path dir;

  @Test
  void
      givenTheDatabase_backupWritesAVerifiedDump_andRestoreRefusesACorruptCopyLeavingTheDatabaseAlone()
          throws Exception {
    AccountCommandsIT.Run backup = AccountCommandsIT.run(null, "backup", "--dir", dir.toString());
    assertThat(backup.code()).as(backup.err()).isZero();
    Matcher printed =
        Pattern.compile("backup (\\S+\\.dump): (\\d+) bytes, sha256 ([0-9a-f]{64}), verified")
            .matcher(backup.out());
    assertThat(printed.find()).as(backup.out()).isTrue();
    Path dump = Path.of(printed.group(1));
    assertThat(dump).exists();
    assertThat(Files.readString(dump.resolveSibling(dump.getFileName() + ".sha256")))
        .startsWith(printed.group(3));

    Path corrupt = dir.resolve("corrupt.dump");
    Files.copy(dump, corrupt);
    Files.copy(
        dump.resolveSibling(dump.getFileName() + ".sha256"), dir.resolve("corrupt.dump.sha256"));
    try (RandomAccessFile raf = new RandomAccessFile(corrupt.toFile(), "rw")) {
      raf.setLength(raf.length() - 100);
    }
    // without --force it would stop at "already holds"; with it, the checksum stops it first
    AccountCommandsIT.Run restore =
        AccountCommandsIT.run(null, "restore", "--file", corrupt.toString(), "--force");
    assertThat(restore.code()).isEqualTo(1);
    assertThat(restore.err()).contains("checksum mismatch", "is unchanged");

    AccountCommandsIT.Run intact =
        AccountCommandsIT.run(null, "restore", "--file", dump.toString());
    assertThat(intact.code()).isEqualTo(1);
    assertThat(intact.err()).contains("--force");

    AccountCommandsIT.Run missing =
        AccountCommandsIT.run(null, "restore", "--file", dir.resolve("nope.dump").toString());
    assertThat(missing.code()).isEqualTo(AccountCommands.BAD_INPUT);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void exportTrainingData_writesJsonLines_andRefusesABadDay() throws Exception {
    Path out = dir.resolve("training.jsonl");
    AccountCommandsIT.Run export =
        AccountCommandsIT.run(
            null, "export-training-data", "--output", out.toString(), "--since", "2026-01-01");
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.out()).contains("exported", "conversations to " + out);
    List<String> lines = Files.readAllLines(out);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      assertThat(json.readTree(line).has("messages")).isTrue();
    }

    AccountCommandsIT.Run bad =
        AccountCommandsIT.run(
            null, "export-training-data", "--output", out.toString(), "--since", "last week");
    assertThat(bad.code()).isEqualTo(AccountCommands.BAD_INPUT);
    assertThat(bad.err()).contains("--since 'last week' is not a day");
  }
}
