package com.dispatchbot.health;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** /health component {@code temporal}: can this node reach the Temporal frontend? */
@Component("temporal")
class TemporalHealthIndicator extends AbstractHealthIndicator {
  private final WorkflowServiceStubs stubs;
  private final String namespace;

  TemporalHealthIndicator(
      WorkflowServiceStubs stubs, @Value("${spring.temporal.namespace:default}") String namespace) {
    super("Temporal is not reachable");
    this.stubs = stubs;
    this.namespace = namespace;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    var info =
        stubs
            .blockingStub()
            .withDeadlineAfter(3, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    builder
        .up()
        .withDetail("target", stubs.getOptions().getTarget())
        .withDetail("namespace", namespace)
        .withDetail("serverVersion", info.getServerVersion());
  }
}
