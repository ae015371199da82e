package com.dispatchbot.activities.booking;

import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.slots.Address;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.temporal.failure.ApplicationFailure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Technicians' calendars in Postgres. Double booking is impossible because the {@code
 * appointments_no_overlap} exclusion constraint rejects a second live row (hold or appointment) on
 * a technician's overlapping window; this class turns that rejection (SQLState 23P01) into "taken,
 * here are alternatives". Every write is idempotent: bookings by their idempotency key on the
 * appointment row, reschedules and cancellations by theirs in {@code appointment_changes}, holds by
 * (conversation, hold key). Writes to one technician's calendar take a transaction-scoped advisory
 * lock on (tenant, technician) first, so concurrent writers queue instead of deadlocking, and each
 * deletes that technician's expired holds before it writes.
 */
@Component("bookingActivities")
public class BookingActivitiesImpl implements BookingActivities {
  /** How many other windows a caller is offered when the chosen one was taken. */
  static final int ALTERNATIVES = 3;

  static final int MAX_OPTIONS = 10;
  static final String TAKEN = "That window was just taken.";
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final String EXCLUSION_VIOLATION = "23P01";
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String APPOINTMENT_COLUMNS =
      """
      select a.id, a.technician_id, t.name as technician_name, a.service_type,
             lower(a.during) as starts, upper(a.during) as ends, a.status, a.address_line,
             a.priority, a.lat, a.lng
        from appointments a
        join technicians t on t.tenant_id = a.tenant_id and t.id = a.technician_id
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final TenantDirectory tenants;
  private final TechnicianRoster roster;

  public BookingActivitiesImpl(
      JdbcClient jdbc, TransactionTemplate tx, TenantDirectory tenants, TechnicianRoster roster) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.tenants = tenants;
    this.roster = roster;
  }

  @Override
  public Availability findAvailability(AvailabilityRequest r) {
    TenantProfile tenant = tenant(r.tenantId());
    Optional<String> refusal = ServiceArea.refusal(tenant, r.zip(), r.city(), r.lat(), r.lng());
    if (refusal.isPresent()) {
      return new Availability(false, refusal.get(), List.of());
    }
    int count = r.count() <= 0 ? ALTERNATIVES : Math.min(r.count(), MAX_OPTIONS);
    SlotPlanner.Query query =
        new SlotPlanner.Query(
            blankToNull(r.serviceType()),
            r.lat(),
            r.lng(),
            r.emergency(),
            Instant.ofEpochMilli(r.notBeforeMillis()),
            instant(tenant, r.preferredStart(), false),
            instant(tenant, r.preferredEnd(), true),
            count);
    SlotPlanner.Plan plan = plan(tenant, query);
    return new Availability(true, plan.reason(), slots(tenant, plan.options()));
  }

  @Override
  public Hold holdSlot(HoldRequest r) {
    TenantProfile tenant = tenant(r.tenantId());
    require(r.workflowId(), "workflowId");
    require(r.holdKey(), "holdKey");
    Window window = window(r.slot());
    String technicianId = r.slot().technicianId();
    Instant now = Instant.now();
    if (!window.end().isAfter(now)) {
      return new Hold(null, false, "That window has passed.");
    }
    if (!Instant.ofEpochMilli(r.expiresAtMillis()).isAfter(now)) {
      return new Hold(null, false, "The hold would already have expired.");
    }
    try {
      return tx.execute(
          status -> {
            lock(tenant.id(), technicianId);
            Optional<HeldRow> sameKey =
                jdbc.sql(
                        """
                        select id, technician_id, lower(during) as starts, upper(during) as ends,
                               status
                          from appointments
                         where tenant_id = ? and workflow_id = ? and hold_key = ?
                        """)
                    .params(tenant.id(), r.workflowId(), r.holdKey())
                    .query(BookingActivitiesImpl::heldRow)
                    .optional();
            if (sameKey.isPresent()) {
              HeldRow held = sameKey.get();
              if (held.technicianId().equals(technicianId) && held.window().equals(window)) {
                return new Hold(held.id().toString(), true, null); // a retry
              }
              // the key now names another window: the hold moves
              jdbc.sql(
                      held.status().equals("held")
                          ? "delete from appointments where tenant_id = ? and id = ?"
                          : "update appointments set hold_key = null where tenant_id = ? and id = ?")
                  .params(tenant.id(), held.id())
                  .update();
            }
            if (!available(tenant.id(), technicianId, null)) {
              return new Hold(null, false, "That technician is not available.");
            }
            deleteExpiredHolds(tenant.id(), technicianId);
            Optional<UUID> alreadyHeld =
                jdbc.sql(
                        """
                        select id from appointments
                         where tenant_id = ? and workflow_id = ? and status = 'held'
                           and technician_id = ? and during = tstzrange(?, ?, '[)')
                        """)
                    .params(
                        tenant.id(),
                        r.workflowId(),
                        technicianId,
                        ts(window.start()),
                        ts(window.end()))
                    .query(UUID.class)
                    .optional();
            if (alreadyHeld.isPresent()) {
              return new Hold(alreadyHeld.get().toString(), true, null);
            }
            UUID id = UUID.randomUUID();
            jdbc.sql(
                    """
                    insert into appointments
                      (tenant_id, id, technician_id, during, status, workflow_id, hold_key,
                       expires_at)
                    values (?, ?, ?, tstzrange(?, ?, '[)'), 'held', ?, ?, ?)
                    """)
                .params(
                    tenant.id(),
                    id,
                    technicianId,
                    ts(window.start()),
                    ts(window.end()),
                    r.workflowId(),
                    r.holdKey(),
                    ts(Instant.ofEpochMilli(r.expiresAtMillis())))
                .update();
            return new Hold(id.toString(), true, null);
          });
    } catch (DataAccessException e) {
      if (EXCLUSION_VIOLATION.equals(sqlState(e))) {
        return new Hold(null, false, TAKEN);
      }
      throw e;
    }
  }

  @Override
  public void releaseHolds(ReleaseRequest r) {
    jdbc.sql("delete from appointments where tenant_id = ? and workflow_id = ? and status = 'held'")
        .params(r.tenantId(), r.workflowId())
        .update();
  }

  @Override
  public Booking bookAppointment(BookRequest r) {
    TenantProfile tenant = tenant(r.tenantId());
    require(r.idempotencyKey(), "idempotencyKey");
    require(r.serviceType(), "serviceType");
    Window window = window(r.slot());
    String phone = phone(r.customerPhone());
    Optional<Appointment> done = byIdempotencyKey(tenant, r.idempotencyKey());
    if (done.isPresent()) {
      return new Booking(done.get(), false, List.of());
    }
    if (!window.end().isAfter(Instant.now())) {
      return taken(tenant, r.serviceType(), r.lat(), r.lng(), r.emergency(), window);
    }
    Outcome outcome;
    try {
      outcome = tx.execute(status -> book(tenant, r, window, phone));
    } catch (DataAccessException e) {
      String state = sqlState(e);
      if (!EXCLUSION_VIOLATION.equals(state) && !UNIQUE_VIOLATION.equals(state)) {
        throw e;
      }
      // the same key may have won meanwhile (a retry racing the first attempt)
      Optional<Appointment> again = byIdempotencyKey(tenant, r.idempotencyKey());
      if (again.isPresent()) {
        return new Booking(again.get(), false, List.of());
      }
      if (UNIQUE_VIOLATION.equals(state)) {
        throw e;
      }
      return taken(tenant, r.serviceType(), r.lat(), r.lng(), r.emergency(), window);
    }
    if (outcome.id() == null) {
      return taken(tenant, r.serviceType(), r.lat(), r.lng(), r.emergency(), window);
    }
    return new Booking(
        appointment(tenant, outcome.id()).orElseThrow(), outcome.created(), List.of());
  }

  /** Inside the transaction: converts this conversation's hold on the window, or inserts. */
  private Outcome book(TenantProfile tenant, BookRequest r, Window window, String phone) {
    String technicianId = r.slot().technicianId();
    lock(tenant.id(), technicianId);
    Optional<UUID> existing =
        jdbc.sql("select id from appointments where tenant_id = ? and idempotency_key = ?")
            .params(tenant.id(), r.idempotencyKey())
            .query(UUID.class)
            .optional();
    if (existing.isPresent()) {
      return new Outcome(existing.get(), false);
    }
    if (!available(tenant.id(), technicianId, r.serviceType())) {
      return Outcome.UNAVAILABLE;
    }
    deleteExpiredHolds(tenant.id(), technicianId);
    Address address =
        r.address() == null ? new Address(null, null, null, null, null, null) : r.address();
    boolean located = Geo.known(r.lat(), r.lng());
    List<Object> details =
        Arrays.asList(
            r.emergency() ? 0 : 1,
            r.serviceType(),
            blankToNull(address.line()),
            blankToNull(address.street()),
            blankToNull(address.unit()),
            blankToNull(address.city()),
            blankToNull(address.state()),
            blankToNull(address.zip()),
            located ? r.lat() : null,
            located ? r.lng() : null,
            phone,
            blankToNull(r.customerName()),
            r.idempotencyKey());
    Optional<UUID> converted = Optional.empty();
    if (r.workflowId() != null) {
      converted =
          jdbc.sql(
                  """
                  update appointments
                     set status = 'booked', priority = ?, service_type = ?, address_line = ?,
                         street = ?, unit = ?, city = ?, state = ?, zip = ?, lat = ?, lng = ?,
                         customer_phone = ?, customer_name = ?, idempotency_key = ?,
                         expires_at = null, updated_at = now()
                   where tenant_id = ? and workflow_id = ? and status = 'held'
                     and technician_id = ? and during = tstzrange(?, ?, '[)')
                  returning id
                  """)
              .params(
                  concat(
                      details,
                      List.of(
                          tenant.id(),
                          r.workflowId(),
                          technicianId,
                          ts(window.start()),
                          ts(window.end()))))
              .query(UUID.class)
              .optional();
      // the caller chose: the conversation's other holds go (and cannot block the insert below)
      jdbc.sql(
              """
              delete from appointments
               where tenant_id = ? and workflow_id = ? and status = 'held'
              """)
          .params(tenant.id(), r.workflowId())
          .update();
    }
    if (converted.isPresent()) {
      return new Outcome(converted.get(), true);
    }
    UUID id = UUID.randomUUID();
    jdbc.sql(
            """
            insert into appointments
              (tenant_id, id, technician_id, during, status, workflow_id,
               priority, service_type, address_line, street, unit, city, state, zip, lat, lng,
               customer_phone, customer_name, idempotency_key)
            values (?, ?, ?, tstzrange(?, ?, '[)'), 'booked', ?,
                    ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        .params(
            concat(
                Arrays.asList(
                    tenant.id(),
                    id,
                    technicianId,
                    ts(window.start()),
                    ts(window.end()),
                    r.workflowId()),
                details))
        .update();
    return new Outcome(id, true);
  }

