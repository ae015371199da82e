package com.dispatchbot.activities.tools;

import com.dispatchbot.activities.tenant.TenantProfile;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Who a tool acts for and when: the business (from the activity's {@code ToolCall.tenantId}, never
 * from the model's arguments), the conversation and the call.
 *
 * @param now when the call runs (the activity's clock)
 */
public record ToolContext(
    TenantProfile tenant, String workflowId, int turn, String callId, Instant now) {

  public String tenantId() {
    return tenant.id();
  }

  public ZoneId zone() {
    return tenant.zone();
  }

  public ZonedDateTime localNow() {
    return now.atZone(zone());
  }

  /**
   * The key of this call's writes (booking, rescheduling, cancelling): workflow id + turn + call
   * id, so a retried activity or a replayed workflow writes once.
   */
  public String idempotencyKey() {
    return workflowId + ":" + turn + ":" + callId;
  }
}
