package com.dispatchbot.activities.conversation;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.conversation.TenantSettingsActivities;
import io.temporal.failure.ApplicationFailure;
import org.springframework.stereotype.Component;

/** The tenant's conversation policies, from its profile (cached for 30 s by the directory). */
@Component("tenantSettingsActivities")
public class TenantSettingsActivitiesImpl implements TenantSettingsActivities {
  private final TenantDirectory tenants;

  public TenantSettingsActivitiesImpl(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Override
  public TenantSettings tenantSettings(String tenantId) {
    TenantProfile profile =
        tenants
            .find(tenantId)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "unknown tenant " + tenantId, "UnknownTenant"));
    return new TenantSettings(
        profile.id(),
        profile.name(),
        profile.zone().getId(),
        profile.lowConfidencePolicy() == TenantProfile.LowConfidencePolicy.HANDOFF
            ? LowConfidencePolicy.HANDOFF
            : LowConfidencePolicy.CLARIFY,
        profile.dispatch().hold(),
        profile.handoff().emergencyToPerson() ? EmergencyPolicy.HANDOFF : EmergencyPolicy.BOT_ONLY,
        profile.handoff().sla());
  }
}
