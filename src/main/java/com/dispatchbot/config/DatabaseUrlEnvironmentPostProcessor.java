package com.dispatchbot.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Binds the runbooks' {@code DATABASE_URL} ({@code postgresql://user:password@host:port/db} or a
 * {@code jdbc:postgresql://} URL) to spring.datasource.*. An explicit spring.datasource.url wins.
 */
public class DatabaseUrlEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  public static final String DEFAULT_URL = "postgresql://dispatch@127.0.0.1:5432/dispatch";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.containsProperty("spring.datasource.url")) {
      return;
    }
    String databaseUrl = environment.getProperty("DATABASE_URL", DEFAULT_URL);
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("DATABASE_URL", datasourceProperties(databaseUrl)));
  }

  /** DATABASE_URL as a command run outside the app sees it (the local default when unset). */
  public static String fromEnvironment() {
    String url = System.getenv("DATABASE_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }

  /** An unpooled connection source for commands and tests that run without the app. */
  public static DataSource dataSource(String databaseUrl) {
    Map<String, Object> props = datasourceProperties(databaseUrl);
    return new SimpleDriverDataSource(
        new org.postgresql.Driver(),
        (String) props.get("spring.datasource.url"),
        (String) props.get("spring.datasource.username"),
        (String) props.get("spring.datasource.password"));
  }

  public static Map<String, Object> datasourceProperties(String databaseUrl) {
    Map<String, Object> props = new HashMap<>();
    String url = databaseUrl.strip();
    if (url.startsWith("jdbc:")) {
      props.put("spring.datasource.url", url);
      return props;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      // Never echo the URL: it may carry a password.
      throw new IllegalArgumentException(
          "DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/db)");
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "DATABASE_URL must start with postgresql:// or jdbc:postgresql://, not "
              + uri.getScheme()
              + "://");
    }
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    props.put(
        "spring.datasource.url",
        "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      props.put(
          "spring.datasource.username",
          decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        props.put("spring.datasource.password", decode(userInfo.substring(colon + 1)));
      }
    }
    return props;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