  @Override
  public List<Appointment> findAppointments(LookupRequest r) {
    TenantProfile tenant = tenant(r.tenantId());
    String phone;
    try {
      phone = phone(r.customerPhone());
    } catch (ApplicationFailure notAPhone) {
      return List.of();
    }
    if (phone == null) {
      return List.of();
    }
    return jdbc.sql(
            APPOINTMENT_COLUMNS
                + """
                 where a.tenant_id = ? and a.customer_phone = ? and a.status = 'booked'
                   and upper(a.during) > now()
                 order by lower(a.during)
                """)
        .params(tenant.id(), phone)
        .query((rs, n) -> appointment(rs, tenant.zone()))
        .list();
  }

  @Override
  public Booking reschedule(RescheduleRequest r) {
    TenantProfile tenant = tenant(r.tenantId());
    require(r.idempotencyKey(), "idempotencyKey");
    UUID id = appointmentId(r.appointmentId());
    Window window = window(r.slot());
    String technicianId = r.slot().technicianId();
    Located current = located(tenant, id).orElseThrow(() -> notFound(r.appointmentId()));
    if (changed(tenant, r.idempotencyKey())) {
      return new Booking(current.appointment(), false, List.of());
    }
    Outcome outcome;
    try {
      outcome =
          tx.execute(
              status -> {
                Stream.of(current.appointment().technicianId(), technicianId)
                    .distinct()
                    .sorted()
                    .forEach(t -> lock(tenant.id(), t));
                if (changed(tenant, r.idempotencyKey())) {
                  return new Outcome(id, false);
                }
                String state =
                    lockedStatus(tenant, id).orElseThrow(() -> notFound(r.appointmentId()));
                if (!state.equals("booked")) {
                  throw ApplicationFailure.newNonRetryableFailure(
                      "Appointment " + r.appointmentId() + " is " + state + "; it cannot be moved.",
                      APPOINTMENT_NOT_FOUND);
                }
                if (!available(tenant.id(), technicianId, current.appointment().serviceType())) {
                  return Outcome.UNAVAILABLE;
                }
                deleteExpiredHolds(tenant.id(), technicianId);
                if (r.workflowId() != null) {
                  releaseHolds(new ReleaseRequest(tenant.id(), r.workflowId()));
                }
                recordChange(tenant, id, r.idempotencyKey(), "rescheduled", null);
                jdbc.sql(
                        """
                        update appointments
                           set technician_id = ?, during = tstzrange(?, ?, '[)'), updated_at = now()
                         where tenant_id = ? and id = ?
                        """)
                    .params(technicianId, ts(window.start()), ts(window.end()), tenant.id(), id)
                    .update();
                return new Outcome(id, true);
              });
    } catch (DataAccessException e) {
      String state = sqlState(e);
      if (UNIQUE_VIOLATION.equals(state) && changed(tenant, r.idempotencyKey())) {
        return new Booking(appointment(tenant, id).orElseThrow(), false, List.of());
      }
      if (!EXCLUSION_VIOLATION.equals(state)) {
        throw e;
      }
      outcome = Outcome.UNAVAILABLE;
    }
    if (outcome.id() == null) {
      Appointment a = current.appointment();
      return taken(tenant, a.serviceType(), current.lat(), current.lng(), a.emergency(), window);
    }
    return new Booking(appointment(tenant, id).orElseThrow(), outcome.created(), List.of());
  }

