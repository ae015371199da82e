package com.dispatchbot.config;

import com.dispatchbot.workflows.DispatchSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes sure the server knows the custom search attributes before any call starts, so calls are
 * findable by tenant, status, intent and outcome in the Temporal UI. The SDK's in-process server
 * has no operator API: there calls run without custom search attributes.
 */
@Component
public class TemporalSearchAttributes {
  private static final Logger log = LoggerFactory.getLogger(TemporalSearchAttributes.class);

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private volatile Boolean available;

  public TemporalSearchAttributes(
      WorkflowServiceStubs stubs, @Value("${spring.temporal.namespace:default}") String namespace) {
    this.stubs = stubs;
    this.namespace = namespace;
  }

  /** True when the server holds every custom search attribute (registering missing ones once). */
  public boolean available() {
    Boolean known = available;
    if (known == null) {
      synchronized (this) {
        if (available == null) {
          available = ensureRegistered();
        }
        known = available;
      }
    }
    return known;
  }

  private boolean ensureRegistered() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(stubs.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      Map<String, IndexedValueType> existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
      AddSearchAttributesRequest.Builder missing =
          AddSearchAttributesRequest.newBuilder().setNamespace(namespace);
      for (SearchAttributeKey<?> key : DispatchSearchAttributes.ALL) {
        if (!existing.containsKey(key.getName())) {
          missing.putSearchAttributes(key.getName(), key.getValueType());
        }
      }
      if (missing.getSearchAttributesCount() > 0) {
        log.info(
            "registering search attributes {} in namespace {}",
            missing.getSearchAttributesMap().keySet(),
            namespace);
        operator.blockingStub().addSearchAttributes(missing.build());
      }
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        log.warn(
            "this Temporal server has no operator API (the SDK's in-process server?): "
                + "calls run without custom search attributes");
        return false;
      }
      throw e;
    } finally {
      operator.shutdown();
    }
  }
}
