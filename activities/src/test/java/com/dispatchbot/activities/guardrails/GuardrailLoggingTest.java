package com.dispatchbot.activities.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A log line with personal data comes out redacted, with the app's own logback-spring.xml. */
class GuardrailLoggingTest {
  /** The app module's configuration; tests run in the activities module's folder. */
  private static final Path APP_CONFIG = Path.of("../src/main/resources/logback-spring.xml");

  @Test
  void givenTheAppsLogbackConfiguration_whenALineHoldsACardAndAnEmail_itShouldPrintRedacted()
      throws Exception {
    Assumptions.assumeTrue(Files.exists(APP_CONFIG), "runs inside the repository");

    String printed =
        logWith(
            Files.readString(APP_CONFIG),
            logger -> {
              logger.info(
                  "booking for jane.doe@example.com paid with card 4111 1111 1111 1111, call"
                      + " 303-555-0142");
              logger.warn(
                  "could not book",
                  new IllegalStateException("no window for caller jane.doe@example.com"));
            });

    assertThat(printed)
        .contains("booking for [EMAIL] paid with card [CARD], call [PHONE]")
        .contains("IllegalStateException: no window for caller [EMAIL]")
        .contains("at com.dispatchbot.activities.guardrails.GuardrailLoggingTest")
        .doesNotContain("jane.doe@example.com", "4111 1111", "555-0142");
  }

  @Test
  void givenOnlyTheConverter_whenRegisteredForM_everyMessageShouldBeRedacted() throws Exception {
    String config =
        """
        <configuration>
          <conversionRule conversionWord="m"
              class="com.dispatchbot.activities.guardrails.RedactingMessageConverter"/>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%-5level %m%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """;

    String printed =
        logWith(
            config, logger -> logger.info("ssn {} and mail {}", "123-45-6789", "bob@example.org"));

    assertThat(printed).contains("INFO  ssn [SSN] and mail [EMAIL]");
  }

  private static String logWith(String configXml, java.util.function.Consumer<Logger> logging)
      throws JoranException {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // a context of its own, not SLF4J's
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      configurator.doConfigure(
          new ByteArrayInputStream(configXml.getBytes(StandardCharsets.UTF_8)));
      logging.accept(context.getLogger("dispatch.test"));
    } finally {
      context.stop();
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
