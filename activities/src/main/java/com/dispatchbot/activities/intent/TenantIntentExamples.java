package com.dispatchbot.activities.intent;

import java.util.List;
import java.util.Map;

/**
 * A tenant's own labelled examples, added to the base training set for that tenant only (its
 * callers' words for its services: "is the Kinetico guy coming", "do you do Navien").
 */
public interface TenantIntentExamples {

  /** The tenant's examples in a stable order; empty when it has none. Never null. */
  List<LabelledUtterance> examples(String tenantId);

  /** No tenant has examples: every tenant uses the base model. */
  TenantIntentExamples NONE = tenantId -> List.of();

  /** Fixed examples per tenant, for tests and tools. */
  static TenantIntentExamples of(Map<String, List<LabelledUtterance>> byTenant) {
    Map<String, List<LabelledUtterance>> copy = Map.copyOf(byTenant);
    return tenantId -> tenantId == null ? List.of() : copy.getOrDefault(tenantId, List.of());
  }
}
