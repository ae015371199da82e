package com.dispatchbot.workflows.booking;

import com.dispatchbot.workflows.slots.Address;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Technicians' calendars. Every write is idempotent: a retried call with the same key returns the
 * first call's result instead of booking again.
 */
@ActivityInterface
public interface BookingActivities {

  /** Failure type for an unknown appointment, or one of another tenant. */
  String APPOINTMENT_NOT_FOUND = "AppointmentNotFound";

  /**
   * Failure type (non-retryable) for a request that cannot be served as sent: an unknown tenant, a
   * slot or preferred window that is not an ISO-8601 date-time, a phone that is not a phone number,
   * a booking without a service type or idempotency key.
   */
  String INVALID_REQUEST = "InvalidBookingRequest";

  /**
   * @param notBeforeMillis no window starts earlier (the workflow's "now")
   * @param preferredStart ISO-8601 start of the caller's window, or null for "any time"
   * @param count how many options to return (the runbook proposes 2–3)
   */
  record AvailabilityRequest(
      String tenantId,
      String serviceType,
      double lat,
      double lng,
      String zip,
      String city,
      boolean emergency,
      long notBeforeMillis,
      String preferredStart,
      String preferredEnd,
      int count) {}

  /** One bookable window, ISO-8601 offset date-times in the tenant's zone. */
  record Slot(
      String technicianId, String technicianName, String start, String end, double travelKm) {}

  /**
   * @param inServiceArea false when the address is outside the tenant's area ({@code reason} says
   *     why, for a polite refusal)
   */
  record Availability(boolean inServiceArea, String reason, List<Slot> options) {}

  @ActivityMethod
  Availability findAvailability(AvailabilityRequest request);

  /**
   * Holds a window while the caller decides. The hold expires at {@code expiresAtMillis} by itself
   * and the workflow releases it earlier when the call moves on.
   */
  record HoldRequest(
      String tenantId, String workflowId, String holdKey, Slot slot, long expiresAtMillis) {}

  record Hold(String holdId, boolean held, String reason) {}

  @ActivityMethod
  Hold holdSlot(HoldRequest request);

  record ReleaseRequest(String tenantId, String workflowId) {}

  /** Releases every hold of the conversation (compensation; safe to repeat). */
  @ActivityMethod
  void releaseHolds(ReleaseRequest request);

  /**
   * @param idempotencyKey workflow id + turn: a retry returns the same appointment
   */
  record BookRequest(
      String tenantId,
      String idempotencyKey,
      String workflowId,
      Slot slot,
      String serviceType,
      Address address,
      double lat,
      double lng,
      String customerPhone,
      String customerName,
      boolean emergency) {}

  record Appointment(
      String appointmentId,
      String technicianId,
      String technicianName,
      String serviceType,
      String start,
      String end,
      String status,
      String addressLine,
      boolean emergency) {}

  /**
   * The outcome of a booking, rescheduling or cancellation. When the window was taken meanwhile,
   * {@code appointment} is null and {@code alternatives} holds the next free windows to offer.
   *
   * @param created false when this idempotency key had already been used: the same appointment
   *     comes back and nothing is written
   */
  record Booking(Appointment appointment, boolean created, List<Slot> alternatives) {
    public boolean taken() {
      return appointment == null;
    }
  }

  @ActivityMethod
  Booking bookAppointment(BookRequest request);

  record LookupRequest(String tenantId, String customerPhone) {}

  /** The caller's upcoming active appointments, soonest first. */
  @ActivityMethod
  List<Appointment> findAppointments(LookupRequest request);

  /**
   * @param workflowId the conversation that reschedules (may be null): its holds are released, so a
   *     window it held for the caller does not block the move
   */
  record RescheduleRequest(
      String tenantId, String idempotencyKey, String appointmentId, Slot slot, String workflowId) {
    public RescheduleRequest(
        String tenantId, String idempotencyKey, String appointmentId, Slot slot) {
      this(tenantId, idempotencyKey, appointmentId, slot, null);
    }
  }

  @ActivityMethod
  Booking reschedule(RescheduleRequest request);

  record CancelRequest(
      String tenantId, String idempotencyKey, String appointmentId, String reason) {}

  @ActivityMethod
  Booking cancel(CancelRequest request);
}
