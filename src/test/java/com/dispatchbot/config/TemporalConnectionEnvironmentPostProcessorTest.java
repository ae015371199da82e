package com.dispatchbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.spring.boot.autoconfigure.properties.TemporalProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

/** Temporal Cloud or a TLS cluster, configured the way the starter reads it. */
class TemporalConnectionEnvironmentPostProcessorTest {

  static TemporalProperties bound(MockEnvironment environment) {
    environment.setProperty("spring.temporal.connection.target", "acme.a1b2c.tmprl.cloud:7233");
    environment.setProperty("spring.temporal.namespace", "acme.a1b2c");
    new TemporalConnectionEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());
    return Binder.get(environment).bind("spring.temporal", TemporalProperties.class).get();
  }

  @Test
  void givenACertificateAndKey_theStarterSeesMtls() {
    TemporalProperties properties =
        bound(
            new MockEnvironment()
                .withProperty("TEMPORAL_TLS_CERT", "/etc/temporal/client.pem")
                .withProperty("TEMPORAL_TLS_KEY", "/etc/temporal/client.key"));
    assertThat(properties.getConnection().getMTLS().getCertChainFile())
        .isEqualTo("/etc/temporal/client.pem");
    assertThat(properties.getConnection().getMTLS().getKeyFile())
        .isEqualTo("/etc/temporal/client.key");
    assertThat(properties.getConnection().getApiKey()).isNull();
  }

  @Test
  void givenAnApiKey_theStarterSendsItOverTls() {
    TemporalProperties properties =
        bound(new MockEnvironment().withProperty("TEMPORAL_API_KEY", "eyJhbGciOi.test"));
    assertThat(properties.getConnection().getApiKey()).isEqualTo("eyJhbGciOi.test");
    assertThat(properties.getConnection().isEnableHttps()).isTrue();
    assertThat(properties.getConnection().getMTLS()).isNull();
  }

  @Test
  void givenNothing_theLocalDefaultsStand_andHalfAnMtlsPairIsRefused() {
    TemporalProperties properties =
        bound(new MockEnvironment().withProperty("TEMPORAL_API_KEY", " "));
    assertThat(properties.getConnection().getApiKey()).isNull();
    assertThat(properties.getConnection().getMTLS()).isNull();
    assertThatThrownBy(
            () -> bound(new MockEnvironment().withProperty("TEMPORAL_TLS_CERT", "/c.pem")))
        .hasMessageContaining("TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together");
  }
}
