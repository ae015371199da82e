package com.dispatchbot.api;

import com.dispatchbot.security.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What every request must be before anything reads it. Its URL and parameters carry no character
 * Postgres cannot store (NUL) and no broken UTF-16 (see {@link JsonInput}, which checks JSON bodies
 * the same way): a 400 naming the parameter. And its body is not larger than the API reads:
 * MAX_REQUEST_SIZE (1 MB) for JSON and everything else, MAX_UPLOAD_SIZE for knowledge documents
 * (their JSON form too; multipart uploads are limited by the multipart settings). A larger body is
 * a 413 problem before anything reads it (when the client says its length) or as soon as the limit
 * is crossed (chunked bodies): never a 500, never a megabyte parsed for nothing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestInputLimits extends OncePerRequestFilter {
  static final String DOCUMENTS = "/v1/knowledge/documents";

  private final long maxBody;
  private final long maxDocument;

  RequestInputLimits(
      @Value("${dispatch.http.max-request-size:1MB}") DataSize maxBody,
      @Value("${spring.servlet.multipart.max-request-size:20MB}") DataSize maxDocument) {
    this.maxBody = maxBody.toBytes();
    this.maxDocument = maxDocument.toBytes();
  }

  /** Thrown by the body's stream once it passes the limit; ApiErrors answers 413. */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge(long limit) {
      super(
          "the request body is over the limit of "
              + describe(limit)
              + " (MAX_REQUEST_SIZE; MAX_UPLOAD_SIZE for knowledge documents)");
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String unstorable = unstorableParameter(request);
    if (unstorable != null) {
      ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, "Bad request", unstorable);
      return;
    }
    String contentType = request.getContentType();
    if (contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
      chain.doFilter(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    long limit = path.equals(DOCUMENTS) ? maxDocument : maxBody;
    long length = request.getContentLengthLong();
    if (length > limit) {
      ProblemResponses.write(
          request,
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          "Request too large",
          "the request body has "
              + length
              + " bytes; at most "
              + describe(limit)
              + " are accepted ("
              + (limit == maxBody ? "MAX_REQUEST_SIZE" : "MAX_UPLOAD_SIZE")
              + ")");
      return;
    }
    chain.doFilter(length < 0 ? new Limited(request, limit) : request, response);
  }

  /** Why a query parameter or the path cannot be taken, or null. */
  private static String unstorableParameter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    if (uri.contains("%00") || uri.indexOf('\u0000') >= 0) {
      return "the URL contains a NUL character (%00), which no id or value may hold";
    }
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      String decoded;
      try {
        decoded =
            java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8)
                + "="
                + java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return "the query parameter '" + name + "' is not valid URL encoding";
      }
      String reason = JsonInput.unstorable(decoded);
      if (reason != null
          || decoded.indexOf('\uFFFD') >= 0
              && !pair.toUpperCase(java.util.Locale.ROOT).contains("%EF%BF%BD")) {
        return "the query parameter '"
            + name
            + "' "
            + (reason != null ? reason : "is not valid UTF-8");
      }
    }
    return null;
  }

  static String describe(long bytes) {
    return bytes % (1024 * 1024) == 0
        ? bytes / (1024 * 1024) + " MB"
        : bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
  }

  /** A request of unknown length whose body stream stops at the limit. */
  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                  count(n);
                }
                return n;
              }

              private void count(int n) throws IOException {
                read += n;
                if (read > limit) {
                  throw new BodyTooLarge(limit);
                }
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
