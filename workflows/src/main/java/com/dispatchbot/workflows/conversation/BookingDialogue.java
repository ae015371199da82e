package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.ActivityPresets;
import com.dispatchbot.workflows.booking.BookingActivities;
import com.dispatchbot.workflows.booking.BookingActivities.Appointment;
import com.dispatchbot.workflows.booking.BookingActivities.Availability;
import com.dispatchbot.workflows.booking.BookingActivities.AvailabilityRequest;
import com.dispatchbot.workflows.booking.BookingActivities.BookRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Booking;
import com.dispatchbot.workflows.booking.BookingActivities.CancelRequest;
import com.dispatchbot.workflows.booking.BookingActivities.HoldRequest;
import com.dispatchbot.workflows.booking.BookingActivities.LookupRequest;
import com.dispatchbot.workflows.booking.BookingActivities.ReleaseRequest;
import com.dispatchbot.workflows.booking.BookingActivities.RescheduleRequest;
import com.dispatchbot.workflows.booking.BookingActivities.Slot;
import com.dispatchbot.workflows.geo.GeoActivities;
import com.dispatchbot.workflows.geo.GeoActivities.GeoPoint;
import com.dispatchbot.workflows.geo.GeoActivities.GeocodeRequest;
import com.dispatchbot.workflows.intent.Intent;
import com.dispatchbot.workflows.intent.IntentActivities.IntentResult;
import com.dispatchbot.workflows.slots.Address;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Booking, rescheduling and cancelling inside a conversation: collect what is missing by asking,
 * offer concrete windows (held while the caller decides), confirm, then write. Workflow code: it
 * decides, the activities look things up and write.
 */
public final class BookingDialogue {

  public enum Kind {
    BOOK,
    RESCHEDULE,
    CANCEL
  }

  public enum Stage {
    IDLE,
    COLLECTING,
    OFFERED,
    CONFIRMING
  }

  /** Everything the dialogue knows; carried through continue-as-new. */
  public record State(
      Kind kind,
      Stage stage,
      String serviceType,
      Address address,
      GeoPoint point,
      String preferredStart,
      String preferredEnd,
      String preferredLabel,
      String phone,
      String name,
      boolean emergency,
      List<Slot> offers,
      Slot chosen,
      Appointment target,
      boolean askedForTime,
      long holdsExpireAtMillis,
      Appointment lastBooked) {

    static State idle(String phone, String name) {
      return new State(
          null,
          Stage.IDLE,
          null,
          null,
          null,
          null,
          null,
          null,
          phone,
          name,
          false,
          List.of(),
          null,
          null,
          false,
          0,
          null);
    }
  }

  /**
   * What the dialogue says this turn.
   *
   * @param afterReply true when the text follows the normal answer (e.g. after emergency safety
   *     steps) instead of replacing it
   */
  record Step(String text, boolean afterReply) {}

  private static final DateTimeFormatter DAY_TIME =
      DateTimeFormatter.ofPattern("EEE MMM d, h:mm a", Locale.US);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

  /** "the second one" is option 2: a bare number word counts only after "option"/"number". */
  private static final Pattern[] ORDINALS = {
    ordinal("first|1st|earliest|earlier", "1|one"),
    ordinal("second|2nd", "2|two"),
    ordinal("third|3rd", "3|three"),
  };

  private static Pattern ordinal(String words, String number) {
    return Pattern.compile(
        "\\b(?:"
            + words
            + ")\\b|\\b(?:option|number|no\\.?|#)\\s*(?:"
            + number
            + ")\\b|^\\s*(?:"
            + number
            + ")\\s*[.!]?\\s*$");
  }

  private static final Pattern LAST = Pattern.compile("\\b(last|latest|later)\\b");

  private final BookingActivities booking =
      Workflow.newActivityStub(BookingActivities.class, ActivityPresets.store());
  private final GeoActivities geo =
      Workflow.newActivityStub(GeoActivities.class, ActivityPresets.geo());

