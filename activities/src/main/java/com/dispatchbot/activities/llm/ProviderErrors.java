package com.dispatchbot.activities.llm;

import com.dispatchbot.workflows.llm.LlmFailures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what went wrong in a model call into the {@link ApplicationFailure} types of {@link
 * LlmFailures}, so the workflow retries what can succeed later and moves on from what cannot.
 * Messages carry the provider's own explanation, trimmed, and never the API key.
 */
final class ProviderErrors {
  /** Longer waits than this are the provider's problem: back off normally, then fall back. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);

  private static final int MAX_DETAIL = 300;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_\\-]{8,}");
  private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

  private final String apiKey;
  private final Clock clock;

  ProviderErrors(String apiKey, Clock clock) {
    this.apiKey = apiKey;
    this.clock = clock;
  }

  ApplicationFailure toFailure(Throwable error, String model, Duration timeout) {
    HttpException http = find(error, HttpException.class);
    if (http != null) {
      return fromStatus(http, model);
    }
    if (find(error, dev.langchain4j.exception.TimeoutException.class) != null
        || find(error, InterruptedIOException.class) != null) {
      return retryable(model + " did not answer within " + timeout.toSeconds() + " s", null);
    }
    if (find(error, UnresolvedAddressException.class) != null
        || find(error, IOException.class) != null) {
      return retryable(model + " unreachable: " + describe(rootCause(error)), null);
    }
    return retryable(model + " failed: " + describe(rootCause(error)), null);
  }

  private ApplicationFailure fromStatus(HttpException http, String model) {
    int status = http.statusCode();
    ErrorBody body = ErrorBody.parse(http.getMessage());
    String message = "HTTP " + status + " from " + model + ": " + clean(body.message());
    Optional<Duration> retryAfter =
        http instanceof ProviderHttpClient.ErrorResponse response
            ? retryAfter(response, clock.instant())
            : Optional.empty();
    if (status == 429) {
      if ("insufficient_quota".equals(body.code())) {
        // Out of credit: waiting does not help, so let the chain move on at once.
        return ApplicationFailure.newNonRetryableFailure(message, LlmFailures.RATE_LIMITED);
      }
      return withDelay(message, LlmFailures.RATE_LIMITED, retryAfter.orElse(null));
    }
    if (status == 400 || status == 413 || status == 422) {
      return body.isContextLength()
          ? ApplicationFailure.newNonRetryableFailure(message, LlmFailures.CONTEXT_LENGTH)
          : ApplicationFailure.newNonRetryableFailure(message, LlmFailures.BAD_REQUEST);
    }
    if (status == 401 || status == 403) {
      return ApplicationFailure.newNonRetryableFailure(message, LlmFailures.UNAUTHORIZED);
    }
    if (status == 404) {
      return ApplicationFailure.newNonRetryableFailure(message, LlmFailures.MODEL_NOT_FOUND);
    }
    if (status >= 500 || status == 408 || status == 409 || status == 425) {
      return retryable(message, retryAfter.orElse(null));
    }
    return ApplicationFailure.newNonRetryableFailure(message, LlmFailures.BAD_REQUEST);
  }

  /**
   * When the provider asked us to come back: {@code retry-after-ms} (OpenAI), else {@code
   * Retry-After} in seconds or as an HTTP-date. Capped at {@link #MAX_RETRY_AFTER}.
   */
  static Optional<Duration> retryAfter(ProviderHttpClient.ErrorResponse response, Instant now) {
    Optional<Duration> millis =
        response
            .header("retry-after-ms")
            .map(String::strip)
            .filter(SECONDS.asMatchPredicate())
            .map(v -> Duration.ofMillis(new BigDecimal(v).longValue()));
    return millis
        .or(() -> response.header("retry-after").flatMap(v -> parseRetryAfter(v, now)))
        .filter(d -> !d.isNegative() && !d.isZero())
        .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String v = value.strip();
    if (SECONDS.matcher(v).matches()) {
      return Optional.of(Duration.ofMillis(new BigDecimal(v).movePointRight(3).longValue()));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      return Optional.of(Duration.between(now, at.toInstant()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ApplicationFailure retryable(String message, Duration delay) {
    return withDelay(message, LlmFailures.UNAVAILABLE, delay);
  }

  private static ApplicationFailure withDelay(String message, String type, Duration delay) {
    return delay == null
        ? ApplicationFailure.newFailure(message, type)
        : ApplicationFailure.newFailureWithCauseAndDelay(message, type, null, delay);
  }

  /** Trimmed, on one line, without anything that looks like a key. */
  String clean(String text) {
    if (text == null || text.isBlank()) {
      return "(no details)";
    }
    String cleaned = text.strip().replaceAll("\\s+", " ");
    if (apiKey != null && apiKey.length() >= 8) {
      cleaned = cleaned.replace(apiKey, "***");
    }
    cleaned = KEY_LIKE.matcher(cleaned).replaceAll("sk-***");
    return cleaned.length() <= MAX_DETAIL ? cleaned : cleaned.substring(0, MAX_DETAIL) + "…";
  }

  private String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : " " + clean(message));
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** OpenAI's {@code {"error":{"message","type","code"}}}; any other body is the message. */
  private record ErrorBody(String message, String type, String code) {
    static ErrorBody parse(String body) {
      try {
        JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
        if (error.isObject()) {
          return new ErrorBody(
              error.path("message").asText(body),
              error.path("type").asText(null),
              error.path("code").asText(null));
        }
        if (error.isTextual()) {
          return new ErrorBody(error.asText(), null, null);
        }
      } catch (IOException | RuntimeException notJson) {
        // fall through: a proxy's HTML page or a local server's plain text
      }
      return new ErrorBody(body, null, null);
    }

    boolean isContextLength() {
      String all = (code + " " + type + " " + message).toLowerCase(Locale.ROOT);
      return all.contains("context_length_exceeded")
          || all.contains("maximum context length")
          || all.contains("exceed_context_size")
          || all.contains("context window");
    }
  }
}
