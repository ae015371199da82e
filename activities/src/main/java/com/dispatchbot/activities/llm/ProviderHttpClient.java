package com.dispatchbot.activities.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * langchain4j's HTTP client SPI on {@code java.net.http}, like its {@code JdkHttpClient}, except
 * that an error response keeps its headers: langchain4j's {@link HttpException} carries only the
 * status and the body, and a 429's {@code Retry-After} is what tells Temporal when to come back.
 * Requests are never logged here.
 */
final class ProviderHttpClient implements HttpClient {

  private final java.net.http.HttpClient http;
  private final Duration readTimeout;

  private ProviderHttpClient(Builder builder) {
    java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder();
    if (builder.connectTimeout != null) {
      http.connectTimeout(builder.connectTimeout);
    }
    this.http = http.build();
    this.readTimeout = builder.readTimeout;
  }

  /** A status other than 2xx, with the response headers langchain4j's exception drops. */
  static final class ErrorResponse extends HttpException {
    private final transient HttpHeaders headers;

    ErrorResponse(int statusCode, String body, HttpHeaders headers) {
      super(statusCode, body);
      this.headers = headers;
    }

    Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(toJdkRequest(request), BodyHandlers.ofByteArray());
      if (!isSuccessful(response)) {
        throw new ErrorResponse(
            response.statusCode(),
            new String(response.body(), StandardCharsets.UTF_8),
            response.headers());
      }
      return SuccessfulHttpResponse.builder()
          .statusCode(response.statusCode())
          .headers(response.headers().map())
          .body(response.body())
          .build();
    } catch (HttpTimeoutException e) {
      throw new TimeoutException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the model", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    http.sendAsync(toJdkRequest(request), BodyHandlers.ofInputStream())
        .thenAccept(
            response -> {
              if (!isSuccessful(response)) {
                quietly(
                    () ->
                        listener.onError(
                            new ErrorResponse(
                                response.statusCode(), readBody(response), response.headers())));
                return;
              }
              SuccessfulHttpResponse opened =
                  SuccessfulHttpResponse.builder()
                      .statusCode(response.statusCode())
                      .headers(response.headers().map())
                      .build();
              quietly(() -> listener.onOpen(opened));
              try (InputStream body = response.body()) {
                parser.parse(body, listener);
                quietly(listener::onClose);
              } catch (IOException e) {
                quietly(() -> listener.onError(e));
              }
            })
        .exceptionally(
            failure -> {
              Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
              Throwable reported =
                  cause instanceof HttpTimeoutException ? new TimeoutException(cause) : cause;
              quietly(() -> listener.onError(reported));
              return null;
            });
  }

  private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
    if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
      throw new UnsupportedOperationException("multipart requests are not used for chat");
    }
    java.net.http.HttpRequest.Builder builder =
        java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url()));
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (values != null) {
                values.forEach(value -> builder.header(name, value));
              }
            });
    builder.method(
        request.method().name(),
        request.body() == null
            ? java.net.http.HttpRequest.BodyPublishers.noBody()
            : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
    if (readTimeout != null) {
      builder.timeout(readTimeout);
    }
    return builder.build();
  }

  private static boolean isSuccessful(HttpResponse<?> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  private static String readBody(HttpResponse<InputStream> response) {
    try (InputStream body = response.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(error body unreadable: " + e.getMessage() + ")";
    }
  }

  private static void quietly(Runnable listenerCall) {
    try {
      listenerCall.run();
    } catch (RuntimeException ignored) {
      // A listener's own failure must not stop the stream's bookkeeping.
    }
  }

  /** What {@code OpenAiChatModel.builder().httpClientBuilder(...)} takes. */
  static final class Builder implements HttpClientBuilder {
    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
      return connectTimeout;
    }

    @Override
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    @Override
    public Duration readTimeout() {
      return readTimeout;
    }

    @Override
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    @Override
    public ProviderHttpClient build() {
      return new ProviderHttpClient(this);
    }
  }
}
