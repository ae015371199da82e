package com.dispatchbot.activities.guardrails;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %m} with personal data blanked: card numbers, SSNs, e-mail addresses, phone
 * numbers and street addresses become {@code [CARD]}, {@code [SSN]}, {@code [EMAIL]}, {@code
 * [PHONE]}, {@code [ADDRESS]} ({@link PiiRedactor#forModel}), whatever code logged them. Registered
 * for {@code m}, {@code msg} and {@code message} in {@code logback-spring.xml}.
 */
public class RedactingMessageConverter extends MessageConverter {
  static final PiiRedactor REDACTOR = new PiiRedactor();

  @Override
  public String convert(ILoggingEvent event) {
    String message = super.convert(event);
    if (message == null || message.isEmpty()) {
      return message;
    }
    try {
      return REDACTOR.forModel(message);
    } catch (RuntimeException e) {
      // a log line is never lost to the redactor, nor printed unredacted
      return "[log message withheld: " + e.getClass().getSimpleName() + " while redacting]";
    }
  }
}