  private final String tenantId;
  private final String workflowId;
  private final TenantSettingsActivities.TenantSettings tenant;

  private Kind kind;
  private Stage stage;
  private String serviceType;
  private Address address;
  private GeoPoint point;
  private String preferredStart;
  private String preferredEnd;
  private String preferredLabel;
  private String phone;
  private String name;
  private boolean emergency;
  private List<Slot> offers;
  private Slot chosen;
  private Appointment target;
  private boolean askedForTime;
  private long holdsExpireAtMillis;
  private Appointment lastBooked;

  BookingDialogue(
      String tenantId,
      String workflowId,
      TenantSettingsActivities.TenantSettings tenant,
      State state) {
    this.tenantId = tenantId;
    this.workflowId = workflowId;
    this.tenant = tenant;
    kind = state.kind();
    stage = state.stage();
    serviceType = state.serviceType();
    address = state.address();
    point = state.point();
    preferredStart = state.preferredStart();
    preferredEnd = state.preferredEnd();
    preferredLabel = state.preferredLabel();
    phone = state.phone();
    name = state.name();
    emergency = state.emergency();
    offers = new ArrayList<>(state.offers() == null ? List.of() : state.offers());
    chosen = state.chosen();
    target = state.target();
    askedForTime = state.askedForTime();
    holdsExpireAtMillis = state.holdsExpireAtMillis();
    lastBooked = state.lastBooked();
  }

  State state() {
    return new State(
        kind,
        stage,
        serviceType,
        address,
        point,
        preferredStart,
        preferredEnd,
        preferredLabel,
        phone,
        name,
        emergency,
        List.copyOf(offers),
        chosen,
        target,
        askedForTime,
        holdsExpireAtMillis,
        lastBooked);
  }

  boolean active() {
    return stage != Stage.IDLE;
  }

  /** When the windows offered stop being held (0 when nothing is held). */
  long holdsExpireAtMillis() {
    return holdsExpireAtMillis;
  }

  /** Handles a turn. Null when this turn is not about an appointment. */
  Step onTurn(int turn, String text, IntentResult intent, Slots slots) {
    String problem = remember(slots);
    Intent what = intent.intent();
    if (stage == Stage.IDLE) {
      switch (what) {
        case BOOK_APPOINTMENT -> {
          start(Kind.BOOK, false);
          return problem != null ? say(problem) : collectOrOffer(turn);
        }
        case EMERGENCY -> {
          start(Kind.BOOK, true);
          return new Step(afterEmergency(turn), true);
        }
        case RESCHEDULE -> {
          start(Kind.RESCHEDULE, false);
          return lookUp(turn);
        }
        case CANCEL -> {
          start(Kind.CANCEL, false);
          return lookUp(turn);
        }
        default -> {
          return null;
        }
      }
    }
    if (what == Intent.TALK_TO_HUMAN) {
      abandon();
      return null;
    }
    if (what == Intent.EMERGENCY && !emergency) {
      emergency = true;
      return new Step(afterEmergency(turn), true);
    }
    if (problem != null) {
      return say(problem);
    }
    Step step =
        switch (stage) {
          case COLLECTING ->
              target == null && kind != Kind.BOOK ? lookUp(turn) : collectOrOffer(turn);
          case OFFERED -> choose(turn, text, what, slots);
          case CONFIRMING -> confirm(turn, what);
          case IDLE -> null;
        };
    // A question asked mid-booking is answered first; the booking question follows.
    boolean question = what == Intent.QUOTE_PRICING || what == Intent.KNOWLEDGE_QUESTION;
    return step != null && question ? new Step(step.text(), true) : step;
  }

  /** The call is over, or the caller moved on: free what is held. */
  void abandon() {
    releaseHolds();
    reset();
  }

  /** The held windows timed out while the caller was silent. */
  void holdsExpired() {
    releaseHolds();
    if (stage == Stage.OFFERED || stage == Stage.CONFIRMING) {
      stage = Stage.COLLECTING;
      offers.clear();
      chosen = null;
    }
  }