  @Override
  public Booking cancel(CancelRequest r) {
    TenantProfile tenant = tenant(r.tenantId());
    require(r.idempotencyKey(), "idempotencyKey");
    UUID id = appointmentId(r.appointmentId());
    boolean created =
        Boolean.TRUE.equals(
            tx.execute(
                status -> {
                  if (changed(tenant, r.idempotencyKey())) {
                    return false;
                  }
                  String state =
                      lockedStatus(tenant, id).orElseThrow(() -> notFound(r.appointmentId()));
                  if (!state.equals("booked")) {
                    return false; // already cancelled (or done): nothing to change
                  }
                  recordChange(tenant, id, r.idempotencyKey(), "cancelled", r.reason());
                  jdbc.sql(
                          """
                          update appointments
                             set status = 'cancelled', cancel_reason = ?, updated_at = now()
                           where tenant_id = ? and id = ?
                          """)
                      .params(blankToNull(r.reason()), tenant.id(), id)
                      .update();
                  return true;
                }));
    return new Booking(
        appointment(tenant, id).orElseThrow(() -> notFound(r.appointmentId())), created, List.of());
  }

  // --- availability --------------------------------------------------------------------------

  private SlotPlanner.Plan plan(TenantProfile tenant, SlotPlanner.Query query) {
    SlotPlanner planner = new SlotPlanner(tenant);
    Window lookup = planner.lookup(query);
    List<BusyWindow> busy =
        jdbc.sql(
                """
                select technician_id, lower(during) as starts, upper(during) as ends, status,
                       lat, lng
                  from appointments
                 where tenant_id = ? and during && tstzrange(?, ?, '[)')
                   and (status = 'booked' or (status = 'held' and expires_at > now()))
                """)
            .params(tenant.id(), ts(lookup.start()), ts(lookup.end()))
            .query(
                (rs, n) -> {
                  boolean booked = rs.getString("status").equals("booked");
                  return new BusyWindow(
                      rs.getString("technician_id"),
                      new Window(instant(rs, "starts"), instant(rs, "ends")),
                      booked ? (Double) rs.getObject("lat") : null,
                      booked ? (Double) rs.getObject("lng") : null);
                })
            .list();
    return planner.plan(roster.active(tenant.id()), busy, query);
  }

