package com.dispatchbot.security;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. The tenant of every request is its principal's (an API key's or a console
 * user's), never a header or a body field.
 *
 * <table>
 *   <tr><th>who</th><th>reaches</th></tr>
 *   <tr><td>anyone</td><td>{@code /health}, {@code /metrics}, {@code /info}, OpenAPI and Swagger
 *       UI, the console's login page and static files, {@code POST /chat} when PUBLIC_CHAT</td></tr>
 *   <tr><td>caller_api and up</td><td>{@code /v1/conversations/**}, {@code /v1/nlu/**},
 *       {@code /v1/geocode}, {@code GET /v1/knowledge/search}, {@code POST /chat}</td></tr>
 *   <tr><td>operator and up</td><td>{@code /v1/handoffs/**}, {@code GET /v1/tools}, the console
 *       page</td></tr>
 *   <tr><td>admin</td><td>the rest of {@code /v1/knowledge/**}, {@code /v1/admin/**}</td></tr>
 * </table>
 *
 * Anything else is refused, so a new endpoint is closed until it is given a rule here.
 */
@Configuration
@EnableWebSecurity
@SecurityScheme(
    name = "apiKey",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description = "an API key (dbk_...): Authorization: Bearer <key>, or the X-API-Key header")
@OpenAPIDefinition(security = @SecurityRequirement(name = "apiKey"))
@EnableConfigurationProperties({AuthProperties.class, RateLimitProperties.class})
public class SecurityConfig {

  @Bean
  SecurityFilterChain dispatchSecurity(
      HttpSecurity http, Credentials credentials, RateLimits limits, AuthProperties auth)
      throws Exception {
    RequestMatcher chat = path(HttpMethod.POST, "/chat");
    RequestMatcher consolePages =
        new OrRequestMatcher(path(null, "/console"), path(null, "/console/**"));
    ApiKeyAuthenticationFilter apiKeys = new ApiKeyAuthenticationFilter(credentials);
    http.csrf(
            csrf ->
                csrf.spa()
                    // spa()'s cookie repository, with a request handler that also takes the
                    // cookie's plain value in the _csrf field of the static login form
                    .csrfTokenRequestHandler(new ConsoleCsrfTokenRequestHandler())
                    // an API key is sent on purpose by its holder, never by a browser on its own
                    .ignoringRequestMatchers(ApiKeyAuthenticationFilter::hasKey)
                    // without a session cookie a request has no rights to forge (it gets its 401);
                    // the login form itself stays protected (login CSRF)
                    .ignoringRequestMatchers(
                        request ->
                            request.getRequestedSessionId() == null
                                && !consolePages.matches(request))
                    .ignoringRequestMatchers(request -> auth.publicChat() && chat.matches(request)))
        .authorizeHttpRequests(
            rules -> {
              rules
                  // ASYNC: the end of a stream (SSE) whose request was authorized when it began
                  .dispatcherTypeMatchers(
                      DispatcherType.FORWARD, DispatcherType.ERROR, DispatcherType.ASYNC)
                  .permitAll()
                  .requestMatchers(
                      "/health",
                      "/health/**",
                      "/metrics",
                      "/info",
                      "/v3/api-docs",
                      "/v3/api-docs/**",
                      "/swagger-ui.html",
                      "/swagger-ui/**")
                  .permitAll()
                  .requestMatchers("/console", "/console/", "/console/index.html")
                  .hasRole("OPERATOR")
                  .requestMatchers("/console/**")
                  .permitAll();
              if (auth.publicChat()) {
                rules.requestMatchers(chat).permitAll();
              } else {
                rules.requestMatchers(chat).hasRole("CALLER_API");
              }
              rules
                  .requestMatchers(
                      "/v1/conversations",
                      "/v1/conversations/**",
                      "/v1/nlu/**",
                      "/v1/geocode",
                      "/v1/geocode/**")
                  .hasRole("CALLER_API")
                  .requestMatchers(HttpMethod.GET, "/v1/knowledge/search")
                  .hasRole("CALLER_API")
                  .requestMatchers("/v1/handoffs", "/v1/handoffs/**")
                  .hasRole("OPERATOR")
                  .requestMatchers(HttpMethod.GET, "/v1/tools")
                  .hasRole("OPERATOR")
                  .requestMatchers(
                      "/v1/knowledge/**",
                      "/v1/admin/**",
                      "/v1/schedules",
                      "/v1/schedules/**",
                      "/v1/costs/**",
                      "/v1/alerts",
                      "/v1/alerts/**")
                  .hasRole("ADMIN")
                  .anyRequest()
                  .denyAll();
            })
        .formLogin(
            form ->
                form.loginPage("/console/login")
                    .loginProcessingUrl("/console/login")
                    .defaultSuccessUrl("/console", true)
                    .failureUrl("/console/login?error")
                    .permitAll())
        .logout(
            logout ->
                logout
                    .logoutUrl("/console/logout")
                    .logoutSuccessUrl("/console/login?logout")
                    .permitAll())
        .httpBasic(AbstractHttpConfigurer::disable)
        // no session for a request that was refused: a 401 is an answer, not a detour
        .requestCache(cache -> cache.requestCache(new NullRequestCache()))
        .exceptionHandling(
            errors ->
                errors
                    .defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/console/login"), consolePages)
                    .defaultAuthenticationEntryPointFor(
                        problemEntryPoint(), AnyRequestMatcher.INSTANCE)
                    .accessDeniedHandler(problemAccessDenied()))
        .addFilterBefore(apiKeys, UsernamePasswordAuthenticationFilter.class)
        .addFilterAfter(
            new RateLimitFilter(limits, auth.publicChat()), ApiKeyAuthenticationFilter.class);
    return http.build();
  }

  /** admin includes operator includes caller_api. */
  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.withDefaultRolePrefix()
        .role("ADMIN")
        .implies("OPERATOR")
        .role("OPERATOR")
        .implies("CALLER_API")
        .build();
  }

  /** BCrypt, behind Spring's delegating encoder ({@code {bcrypt}...}) so it can move on later. */
  @Bean
  static PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /** A URL the firewall refuses (encoded slashes, {@code ..}, NUL, ...) is a 400 problem. */
  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return (request, response, rejected) ->
        ProblemResponses.write(
            request,
            response,
            HttpStatus.BAD_REQUEST,
            "Bad request",
            "the request was refused: " + rejected.getMessage());
  }

  private static AuthenticationEntryPoint problemEntryPoint() {
    return (request, response, e) -> {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"dispatch-bot\"");
      ProblemResponses.write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "Unauthorized",
          "send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>' (an admin"
              + " creates one with POST /v1/admin/api-keys or the create-api-key command)");
    };
  }

  private static AccessDeniedHandler problemAccessDenied() {
    return (request, response, e) -> {
      String detail;
      if (e instanceof CsrfException) {
        detail =
            "missing or wrong CSRF token: a console session sends the XSRF-TOKEN cookie's value"
                + " in the X-XSRF-TOKEN header (API clients send an API key instead)";
      } else {
        Authentication who =
            org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        String role =
            who != null && who.getPrincipal() instanceof DispatchPrincipal p
                ? p.role().code()
                : "anonymous";
        detail =
            "the role '"
                + role
                + "' may not "
                + request.getMethod()
                + " "
                + request.getRequestURI()
                + "; ask an admin for a key or user with a higher role";
      }
      ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "Forbidden", detail);
    };
  }

  private static RequestMatcher path(HttpMethod method, String pattern) {
    return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
  }

  /**
   * The SPA handler of {@code csrf.spa()} (a header carries the cookie's plain value; a form field
   * the masked value a server-rendered page would embed), plus: a form field may carry the plain
   * cookie value too, which is what the static login page can read and post. Masking protects a
   * token rendered into a compressed page (BREACH); a static page renders none.
   */
  static final class ConsoleCsrfTokenRequestHandler implements CsrfTokenRequestHandler {
    private final CsrfTokenRequestAttributeHandler plain = new CsrfTokenRequestAttributeHandler();
    private final XorCsrfTokenRequestAttributeHandler eager =
        new XorCsrfTokenRequestAttributeHandler();
    private final XorCsrfTokenRequestAttributeHandler deferred =
        new XorCsrfTokenRequestAttributeHandler();

    ConsoleCsrfTokenRequestHandler() {
      // load the token on every browser request, so the XSRF-TOKEN cookie is always there
      eager.setCsrfRequestAttributeName(null);
    }

    @Override
    public void handle(
        HttpServletRequest request,
        jakarta.servlet.http.HttpServletResponse response,
        Supplier<CsrfToken> token) {
      // API-key requests need no token, so they get no cookie either
      (ApiKeyAuthenticationFilter.hasKey(request) ? deferred : eager)
          .handle(request, response, token);
    }

    @Override
    public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
      if (request.getHeader(token.getHeaderName()) != null) {
        return plain.resolveCsrfTokenValue(request, token);
      }
      String field = request.getParameter(token.getParameterName());
      if (field != null
          && MessageDigest.isEqual(
              field.getBytes(StandardCharsets.UTF_8),
              token.getToken().getBytes(StandardCharsets.UTF_8))) {
        return field;
      }
      return eager.resolveCsrfTokenValue(request, token);
    }
  }
}
