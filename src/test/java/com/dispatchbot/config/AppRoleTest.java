package com.dispatchbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** One jar, three roles: what each starts and serves. */
class AppRoleTest {

  static MockEnvironment environment(String role) {
    MockEnvironment environment = new MockEnvironment();
    if (role != null) {
      environment.setProperty("dispatch.role", role);
    }
    environment.setProperty("spring.temporal.start-workers", "true");
    new AppRole.PostProcessor().postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }

  @Test
  void givenAnApiNode_noWorkerStarts_andByDefaultBothRun() {
    assertThat(environment("api").getProperty("spring.temporal.start-workers")).isEqualTo("false");
    assertThat(environment("API").getProperty("dispatch.role")).isEqualTo("api");
    assertThat(environment(null).getProperty("spring.temporal.start-workers")).isEqualTo("true");
    assertThat(environment("worker").getProperty("spring.temporal.start-workers"))
        .isEqualTo("true");
  }

  @Test
  void givenAnUnknownRole_theAppRefusesToStartSayingWhatIsAllowed() {
    assertThatThrownBy(() -> environment("frontend"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("APP_ROLE must be all, api or worker, not 'frontend'");
  }

  @Test
  void givenAWorkerNode_onlyHealthAndMetricsAreServed_everythingElseIsA404SayingWhy()
      throws Exception {
    WorkerOnlyFilter filter = new WorkerOnlyFilter(AppRole.WORKER);
    for (String path : new String[] {"/health", "/health/readiness", "/metrics"}) {
      MockFilterChain chain = new MockFilterChain();
      filter.doFilter(
          new MockHttpServletRequest("GET", path), new MockHttpServletResponse(), chain);
      assertThat(chain.getRequest()).as(path).isNotNull();
    }
    for (String path : new String[] {"/v1/conversations", "/chat", "/console", "/v1/schedules"}) {
      MockFilterChain chain = new MockFilterChain();
      MockHttpServletResponse response = new MockHttpServletResponse();
      filter.doFilter(new MockHttpServletRequest("POST", path), response, chain);
      assertThat(chain.getRequest()).as(path).isNull();
      assertThat(response.getStatus()).isEqualTo(404);
      assertThat(response.getContentAsString()).contains("APP_ROLE=worker");
    }
    MockFilterChain passed = new MockFilterChain();
    new WorkerOnlyFilter(AppRole.API)
        .doFilter(
            new MockHttpServletRequest("POST", "/v1/conversations"),
            new MockHttpServletResponse(),
            passed);
    assertThat(passed.getRequest()).isNotNull();
  }
}
