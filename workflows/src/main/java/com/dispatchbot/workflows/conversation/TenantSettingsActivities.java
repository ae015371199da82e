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

  /** What to do when the caller reports an emergency (gas, flooding, sparks, CO alarm). */
  enum EmergencyPolicy {
    /** the bot gives the safety steps, then a person takes the call */
    HANDOFF,
    /** the bot gives the safety steps and books the emergency visit itself */
    BOT_ONLY
  }

  /**
   * @param timezone IANA zone of the business: dates the caller says are in it
   * @param holdFor how long offered windows stay held while the caller decides
   * @param emergencyPolicy null in histories recorded before it existed: {@code HANDOFF}
   * @param handoffSla how long an open handoff waits for an operator before the bot promises a
   *     callback; null in histories recorded before it existed
   */
  record TenantSettings(
      String tenantId,
      String businessName,
      String timezone,
      LowConfidencePolicy lowConfidencePolicy,
      Duration holdFor,
      EmergencyPolicy emergencyPolicy,
      Duration handoffSla) {

    public static final Duration DEFAULT_HANDOFF_SLA = Duration.ofMinutes(2);

    public EmergencyPolicy emergencyPolicyOrDefault() {
      return emergencyPolicy == null ? EmergencyPolicy.HANDOFF : emergencyPolicy;
    }

    public Duration handoffSlaOrDefault() {
      return handoffSla == null ? DEFAULT_HANDOFF_SLA : handoffSla;
    }
  }

  @ActivityMethod
  TenantSettings tenantSettings(String tenantId);
}
