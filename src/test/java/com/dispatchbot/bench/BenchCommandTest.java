package com.dispatchbot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.bench.BenchCommand.DurationConverter;
import com.dispatchbot.cli.DispatchCli;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The bench's options as a person types them; the command is one of the jar's commands. */
class BenchCommandTest {

  @Test
  void durationsReadAsPeopleWriteThem() {
    DurationConverter convert = new DurationConverter();
    assertThat(convert.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(convert.convert("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(convert.convert("20")).isEqualTo(Duration.ofSeconds(20));
    assertThat(convert.convert("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(convert.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> convert.convert("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15s");
  }

  @Test
  void givenTheIssuesPhases_theOptionsParse() {
    BenchCommand bench = new BenchCommand();
    new CommandLine(bench)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--calls", "1,20,100", "--duration", "15s", "--profile", "instant", "--stream");
    assertThat(bench.calls).containsExactly(1, 20, 100);
    assertThat(bench.duration).isEqualTo(Duration.ofSeconds(15));
    assertThat(bench.profile).isEqualTo(BenchCommand.Profile.INSTANT);
    assertThat(bench.stream).isTrue();
  }

  @Test
  void benchIsACommandOfTheJar() {
    assertThat(DispatchCli.isCommand(new String[] {"bench", "--help"})).isTrue();
  }
}
