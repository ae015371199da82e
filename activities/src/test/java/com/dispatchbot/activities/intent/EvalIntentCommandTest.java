package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's output on a small CLINC150-shaped file (never ../shared from tests). */
class EvalIntentCommandTest {

  @Test
  void givenAClincFile_whenRun_itShouldReportEveryMetricAndExitZero(@TempDir Path dir)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode val = root.putArray("val");
    ArrayNode oos = root.putArray("oos_val");
    for (String[] row :
        List.of(
            new String[] {"what's my checking balance", "balance"},
            new String[] {"good morning to you", "greeting"},
            new String[] {"yes that is right", "yes"},
            new String[] {"no that's wrong", "no"},
            new String[] {"book a flight to boston", "book_flight"})) {
      val.addArray().add(row[0]).add(row[1]);
    }
    oos.addArray().add("how do i get a fishing license").add("oos");
    Path file = dir.resolve("clinc.json");
    Files.writeString(file, json.writeValueAsString(root));
    StringWriter printed = new StringWriter();
    EvalIntentCommand command = new EvalIntentCommand();

    int exit =
        new CommandLine(command)
            .setOut(new PrintWriter(printed))
            .execute("--clinc", file.toString(), "--warm-up", "2", "--latency-samples", "6");

    String report = printed.toString();
    assertThat(exit).isZero();
    assertThat(report)
        .contains(
            "held-out",
            "accuracy",
            "macro-F1",
            "per intent",
            "book_appointment",
            "ECE",
            "out_of_scope",
            "precision",
            "recall",
            "label mapping",
            "yes -> confirm",
            "no -> deny",
            "CLINC150 val + oos_val: 6 utterances",
            "p50",
            "p95");
  }

  @Test
  void givenNoClincFile_whenRun_itShouldSayWhereItLookedAndExitNonZero(@TempDir Path dir) {
    int exit =
        new CommandLine(new EvalIntentCommand())
            .execute("--clinc", dir.resolve("missing.json").toString());

    assertThat(exit).isEqualTo(2);
  }

  @Test
  void givenNoOptions_theClincPathShouldDefaultToTheSharedDataBesideTheRepository() {
    EvalIntentCommand command = new EvalIntentCommand();
    new CommandLine(command).parseArgs();

    assertThat(command.clinc).isEqualTo(Path.of("../shared/data/nlu/clinc150-train-val.json"));
  }
}
