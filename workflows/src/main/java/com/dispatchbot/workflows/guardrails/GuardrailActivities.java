package com.dispatchbot.workflows.guardrails;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Screens a caller's message before anything acts on it. Runs as a local activity on the
 * conversation worker: pure CPU, no I/O, so it is cheap and deterministic to retry.
 */
@ActivityInterface
public interface GuardrailActivities {

  enum Verdict {
    /** nothing wrong: the bot answers */
    ALLOW,
    /** an attempt to override the bot's instructions, extract its prompt, keys or others' data */
    INJECTION,
    /** threats, harassment or slurs */
    ABUSE
  }

  record ScreenRequest(String tenantId, String text) {}

  /**
   * @param stored the message as it may be stored and shown to operators: card numbers (Luhn
   *     checked) and social security numbers replaced by {@code [CARD]} / {@code [SSN]}
   * @param forModel what a model (and a log line) may see: {@code stored} with e-mail addresses,
   *     phone numbers and street addresses also replaced ({@code [EMAIL]}, {@code [PHONE]}, {@code
   *     [ADDRESS]}); the caller's own phone and address live in slots instead
   * @param findings what was redacted or detected, e.g. {@code card}, {@code ssn}, {@code
   *     injection:ignore-instructions}; never the values themselves
   * @param refusal the polite reply when the verdict is not {@link Verdict#ALLOW}, else null
   */
  record Screening(
      Verdict verdict, String stored, String forModel, List<String> findings, String refusal) {}

  @ActivityMethod
  Screening screen(ScreenRequest request);
}