  /** The window was not to be had: the next free ones from that day on, for the same job. */
  private Booking taken(
      TenantProfile tenant,
      String serviceType,
      Double lat,
      Double lng,
      boolean emergency,
      Window wanted) {
    ZoneId zone = tenant.zone();
    Instant dayStart = wanted.start().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    Instant now = Instant.now();
    SlotPlanner.Query query =
        new SlotPlanner.Query(
            serviceType,
            lat == null ? 0 : lat,
            lng == null ? 0 : lng,
            emergency,
            dayStart.isAfter(now) ? dayStart : now,
            null,
            null,
            ALTERNATIVES);
    return new Booking(null, false, slots(tenant, plan(tenant, query).options()));
  }

  private static List<Slot> slots(TenantProfile tenant, List<SlotPlanner.Candidate> options) {
    ZoneId zone = tenant.zone();
    return options.stream()
        .map(
            c ->
                new Slot(
                    c.technician().id(),
                    c.technician().name(),
                    iso(c.window().start(), zone),
                    iso(c.window().end(), zone),
                    Math.round(c.travelKm() * 10) / 10.0))
        .toList();
  }

  // --- calendar rows -------------------------------------------------------------------------

  /** Serializes writers of one technician's calendar until the transaction ends. */
  private void lock(String tenantId, String technicianId) {
    jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
        .param(tenantId + "/" + technicianId)
        .query((rs, n) -> 1)
        .list();
  }

