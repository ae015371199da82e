package com.dispatchbot.api.handoff;

import com.dispatchbot.api.handoff.HandoffApi.HandBackRequest;
import com.dispatchbot.api.handoff.HandoffApi.HandoffDetail;
import com.dispatchbot.api.handoff.HandoffApi.HandoffView;
import com.dispatchbot.api.handoff.HandoffApi.ReplyRequest;
import com.dispatchbot.api.handoff.HandoffApi.ResolveRequest;
import com.dispatchbot.api.handoff.HandoffApi.Sent;
import com.dispatchbot.security.DispatchPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Operators take calls over: claim, reply, hand back, resolve. Each action is a signal to the
 * call's workflow (visible in its history) after Postgres has recorded it. Operator role or above;
 * everything is within the operator's tenant, so another tenant's handoff is a 404.
 */
@RestController
@RequestMapping("/v1/handoffs")
class HandoffController {
  private final Handoffs handoffs;
  private final HandoffEvents events;

  HandoffController(Handoffs handoffs, HandoffEvents events) {
    this.handoffs = handoffs;
    this.events = events;
  }

  @Operation(
      summary = "The tenant's handoffs, emergencies first (default: open, claimed, callback)")
  @GetMapping
  List<HandoffView> list(
      @AuthenticationPrincipal DispatchPrincipal operator,
      @Parameter(
              description =
                  "comma-separated: open, claimed, callback, handed_back, resolved; or all")
          @RequestParam(required = false)
          String status) {
    return handoffs.list(operator.tenantId(), Handoffs.statuses(status));
  }

  @Operation(summary = "Live stream (SSE) of handoff changes and new messages of the tenant")
  @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@AuthenticationPrincipal DispatchPrincipal operator) {
    return events.subscribe(operator.tenantId());
  }

  @Operation(summary = "A handoff with the call's transcript and live state")
  @GetMapping("/{id}")
  HandoffDetail get(@AuthenticationPrincipal DispatchPrincipal operator, @PathVariable String id) {
    HandoffView handoff = handoffs.find(operator.tenantId(), id);
    return new HandoffDetail(
        handoff,
        handoffs.transcript(operator.tenantId(), handoff.workflowId()),
        handoffs.live(handoff.workflowId()));
  }

  @Operation(summary = "Take the call: the bot stays muted, the SLA timer stops")
  @PostMapping("/{id}/claim")
  HandoffView claim(@AuthenticationPrincipal DispatchPrincipal operator, @PathVariable String id) {
    return handoffs.claim(operator, id);
  }

  @Operation(summary = "Say something to the caller (after claiming)")
  @PostMapping("/{id}/reply")
  ResponseEntity<Sent> reply(
      @AuthenticationPrincipal DispatchPrincipal operator,
      @PathVariable String id,
      @RequestBody ReplyRequest request) {
    handoffs.reply(operator, id, request.text());
    return ResponseEntity.accepted().body(new Sent("sent", id));
  }

  @Operation(summary = "Give the call back to the bot, with notes for its context")
  @PostMapping("/{id}/hand-back")
  HandoffView handBack(
      @AuthenticationPrincipal DispatchPrincipal operator,
      @PathVariable String id,
      @RequestBody(required = false) HandBackRequest request) {
    return handoffs.handBack(operator, id, request == null ? null : request.notes());
  }

  @Operation(summary = "Close the matter: the call ends with outcome resolved")
  @PostMapping("/{id}/resolve")
  HandoffView resolve(
      @AuthenticationPrincipal DispatchPrincipal operator,
      @PathVariable String id,
      @RequestBody(required = false) ResolveRequest request) {
    return handoffs.resolve(operator, id, request == null ? null : request.resolution());
  }
}
