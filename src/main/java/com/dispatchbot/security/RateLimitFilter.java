package com.dispatchbot.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link RateLimits} once the caller is known: per key (or console user) on the API, per
 * client IP on the keyless public chat and on login attempts. Over a limit: 429 with {@code
 * Retry-After} in whole seconds. The per-phone limit needs the request body and the conversation,
 * so the conversation controller applies it.
 */
class RateLimitFilter extends OncePerRequestFilter {
  private final RateLimits limits;
  private final boolean publicChat;

  RateLimitFilter(RateLimits limits, boolean publicChat) {
    this.limits = limits;
    this.publicChat = publicChat;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean post = "POST".equals(request.getMethod());
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    RateLimits.Verdict verdict = null;
    String detail = null;
    if (post && path.equals("/console/login")) {
      verdict = limits.login(request.getRemoteAddr());
      detail =
          "too many login attempts from this address (RATE_LIMIT_LOGIN = "
              + limits.limits().login()
              + "/min)";
    } else if (path.startsWith("/v1/") || path.equals("/chat")) {
      if (auth != null && auth.getPrincipal() instanceof DispatchPrincipal principal) {
        verdict = limits.apiRequest(principal);
        detail =
            "this API key has sent more than "
                + limits.limits().perKey()
                + " requests in a minute (RATE_LIMIT_PER_KEY)";
      } else if (post && path.equals("/chat") && publicChat) {
        verdict = limits.publicChat(request.getRemoteAddr());
        detail =
            "this address has sent more than "
                + limits.limits().publicChat()
                + " chat messages in a minute (RATE_LIMIT_PUBLIC_CHAT)";
      }
    }
    if (verdict != null && !verdict.allowed()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
      ProblemResponses.write(
          request,
          response,
          HttpStatus.TOO_MANY_REQUESTS,
          "Too many requests",
          detail + "; try again in " + verdict.retryAfterSeconds() + " s");
      return;
    }
    chain.doFilter(request, response);
  }
}
