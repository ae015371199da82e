package com.dispatchbot.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A Temporal cluster or Temporal Cloud from the runbook-style variables, mapped onto the starter's
 * {@code spring.temporal.connection.*} only when they are set (an empty key file or API key would
 * make the starter fail or send an empty credential):
 *
 * <ul>
 *   <li>{@code TEMPORAL_TLS_CERT} + {@code TEMPORAL_TLS_KEY}: mTLS client certificate and key (PEM
 *       files); {@code TEMPORAL_TLS_SERVER_NAME} when the address is not the certificate's name
 *   <li>{@code TEMPORAL_API_KEY}: Temporal Cloud API key (TLS on, sent as a bearer token)
 * </ul>
 *
 * TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are bound in application.yaml.
 */
public class TemporalConnectionEnvironmentPostProcessor
    implements EnvironmentPostProcessor, Ordered {
  static final String PREFIX = "spring.temporal.connection.";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> props = new HashMap<>();
    String cert = environment.getProperty("TEMPORAL_TLS_CERT");
    String key = environment.getProperty("TEMPORAL_TLS_KEY");
    if (hasText(cert) != hasText(key)) {
      throw new IllegalStateException(
          "TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together: set both (mTLS) or neither");
    }
    if (hasText(cert)) {
      props.put(PREFIX + "mtls.cert-chain-file", cert.strip());
      props.put(PREFIX + "mtls.key-file", key.strip());
    }
    String serverName = environment.getProperty("TEMPORAL_TLS_SERVER_NAME");
    if (hasText(serverName)) {
      props.put(PREFIX + "mtls.server-name", serverName.strip());
    }
    String apiKey = environment.getProperty("TEMPORAL_API_KEY");
    if (hasText(apiKey)) {
      props.put(PREFIX + "api-key", apiKey.strip());
      props.put(PREFIX + "enable-https", "true");
    }
    if (!props.isEmpty()) {
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource("dispatchTemporalConnection", props));
    }
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
