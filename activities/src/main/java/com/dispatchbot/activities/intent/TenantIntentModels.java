package com.dispatchbot.activities.intent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model each tenant classifies with: the base model for a tenant without examples, otherwise
 * the base model retrained with the tenant's examples ({@link IntentModel#withExamples}), cached
 * per tenant and rebuilt when its list of examples changes (compared by value, so a re-read of the
 * same rows costs nothing). A rebuild embeds only the tenant's examples and retrains the head warm
 * from the base weights (about a second).
 */
final class TenantIntentModels {
  private final IntentModel base;
  private final TenantIntentExamples examples;
  private final Map<String, Entry> byTenant = new ConcurrentHashMap<>();

  private record Entry(List<LabelledUtterance> examples, IntentModel model) {}

  TenantIntentModels(IntentModel base, TenantIntentExamples examples) {
    this.base = base;
    this.examples = examples;
  }

  IntentModel base() {
    return base;
  }

  IntentModel forTenant(String tenantId) {
    List<LabelledUtterance> own = tenantId == null ? List.of() : examples.examples(tenantId);
    if (own.isEmpty()) {
      byTenant.remove(tenantId == null ? "" : tenantId);
      return base;
    }
    Entry entry = byTenant.get(tenantId);
    if (entry != null && entry.examples().equals(own)) {
      return entry.model();
    }
    // Two turns of one tenant racing here both train; the second result replaces the first.
    IntentModel model = base.withExamples(own);
    byTenant.put(tenantId, new Entry(own, model));
    return model;
  }
}
