package com.dispatchbot.api;

import org.springframework.http.HttpStatus;

/** A caller's mistake, answered as an RFC 9457 problem with a reason a person can act on. */
public class ApiProblem extends RuntimeException {
  private final HttpStatus status;
  private final String title;

  public ApiProblem(HttpStatus status, String title, String detail) {
    super(detail);
    this.status = status;
    this.title = title;
  }

  public static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", detail);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }
}
