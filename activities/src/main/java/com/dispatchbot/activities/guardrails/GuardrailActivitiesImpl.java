package com.dispatchbot.activities.guardrails;

import com.dispatchbot.workflows.guardrails.GuardrailActivities;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Screens a caller's message: injection and abuse detection on the normalized text, and PII
 * redaction into the stored and model-facing versions. Pure CPU and deterministic for a given text,
 * so it runs as a local activity and a retry gives the same answer.
 */
@Component("guardrailActivities")
public class GuardrailActivitiesImpl implements GuardrailActivities {
  private static final Logger log = LoggerFactory.getLogger(GuardrailActivitiesImpl.class);

  /** The reply to an injection attempt: no hint of what was detected, back to the business. */
  public static final String INJECTION_REFUSAL =
      "I can only help with questions about our services and appointments. What can I help you"
          + " with today?";

  /** The reply to threats or insults: calm, no lecture, and the way back to getting help. */
  public static final String ABUSE_REFUSAL =
      "I want to help, and I'd like to keep our conversation respectful. If something is wrong"
          + " at your home, tell me what's going on and I can get a technician out to you or"
          + " answer your questions.";

  private final PiiRedactor redactor = new PiiRedactor();
  private final InjectionDetector injections = new InjectionDetector();
  private final AbuseDetector abuse = new AbuseDetector();
  private final ObjectProvider<MeterRegistry> meters;

  public GuardrailActivitiesImpl(ObjectProvider<MeterRegistry> meters) {
    this.meters = meters;
  }

  @Override
  public Screening screen(ScreenRequest request) {
    String text = request == null || request.text() == null ? "" : request.text();
    PiiRedactor.Redaction redaction = redactor.redact(text);
    List<String> injection = injections.detect(text);
    List<String> abusive = abuse.detect(text);

    Verdict verdict =
        !injection.isEmpty()
            ? Verdict.INJECTION
            : !abusive.isEmpty() ? Verdict.ABUSE : Verdict.ALLOW;
    Set<String> findings = new LinkedHashSet<>(injection);
    findings.addAll(abusive);
    findings.addAll(redaction.findings());

    if (verdict != Verdict.ALLOW) {
      // categories only: the text itself never reaches a log
      log.info(
          "guardrails: {} for tenant {}: {}",
          verdict,
          request == null ? null : request.tenantId(),
          findings);
    }
    count(verdict);
    return new Screening(
        verdict,
        redaction.stored(),
        redaction.forModel(),
        new ArrayList<>(findings),
        refusal(verdict));
  }

  static String refusal(Verdict verdict) {
    return switch (verdict) {
      case ALLOW -> null;
      case INJECTION -> INJECTION_REFUSAL;
      case ABUSE -> ABUSE_REFUSAL;
    };
  }

  private void count(Verdict verdict) {
    MeterRegistry registry = meters == null ? null : meters.getIfAvailable();
    if (registry != null) {
      Counter.builder("dispatch.guardrails.screened")
          .description("Caller messages screened, by verdict")
          .tag("verdict", verdict.name().toLowerCase(Locale.ROOT))
          .register(registry)
          .increment();
    }
  }
}
