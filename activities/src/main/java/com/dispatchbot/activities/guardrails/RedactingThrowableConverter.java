package com.dispatchbot.activities.guardrails;

import ch.qos.logback.classic.spi.IThrowableProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Spring Boot's {@code %wEx} (a stack trace set off by blank lines) with the exception messages
 * redacted like {@link RedactingMessageConverter}: an exception that quotes a caller ("no slot for
 * jane@example.com") logs as "no slot for [EMAIL]". Stack frames are left as they are.
 */
public class RedactingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    String trace = super.throwableProxyToString(proxy);
    StringBuilder out = new StringBuilder(trace.length());
    int start = 0;
    while (start < trace.length()) {
      int end = trace.indexOf('\n', start);
      end = end < 0 ? trace.length() : end + 1;
      String line = trace.substring(start, end);
      out.append(isFrame(line) ? line : redact(line));
      start = end;
    }
    return out.toString();
  }

  /** "\tat com.x.Y.m(Y.java:12)", "\t... 5 more", "\t... 3 common frames omitted". */
  private static boolean isFrame(String line) {
    String s = line.stripLeading();
    return s.startsWith("at ") || s.startsWith("... ") || s.isBlank();
  }

  private static String redact(String line) {
    try {
      return RedactingMessageConverter.REDACTOR.forModel(line);
    } catch (RuntimeException e) {
      return "[exception message withheld]\n";
    }
  }
}
