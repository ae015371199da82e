package com.dispatchbot.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key ({@code Authorization: Bearer <key>} or {@code X-API-Key:
 * <key>}). A request that carries a key is judged by the key alone: a wrong key is a 401 at once,
 * never a fall-back to a session cookie, and the key's authentication is never stored in a session.
 * Requests without a key keep their console session, as long as its user is still active.
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {
  public static final String API_KEY_HEADER = "X-API-Key";

  private final Credentials credentials;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  public ApiKeyAuthenticationFilter(Credentials credentials) {
    this.credentials = credentials;
  }

  /** True when the request carries an API key (well-formed or not). */
  public static boolean hasKey(HttpServletRequest request) {
    return request.getHeader(API_KEY_HEADER) != null || bearer(request) != null;
  }

  /** The authorities of a role: {@code ROLE_<ROLE>}; the role hierarchy adds the lower ones. */
  public static List<GrantedAuthority> authorities(DispatchPrincipal.Role role) {
    return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String headerKey = request.getHeader(API_KEY_HEADER);
    String bearerKey = bearer(request);
    if (headerKey == null && bearerKey == null) {
      endSessionOfInactiveUser(request);
      chain.doFilter(request, response);
      return;
    }
    if (headerKey != null && bearerKey != null && !headerKey.strip().equals(bearerKey)) {
      unauthorized(request, response, "two different API keys were sent; send one, in one header");
      return;
    }
    String key = headerKey != null ? headerKey.strip() : bearerKey;
    Optional<DispatchPrincipal> principal = credentials.apiKey(key);
    if (principal.isEmpty()) {
      unauthorized(
          request,
          response,
          "the API key is not valid: it is revoked, mistyped or from another installation");
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            principal.get(), null, authorities(principal.get().role())));
    contexts.setContext(context);
    chain.doFilter(request, response);
  }

  /** A console user disabled after logging in is logged out at the next request. */
  private void endSessionOfInactiveUser(HttpServletRequest request) {
    Authentication current = contexts.getContext().getAuthentication();
    if (current != null
        && current.getPrincipal() instanceof DispatchPrincipal user
        && !credentials.consoleUserActive(user.name())) {
      contexts.clearContext();
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
    }
  }

  private static String bearer(HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")
        || authorization.length() <= 7) {
      return null;
    }
    return authorization.substring(7).strip();
  }

  private static void unauthorized(
      HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dispatch-bot\", error=\"invalid_token\"");
    ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
  }
}
