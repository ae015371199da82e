package com.dispatchbot.workflows.conversation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/** The tenant's conversation policies; read as a local activity when a conversation starts. */
@ActivityInterface
public interface TenantSettingsActivities {

  /** What to do when the bot is not sure what the caller wants. */
  enum LowConfidencePolicy {
    /** ask a clarifying question; a second unsure turn in a row goes to a person */
    CLARIFY,
    /** go to a person at once */
    HANDOFF
  }

  /**
   * @param timezone IANA zone of the business: dates the caller says are in it
   * @param holdFor how long offered windows stay held while the caller decides
   */
  record TenantSettings(
      String tenantId,
      String businessName,
      String timezone,
      LowConfidencePolicy lowConfidencePolicy,
      Duration holdFor) {}

  @ActivityMethod
  TenantSettings tenantSettings(String tenantId);
}
