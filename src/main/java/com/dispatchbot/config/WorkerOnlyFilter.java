package com.dispatchbot.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On a worker node (APP_ROLE=worker) only health, metrics and info are served; anything else is a
 * 404 problem that says where to send it, before authentication (a caller's key is never checked on
 * a node that does not serve callers).
 */
public class WorkerOnlyFilter extends OncePerRequestFilter {
  private final AppRole role;

  public WorkerOnlyFilter(AppRole role) {
    this.role = role;
  }

  /** Registered first, ahead of security. */
  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    FilterRegistrationBean<WorkerOnlyFilter> workerOnlyFilter(Environment environment) {
      FilterRegistrationBean<WorkerOnlyFilter> registration =
          new FilterRegistrationBean<>(
              new WorkerOnlyFilter(AppRole.parse(environment.getProperty("dispatch.role"))));
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }
  }

  static boolean alwaysServed(String path) {
    return path.equals("/health")
        || path.startsWith("/health/")
        || path.equals("/metrics")
        || path.equals("/info");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (role.servesApi() || alwaysServed(request.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\"Not served here\",\"status\":404,"
                + "\"detail\":\"this node runs workers only (APP_ROLE=worker); send API requests"
                + " to an API node\"}");
  }
}