  /** Expired holds still satisfy the constraint's predicate: they go before anyone writes. */
  private void deleteExpiredHolds(String tenantId, String technicianId) {
    jdbc.sql(
            """
            delete from appointments
             where tenant_id = ? and technician_id = ? and status = 'held' and expires_at <= now()
            """)
        .params(tenantId, technicianId)
        .update();
  }

  /** The technician is this tenant's, active, and does the service (when one is named). */
  private boolean available(String tenantId, String technicianId, String serviceType) {
    return roster
        .find(tenantId, technicianId)
        .filter(Technician::active)
        .filter(t -> t.does(serviceType))
        .isPresent();
  }

  private Optional<Appointment> byIdempotencyKey(TenantProfile tenant, String key) {
    return jdbc.sql(APPOINTMENT_COLUMNS + " where a.tenant_id = ? and a.idempotency_key = ?")
        .params(tenant.id(), key)
        .query((rs, n) -> appointment(rs, tenant.zone()))
        .optional();
  }

  private Optional<Appointment> appointment(TenantProfile tenant, UUID id) {
    return located(tenant, id).map(Located::appointment);
  }

  /** An appointment of this tenant (never a hold), with where the job is. */
  private Optional<Located> located(TenantProfile tenant, UUID id) {
    return jdbc.sql(
            APPOINTMENT_COLUMNS + " where a.tenant_id = ? and a.id = ? and a.status <> 'held'")
        .params(tenant.id(), id)
        .query(
            (rs, n) ->
                new Located(
                    appointment(rs, tenant.zone()),
                    (Double) rs.getObject("lat"),
                    (Double) rs.getObject("lng")))
        .optional();
  }

  private Optional<String> lockedStatus(TenantProfile tenant, UUID id) {
    return jdbc.sql(
            """
            select status from appointments
             where tenant_id = ? and id = ? and status <> 'held'
               for update
            """)
        .params(tenant.id(), id)
        .query(String.class)
        .optional();
  }

  private boolean changed(TenantProfile tenant, String idempotencyKey) {
    return jdbc.sql(
                "select count(*) from appointment_changes where tenant_id = ? and idempotency_key = ?")
            .params(tenant.id(), idempotencyKey)
            .query(Long.class)
            .single()
        > 0;
  }

