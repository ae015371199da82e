package com.dispatchbot.config;

import com.dispatchbot.workflows.conversation.Messages.Settings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The app's own settings (application.yaml {@code dispatch.*}).
 *
 * @param defaultTenant the tenant of the keyless public chat (the runbook's {@code /chat}); every
 *     other request acts for the tenant of its API key or console user
 * @param sampleData load the sample tenant at start-up (idempotent)
 * @param replyTimeout how long an API call waits for a turn's reply before answering 202
 */
@Validated
@ConfigurationProperties("dispatch")
public record DispatchProperties(
    @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}") String defaultTenant,
    boolean sampleData,
    @NotNull Duration replyTimeout,
    @NotNull @Valid Conversation conversation) {

  /**
   * @param humanThreshold HUMAN_THRESHOLD: below this intent confidence the bot asks or hands off
   * @param routeToHuman ROUTE_TO_HUMAN: every call goes to an operator on its first message
   */
  public record Conversation(
      @NotNull Duration inactivityTimeout,
      @Min(100) int historyEventsBeforeContinueAsNew,
      @Min(0) @Max(200) int maxHistoryMessages,
      @DecimalMin("0.0") @DecimalMax("1.0") double humanThreshold,
      boolean routeToHuman) {}

  public Settings conversationSettings(boolean upsertSearchAttributes) {
    return new Settings(
        conversation.inactivityTimeout(),
        conversation.historyEventsBeforeContinueAsNew(),
        conversation.maxHistoryMessages(),
        upsertSearchAttributes,
        conversation.humanThreshold(),
        conversation.routeToHuman());
  }
}