  private void start(Kind kind, boolean emergency) {
    this.kind = kind;
    this.emergency = emergency;
    this.stage = Stage.COLLECTING;
    this.target = null;
    this.askedForTime = false;
  }

  private void reset() {
    kind = null;
    stage = Stage.IDLE;
    offers.clear();
    chosen = null;
    target = null;
    askedForTime = false;
    emergency = false;
    preferredStart = null;
    preferredEnd = null;
    preferredLabel = null;
  }

  /** Takes in what the caller said; returns what cannot be used, as a question, or null. */
  private String remember(Slots slots) {
    if (slots == null) {
      return null;
    }
    if (slots.serviceType() != null) {
      serviceType = slots.serviceType();
    }
    if (slots.address() != null) {
      address = slots.address();
      point = null;
    }
    if (slots.timeWindow() != null) {
      preferredStart = slots.timeWindow().start();
      preferredEnd = slots.timeWindow().end();
      preferredLabel = slots.timeWindow().label();
    }
    if (slots.phone() != null) {
      phone = slots.phone();
    }
    if (slots.name() != null) {
      name = slots.name();
    }
    for (String problem : slots.problems() == null ? List.<String>of() : slots.problems()) {
      String code = problem.contains(":") ? problem.substring(0, problem.indexOf(':')) : problem;
      String detail =
          problem.contains(":") ? problem.substring(problem.indexOf(':') + 1).strip() : "";
      switch (code) {
        case "impossible_date" -> {
          return "Hmm, " + detail + " isn't a date on the calendar. Which day did you mean?";
        }
        case "past_time" -> {
          return "That time has already passed. What day and time would work for you?";
        }
        case "non_us_phone" -> {
          return "I can only take US phone numbers for appointments. Do you have a US number we"
              + " can reach you on?";
        }
        case "invalid_phone" -> {
          return "I didn't catch a valid phone number. Could you say it again, with the area"
              + " code?";
        }
        case "unparseable_address" -> {
          address = null;
          return "I couldn't make out that address. Could you give me the street, city and ZIP?";
        }
        default -> {}
      }
    }
    return null;
  }

  private String afterEmergency(int turn) {
    if (address == null) {
      return "When it's safe, tell me the address and I'll get our on-call technician out to you.";
    }
    Step step = collectOrOffer(turn);
    return step.text();
  }

  private Step lookUp(int turn) {
    if (phone == null) {
      return say("What phone number was the appointment booked under?");
    }
    List<Appointment> found = booking.findAppointments(new LookupRequest(tenantId, phone));
    if (found.isEmpty()) {
      Kind was = kind;
      reset();
      return say(
          "I couldn't find an upcoming appointment for "
              + phone
              + (was == Kind.RESCHEDULE ? ". Would you like to book a new one?" : "."));
    }
    target = found.get(0);
    if (kind == Kind.CANCEL) {
      stage = Stage.CONFIRMING;
      return say(
          "I see your "
              + service(target.serviceType())
              + " on "
              + when(target.start(), target.end())
              + ". Do you want me to cancel it?");
    }
    serviceType = target.serviceType();
    address = new Address(target.addressLine(), null, null, null, null, null);
    point = null;
    if (preferredStart == null) {
      askedForTime = true;
      return say(
          "I see your "
              + service(target.serviceType())
              + " on "
              + when(target.start(), target.end())
              + ". When would you like to move it to?");
    }
    return collectOrOffer(turn);
  }

