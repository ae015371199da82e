package com.dispatchbot.activities.slots;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvalSlotsCommandTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(EvalSlotsCommandTest.class.getResource("/slots/" + name).toURI());
  }

  private static double percent(String output, String metric) {
    Matcher m =
        Pattern.compile(Pattern.quote(metric) + "\\s+(\\d+) / (\\d+)\\s+([\\d.]+)%")
            .matcher(output);
    assertThat(m.find()).as("'%s' in:%n%s", metric, output).isTrue();
    return Double.parseDouble(m.group(3));
  }

  @Test
  void givenTheSamples_whenEvaluating_itShouldPrintAccuracyCountsAndLatency() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EvalSlotsCommand command = new EvalSlotsCommand();
    command.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    int exit =
        new CommandLine(command)
            .execute(
                "--sgd",
                resource("sgd-sample.jsonl").toString(),
                "--restaurant",
                resource("restaurant8k-sample.json").toString());
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertThat(exit).isZero();
    assertThat(percent(output, "SGD date (utterance)")).isGreaterThanOrEqualTo(97.0);
    assertThat(percent(output, "SGD time (utterance)")).isGreaterThanOrEqualTo(97.0);
    assertThat(percent(output, "restaurant8k date (span = utterance)"))
        .isGreaterThanOrEqualTo(90.0);
    assertThat(percent(output, "restaurant8k time (span = utterance)"))
        .isGreaterThanOrEqualTo(80.0);
    assertThat(output).contains("SGD latency").contains("p50").contains("p95");
  }

  @Test
  void givenNoDataFiles_whenEvaluating_itShouldExitWithTwoAndSaySo() {
    int exit =
        new CommandLine(new EvalSlotsCommand())
            .execute("--sgd", "/nonexistent/sgd.jsonl", "--restaurant", "/nonexistent/r.json");

    assertThat(exit).isEqualTo(2);
  }

  @Test
  void givenSgdConfirmations_whenReadingTheReference_itShouldFollowSgdsCalendar() {
    assertThat(EvalSlotsCommand.canonicalDate("March 7th")).isEqualTo("2019-03-07");
    assertThat(EvalSlotsCommand.canonicalDate("tomorrow")).isEqualTo("2019-03-02");
    assertThat(EvalSlotsCommand.canonicalDate("next Friday")).isEqualTo("2019-03-08");
    assertThat(EvalSlotsCommand.canonicalDate("the 7th")).isNull();
    assertThat(EvalSlotsCommand.canonicalTime("3:30 pm")).isEqualTo("15:30");
    assertThat(EvalSlotsCommand.canonicalTime("12 am")).isEqualTo("00:00");
  }
}
