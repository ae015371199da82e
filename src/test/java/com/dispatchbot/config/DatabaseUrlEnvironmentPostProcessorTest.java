package com.dispatchbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DatabaseUrlEnvironmentPostProcessorTest {

  @Test
  void givenTheRunbookUrl_whenBound_itShouldSplitUserPasswordAndJdbcUrl() {
    Map<String, Object> props =
        DatabaseUrlEnvironmentPostProcessor.datasourceProperties(
            "postgresql://dispatch:s3cr%40t%3Apw@db.internal:6543/dispatch?sslmode=require");

    assertThat(props)
        .containsEntry(
            "spring.datasource.url", "jdbc:postgresql://db.internal:6543/dispatch?sslmode=require")
        .containsEntry("spring.datasource.username", "dispatch")
        .containsEntry("spring.datasource.password", "s3cr@t:pw");
  }

  @Test
  void givenNoPort_whenBound_itShouldUseThePostgresDefault() {
    assertThat(
            DatabaseUrlEnvironmentPostProcessor.datasourceProperties("postgres://u@localhost/db"))
        .containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:5432/db")
        .containsEntry("spring.datasource.username", "u")
        .doesNotContainKey("spring.datasource.password");
  }

  @Test
  void givenAJdbcUrl_whenBound_itShouldBeUsedAsItIs() {
    assertThat(
            DatabaseUrlEnvironmentPostProcessor.datasourceProperties(
                "jdbc:postgresql://127.0.0.1:5432/dispatch?user=a&password=b"))
        .containsExactly(
            Map.entry(
                "spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:5432/dispatch?user=a&password=b"));
  }

  @Test
  void givenAMalformedUrl_whenBound_itShouldSayWhatIsExpectedWithoutEchoingThePassword() {
    assertThatThrownBy(
            () ->
                DatabaseUrlEnvironmentPostProcessor.datasourceProperties(
                    "postgresql://dispatch:topsecret@host name/db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://user:password@host:port/db")
        .hasMessageNotContaining("topsecret");
    assertThatThrownBy(
            () -> DatabaseUrlEnvironmentPostProcessor.datasourceProperties("mysql://u:p@h/db"))
        .hasMessageContaining("must start with postgresql://")
        .hasMessageNotContaining("u:p");
  }

  @Test
  void givenAnExplicitDatasourceUrl_whenPostProcessed_itShouldWin() {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test",
                Map.of(
                    "spring.datasource.url", "jdbc:postgresql://explicit/db",
                    "DATABASE_URL", "postgresql://other:pw@elsewhere/db")));

    new DatabaseUrlEnvironmentPostProcessor().postProcessEnvironment(env, null);

    assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://explicit/db");
    assertThat(env.getProperty("spring.datasource.username")).isNull();
  }
}