  private Step collectOrOffer(int turn) {
    if (serviceType == null && kind == Kind.BOOK) {
      return say(
          "What do you need help with? For example a clogged drain, a water heater or your AC.");
    }
    if (address == null) {
      return say("What's the address where you need the service? Street, city and ZIP, please.");
    }
    if (phone == null && kind == Kind.BOOK) {
      return say("What's the best phone number to reach you?");
    }
    if (point == null) {
      try {
        point = geo.geocode(new GeocodeRequest(tenantId, address.line()));
      } catch (ActivityFailure failure) {
        String line = address.line();
        address = null;
        return say(
            "I couldn't find "
                + line
                + " on the map. Could you give me the street address with the city and ZIP?");
      }
    }
    if (kind == Kind.RESCHEDULE && preferredStart == null && !askedForTime) {
      askedForTime = true;
      return say("When would you like to move it to?");
    }
    Availability availability = availability(true);
    if (!availability.inServiceArea()) {
      String reason = availability.reason();
      reset();
      return say("I'm sorry, " + reason);
    }
    String lead = "";
    if (availability.options().isEmpty() && preferredStart != null) {
      lead = "I don't have anything " + label() + ". ";
      availability = availability(false);
    }
    if (availability.options().isEmpty()) {
      reset();
      return say(
          lead
              + "I'm sorry, I don't have an opening in the next two weeks. A member of our team"
              + " will call you to find a time.");
    }
    offer(turn, availability.options());
    return say(lead + offerText());
  }

  private Availability availability(boolean withPreference) {
    return booking.findAvailability(
        new AvailabilityRequest(
            tenantId,
            serviceType,
            point.lat(),
            point.lng(),
            point.zip(),
            point.city(),
            emergency,
            Workflow.currentTimeMillis(),
            withPreference ? preferredStart : null,
            withPreference ? preferredEnd : null,
            3));
  }

  private void offer(int turn, List<Slot> options) {
    releaseHolds();
    offers.clear();
    long expiresAt = Workflow.currentTimeMillis() + tenant.holdFor().toMillis();
    for (int i = 0; i < options.size() && offers.size() < 3; i++) {
      Slot slot = options.get(i);
      var hold =
          booking.holdSlot(
              new HoldRequest(
                  tenantId, workflowId, workflowId + ":" + turn + ":" + i, slot, expiresAt));
      if (hold.held()) {
        offers.add(slot);
      }
    }
    holdsExpireAtMillis = offers.isEmpty() ? 0 : expiresAt;
    stage = Stage.OFFERED;
  }

  private String offerText() {
    if (offers.isEmpty()) {
      return "Those times were just taken. What other day and time would work for you?";
    }
    StringBuilder text = new StringBuilder(offers.size() == 1 ? "I can offer " : "I can offer: ");
    for (int i = 0; i < offers.size(); i++) {
      Slot slot = offers.get(i);
      if (offers.size() > 1) {
        text.append(i + 1).append(") ");
      }
      text.append(when(slot.start(), slot.end())).append(" with ").append(slot.technicianName());
      text.append(i + 1 < offers.size() ? "; " : ". ");
    }
    return text.append(offers.size() == 1 ? "Does that work?" : "Which works best?").toString();
  }

  private Step choose(int turn, String text, Intent what, Slots slots) {
    int picked = pick(text.toLowerCase(Locale.ROOT), slots);
    if (picked < 0 && what == Intent.CONFIRM && offers.size() == 1) {
      picked = 0;
    }
    if (picked >= 0) {
      chosen = offers.get(picked);
      stage = Stage.CONFIRMING;
      return say(confirmationQuestion());
    }
    if (what == Intent.DENY || (slots != null && slots.timeWindow() != null)) {
      releaseHolds();
      offers.clear();
      stage = Stage.COLLECTING;
      if (slots != null && slots.timeWindow() != null) {
        return collectOrOffer(turn);
      }
      return say("No problem. What day and time would suit you better?");
    }
    if (what == Intent.CONFIRM) {
      return say("Great. Which one: " + numbers() + "?");
    }
    return say("Which option works for you: " + numbers() + "? Or tell me another time.");
  }