  private void recordChange(
      TenantProfile tenant, UUID id, String idempotencyKey, String kind, String reason) {
    jdbc.sql(
            """
            insert into appointment_changes
              (tenant_id, appointment_id, idempotency_key, kind, previous_technician,
               previous_during, reason)
            select tenant_id, id, ?, ?, technician_id, during, ?
              from appointments
             where tenant_id = ? and id = ?
            """)
        .params(idempotencyKey, kind, blankToNull(reason), tenant.id(), id)
        .update();
  }

  private static Appointment appointment(ResultSet rs, ZoneId zone) throws SQLException {
    return new Appointment(
        rs.getString("id"),
        rs.getString("technician_id"),
        rs.getString("technician_name"),
        rs.getString("service_type"),
        iso(instant(rs, "starts"), zone),
        iso(instant(rs, "ends"), zone),
        rs.getString("status"),
        rs.getString("address_line"),
        rs.getInt("priority") == 0);
  }

  private static HeldRow heldRow(ResultSet rs, int n) throws SQLException {
    return new HeldRow(
        rs.getObject("id", UUID.class),
        rs.getString("technician_id"),
        new Window(instant(rs, "starts"), instant(rs, "ends")),
        rs.getString("status"));
  }

  private record HeldRow(UUID id, String technicianId, Window window, String status) {}

  private record Located(Appointment appointment, Double lat, Double lng) {}

  /**
   * @param id null when the technician cannot take the window
   */
  private record Outcome(UUID id, boolean created) {
    static final Outcome UNAVAILABLE = new Outcome(null, false);
  }

  // --- input ---------------------------------------------------------------------------------

  private TenantProfile tenant(String tenantId) {
    if (tenantId == null || tenantId.isBlank()) {
      throw invalid("tenantId is required");
    }
    return tenants.find(tenantId).orElseThrow(() -> invalid("unknown tenant " + tenantId));
  }

  private static Window window(Slot slot) {
    if (slot == null || slot.technicianId() == null || slot.technicianId().isBlank()) {
      throw invalid("a slot with a technician is required");
    }
    try {
      Instant start = OffsetDateTime.parse(slot.start()).toInstant();
      Instant end = OffsetDateTime.parse(slot.end()).toInstant();
      if (!start.isBefore(end)) {
        throw invalid("the slot ends before it starts: " + slot.start() + " " + slot.end());
      }
      return new Window(start, end);
    } catch (DateTimeException | NullPointerException e) {
      throw invalid("the slot's start and end must be ISO-8601 offset date-times: " + slot);
    }
  }

  /**
   * An ISO-8601 date-time with offset, a local date-time in the tenant's zone, or a date (its
   * start, or for an end the start of the next day).
   */
  private static Instant instant(TenantProfile tenant, String text, boolean end) {
    if (text == null || text.isBlank()) {
      return null;
    }
    ZoneId zone = tenant.zone();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException notOffset) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeException notLocal) {
        try {
          LocalDate date = LocalDate.parse(text);
          return (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
        } catch (DateTimeException notDate) {
          throw invalid("not an ISO-8601 date-time: " + text);
        }
      }
    }
  }

  private static UUID appointmentId(String id) {
    try {
      return UUID.fromString(id == null ? "" : id.trim());
    } catch (IllegalArgumentException e) {
      throw notFound(id);
    }
  }

  /** E.164, or null when none was given. */
  static String phone(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      PhoneNumber number = util.parse(raw, "US");
      if (util.isValidNumber(number)) {
        return util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
      }
    } catch (NumberParseException e) {
      // not a phone number
    }
    throw invalid("not a phone number: " + raw);
  }

  private static void require(String value, String name) {
    if (value == null || value.isBlank()) {
      throw invalid(name + " is required");
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, INVALID_REQUEST);
  }

  private static ApplicationFailure notFound(String id) {
    return ApplicationFailure.newNonRetryableFailure(
        "No appointment " + id + " for this business.", APPOINTMENT_NOT_FOUND);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static String sqlState(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static OffsetDateTime ts(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static String iso(Instant i, ZoneId zone) {
    return i.atZone(zone).toOffsetDateTime().format(ISO);
  }

  private static List<Object> concat(List<?> a, List<?> b) {
    List<Object> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
