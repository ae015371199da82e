package com.dispatchbot.api.nlu;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.nlu.NluApi.ParseRequest;
import com.dispatchbot.api.nlu.NluApi.ParseResponse;
import com.dispatchbot.api.nlu.NluApi.SlotsView;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.workflows.intent.IntentActivities;
import com.dispatchbot.workflows.intent.IntentActivities.ClassifyRequest;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.dispatchbot.workflows.slots.SlotActivities;
import com.dispatchbot.workflows.slots.SlotActivities.ExtractRequest;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the bot understands in one message, for testing and for gateways that route calls: the
 * intent and the booking slots, computed by the same activity implementations the conversation
 * workflow calls each turn (called here directly, in-process, without a workflow). Slots that were
 * said but cannot be used (impossible date, past time, non-US or invalid phone, unparseable
 * address) answer 422 with the problem codes and the parts that could be read.
 */
@RestController
@RequestMapping("/v1/nlu")
class NluController {
  static final int MAX_TEXT = 4_000;

  private final IntentActivities intents;
  private final SlotActivities slots;
  private final TenantDirectory tenants;
  private final Clock clock = Clock.systemUTC();

  NluController(
      @Qualifier("intentActivities") IntentActivities intents,
      @Qualifier("slotActivities") SlotActivities slots,
      TenantDirectory tenants) {
    this.intents = intents;
    this.slots = slots;
    this.tenants = tenants;
  }

  @Operation(
      summary =
          "Intent and slots (date, time, window, phone, address, service, name) of one message")
  @PostMapping("/parse")
  ResponseEntity<?> parse(
      @AuthenticationPrincipal DispatchPrincipal caller, @RequestBody ParseRequest request) {
    if (request.text() == null || request.text().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", "text is required");
    }
    if (request.text().length() > MAX_TEXT) {
      throw new ApiProblem(
          HttpStatus.CONTENT_TOO_LARGE,
          "Text too long",
          "text has " + request.text().length() + " characters; at most " + MAX_TEXT);
    }
    String tenantId = caller.tenantId();
    if (request.tenantId() != null
        && !request.tenantId().isBlank()
        && !request.tenantId().strip().equals(tenantId)) {
      throw ApiProblem.forbidden(
          "this key acts for tenant '"
              + tenantId
              + "', not '"
              + request.tenantId().strip()
              + "'; leave tenantId out or send the key's own");
    }
    ZoneId zone = zone(request.timezone());
    TenantProfile tenant =
        tenants
            .find(tenantId)
            .orElseThrow(() -> ApiProblem.notFound("no tenant '" + tenantId + "'"));
    if (zone == null) {
      zone = zone(tenant.timezone());
    }
    Instant reference = reference(request.referenceTime(), zone == null ? ZoneId.of("UTC") : zone);

    IntentResult intent = intents.classifyIntent(new ClassifyRequest(tenantId, request.text()));
    Slots found =
        slots.extractSlots(
            new ExtractRequest(
                tenantId,
                request.text(),
                reference.toEpochMilli(),
                zone == null ? null : zone.getId()));
    String intentCode = intent.intent() == null ? null : intent.intent().code();
    SlotsView view = SlotsView.of(found);
    if (found.problems() != null && !found.problems().isEmpty()) {
      return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(unusable(found.problems(), intentCode, intent.confidence(), view));
    }
    return ResponseEntity.ok(new ParseResponse(intentCode, intent.confidence(), view));
  }

  /** 422: what was said but cannot be used, with the codes and everything that could be read. */
  static ProblemDetail unusable(
      List<String> problems, String intent, double confidence, SlotsView slots) {
    String detail =
        problems.stream()
            .map(p -> p.contains(": ") ? p.substring(p.indexOf(": ") + 2) : p)
            .collect(Collectors.joining("; "));
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_CONTENT, "Some details cannot be used: " + detail);
    problem.setTitle("Unusable details");
    problem.setType(URI.create("about:blank"));
    problem.setProperty(
        "problems",
        problems.stream().map(p -> p.contains(":") ? p.substring(0, p.indexOf(':')) : p).toList());
    problem.setProperty("intent", intent);
    problem.setProperty("confidence", confidence);
    problem.setProperty("slots", slots);
    return problem;
  }

  /** The zone named, null when none is; 400 when it is not a zone. */
  private static ZoneId zone(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      return ZoneId.of(id.trim());
    } catch (DateTimeException e) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "Bad request",
          "timezone '"
              + id
              + "' is not a known time zone; use an IANA name such as America/Denver");
    }
  }

  /**
   * An ISO-8601 instant with an offset ({@code 2026-03-06T10:00:00-07:00}, {@code ...Z}), or a
   * local date-time read in the zone; the server's clock when none is given.
   */
  private Instant reference(String value, ZoneId zone) {
    if (value == null || value.isBlank()) {
      return clock.instant();
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException offsetMissing) {
      try {
        return LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        throw new ApiProblem(
            HttpStatus.BAD_REQUEST,
            "Bad request",
            "referenceTime '"
                + value
                + "' is not an ISO-8601 date-time; send e.g. 2026-03-06T10:00:00-07:00");
      }
    }
  }
}
