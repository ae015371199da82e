package com.dispatchbot.api;

import org.springframework.http.HttpStatus;

/** A caller's mistake, answered as an RFC 9457 problem with a reason a person can act on. */
public class ApiProblem extends RuntimeException {
  private final HttpStatus status;
  private final String title;
  private final Long retryAfterSeconds;

  public ApiProblem(HttpStatus status, String title, String detail) {
    this(status, title, detail, null);
  }

  private ApiProblem(HttpStatus status, String title, String detail, Long retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail);
  }

  /** 429, answered with a {@code Retry-After} header of whole seconds. */
  public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
    return new ApiProblem(
        HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, retryAfterSeconds);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Seconds a client should wait before trying again, or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
