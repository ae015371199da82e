package com.dispatchbot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DispatchCliTest {

  @Test
  void givenACommandName_whenTheJarStarts_itShouldRunTheCommandInsteadOfTheServer() {
    assertThat(DispatchCli.isCommand(new String[] {"eval-intent", "--help"})).isTrue();
    assertThat(DispatchCli.isCommand(new String[] {"eval-geocode"})).isTrue();
    assertThat(DispatchCli.isCommand(new String[] {"--server.port=9000"})).isFalse();
    assertThat(DispatchCli.isCommand(new String[] {})).isFalse();
  }

  @Test
  void givenHelp_whenAsked_itShouldListEveryCommand() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = DispatchCli.run(new String[] {"help"});
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("eval-intent")
        .contains("eval-slots")
        .contains("eval-geocode")
        .contains("create-api-key")
        .contains("create-user");
  }

  @Test
  void givenAnUnknownRole_whenCreateApiKeyRuns_itShouldExitNonZeroBeforeTouchingTheDatabase() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          DispatchCli.run(
              new String[] {"create-api-key", "--tenant", "demo", "--role", "boss", "--name", "x"});
    } finally {
      System.setErr(original);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("role must be caller_api, operator or admin, not 'boss'");
  }
}
