package com.dispatchbot.api.schedules;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.schedules.ScheduleProperties;
import com.dispatchbot.schedules.Schedules;
import com.dispatchbot.schedules.Schedules.ScheduleView;
import com.dispatchbot.security.AuditLog;
import com.dispatchbot.security.DispatchPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The maintenance schedules (backup, archival, reindex, cost report). They run for the whole
 * installation, so only admins of the platform tenant (PLATFORM_TENANT) may see and change them;
 * every change is audited.
 */
@RestController
@RequestMapping("/v1/schedules")
class ScheduleController {
  private final Schedules schedules;
  private final AuditLog audit;
  private final String platformTenant;

  ScheduleController(Schedules schedules, AuditLog audit, ScheduleProperties properties) {
    this.schedules = schedules;
    this.audit = audit;
    this.platformTenant = properties.platformTenant();
  }

  record Note(String note) {}

  /**
   * @param start first scheduled time covered (ISO-8601 instant, inclusive)
   * @param end last (exclusive); must not be in the future
   * @param overlap allow_all (default), buffer_all or skip
   */
  record Backfill(String start, String end, String overlap) {}

  @Operation(summary = "The maintenance schedules: spec, paused, next and recent runs")
  @GetMapping
  List<ScheduleView> list(@AuthenticationPrincipal DispatchPrincipal admin) {
    platform(admin);
    return schedules.list();
  }

  @Operation(summary = "One schedule")
  @GetMapping("/{id}")
  ScheduleView get(@AuthenticationPrincipal DispatchPrincipal admin, @PathVariable String id) {
    platform(admin);
    return schedules.get(id);
  }

  @Operation(summary = "Pause a schedule (runs already going finish)")
  @PostMapping("/{id}/pause")
  ScheduleView pause(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @PathVariable String id,
      @RequestBody(required = false) Note body) {
    platform(admin);
    String note = body == null ? null : body.note();
    ScheduleView view = schedules.pause(id, note);
    audit.record(admin, "schedule.pause", "schedule", id, detail("note", note));
    return view;
  }

  @Operation(summary = "Unpause a schedule (missed runs inside the catch-up window still start)")
  @PostMapping("/{id}/unpause")
  ScheduleView unpause(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @PathVariable String id,
      @RequestBody(required = false) Note body) {
    platform(admin);
    String note = body == null ? null : body.note();
    ScheduleView view = schedules.unpause(id, note);
    audit.record(admin, "schedule.unpause", "schedule", id, detail("note", note));
    return view;
  }

  @Operation(summary = "Run the schedule's workflow now (after a run still going)")
  @PostMapping("/{id}/trigger")
  ScheduleView trigger(@AuthenticationPrincipal DispatchPrincipal admin, @PathVariable String id) {
    platform(admin);
    ScheduleView view = schedules.trigger(id);
    audit.record(admin, "schedule.trigger", "schedule", id, Map.of());
    return view;
  }

  @Operation(
      summary = "Run the schedule for each time it would have fired in a past period",
      description =
          "Each run sees its own scheduled time: a backfilled cost report reports on its own day."
              + " The range must be in the past and at most 31 days long.")
  @PostMapping("/{id}/backfill")
  ScheduleView backfill(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @PathVariable String id,
      @RequestBody Backfill body) {
    platform(admin);
    ScheduleView view = schedules.backfill(id, body.start(), body.end(), body.overlap());
    Map<String, Object> detail = detail("start", body.start());
    detail.put("end", body.end());
    audit.record(admin, "schedule.backfill", "schedule", id, detail);
    return view;
  }

  private void platform(DispatchPrincipal admin) {
    if (!platformTenant.equals(admin.tenantId())) {
      throw ApiProblem.forbidden(
          "schedules run for the whole installation; only admins of the platform tenant may"
              + " manage them");
    }
  }

  private static Map<String, Object> detail(String key, String value) {
    Map<String, Object> detail = new HashMap<>();
    if (value != null) {
      detail.put(key, value);
    }
    return detail;
  }
}