  private int pick(String text, Slots slots) {
    for (int i = 0; i < ORDINALS.length && i < offers.size(); i++) {
      if (ORDINALS[i].matcher(text).find()) {
        return i;
      }
    }
    if (LAST.matcher(text).find()) {
      return offers.size() - 1;
    }
    if (slots != null && slots.time() != null) {
      for (int i = 0; i < offers.size(); i++) {
        if (OffsetDateTime.parse(offers.get(i).start())
            .toLocalTime()
            .toString()
            .startsWith(slots.time())) {
          return i;
        }
      }
    }
    return -1;
  }

  private String confirmationQuestion() {
    String when = when(chosen.start(), chosen.end()) + " with " + chosen.technicianName();
    if (kind == Kind.RESCHEDULE) {
      return "To confirm: move your " + service(target.serviceType()) + " to " + when + "?";
    }
    return "To confirm: "
        + service(serviceType)
        + " at "
        + address.line()
        + ", "
        + when
        + ". Shall I book it?";
  }

  private Step confirm(int turn, Intent what) {
    if (what == Intent.DENY) {
      if (kind == Kind.CANCEL) {
        String kept = when(target.start(), target.end());
        reset();
        return say("Okay, I'll keep your appointment on " + kept + ".");
      }
      chosen = null;
      stage = Stage.OFFERED;
      return say("No problem. " + offerText());
    }
    if (what != Intent.CONFIRM) {
      return say(kind == Kind.CANCEL ? "Should I cancel it? Yes or no." : confirmationQuestion());
    }
    String key = workflowId + ":" + turn;
    return switch (kind) {
      case CANCEL -> {
        booking.cancel(new CancelRequest(tenantId, key, target.appointmentId(), "caller asked"));
        String gone = service(target.serviceType()) + " on " + when(target.start(), target.end());
        reset();
        yield say("Done. Your " + gone + " is cancelled.");
      }
      case RESCHEDULE -> {
        Booking moved =
            booking.reschedule(
                new RescheduleRequest(tenantId, key, target.appointmentId(), chosen, workflowId));
        yield booked(turn, moved, "Done. Your " + service(target.serviceType()) + " is now on ");
      }
      case BOOK -> {
        Booking made =
            booking.bookAppointment(
                new BookRequest(
                    tenantId,
                    key,
                    workflowId,
                    chosen,
                    serviceType,
                    address,
                    point.lat(),
                    point.lng(),
                    phone,
                    name,
                    emergency));
        yield booked(turn, made, "You're booked: " + service(serviceType) + " on ");
      }
    };
  }

  private Step booked(int turn, Booking result, String lead) {
    if (result.taken()) {
      offer(turn, result.alternatives());
      return say("Sorry, that time was just taken. " + offerText());
    }
    Appointment appointment = result.appointment();
    releaseHolds();
    lastBooked = appointment;
    String text =
        lead
            + when(appointment.start(), appointment.end())
            + " with "
            + appointment.technicianName()
            + (appointment.addressLine() == null ? "" : " at " + appointment.addressLine())
            + "."
            + (phone == null ? "" : " We'll text a reminder to " + phone + ".");
    reset();
    return say(text);
  }

  private void releaseHolds() {
    if (holdsExpireAtMillis != 0) {
      booking.releaseHolds(new ReleaseRequest(tenantId, workflowId));
      holdsExpireAtMillis = 0;
    }
  }

  private String numbers() {
    List<String> n = new ArrayList<>();
    for (int i = 1; i <= offers.size(); i++) {
      n.add(String.valueOf(i));
    }
    return String.join(", ", n);
  }

  private String label() {
    return preferredLabel == null || preferredLabel.isBlank() ? "at that time" : preferredLabel;
  }

  private static String when(String start, String end) {
    OffsetDateTime from = OffsetDateTime.parse(start);
    OffsetDateTime to = OffsetDateTime.parse(end);
    return DAY_TIME.format(from) + " to " + TIME.format(to);
  }

  private static String service(String code) {
    return code == null ? "appointment" : code.replace('_', ' ');
  }

  private static Step say(String text) {
    return new Step(text, false);
  }
}
