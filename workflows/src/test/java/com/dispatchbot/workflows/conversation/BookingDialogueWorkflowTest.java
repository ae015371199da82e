package com.dispatchbot.workflows.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.booking.BookingActivities.Slot;
import com.dispatchbot.workflows.conversation.Messages.CallerMessage;
import com.dispatchbot.workflows.conversation.Messages.ConversationResult;
import com.dispatchbot.workflows.conversation.Messages.EndConversation;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import com.dispatchbot.workflows.conversation.TenantSettingsActivities.LowConfidencePolicy;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BookingDialogueWorkflowTest {
  private ConversationTestEnv test;

  @BeforeEach
  void setUp() {
    test = new ConversationTestEnv();
  }

  @AfterEach
  void tearDown() {
    test.close();
  }

  private static String say(ConversationWorkflow call, String text) {
    return call.sendMessage(new CallerMessage(text)).reply();
  }

  @Test
  void givenACallerWhoWantsAVisit_whenTheAddressIsMissing_itShouldAskThenOfferConfirmAndBook() {
    ConversationWorkflow call = test.start("book");

    assertThat(say(call, "I need to book a drain cleaning"))
        .isEqualTo("What's the address where you need the service? Street, city and ZIP, please.");
    String offer = say(call, "It's 1550 Larimer St, Denver, CO 80202");
    assertThat(offer).startsWith("I can offer: 1) ").contains("with Alex").contains("2) ");
    assertThat(test.calendar.holds).as("the offered windows are held").hasSize(3);

    String question = say(call, "the second one works");
    assertThat(question)
        .startsWith("To confirm: drain cleaning at 1550 Larimer St, Denver, CO 80202")
        .contains("with Maria")
        .endsWith("Shall I book it?");

    TurnReply booked = call.sendMessage(new CallerMessage("yes please"));
    assertThat(booked.reply())
        .startsWith("You're booked: drain cleaning on ")
        .contains("1:00 PM to 3:00 PM with Maria")
        .contains("We'll text a reminder to " + ConversationTestEnv.CALLER_PHONE);
    assertThat(booked.provider()).isEqualTo("dialogue");
    assertThat(test.calendar.appointments).hasSize(1);
    assertThat(test.calendar.bookRequests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.idempotencyKey())
                  .isEqualTo(ConversationTestEnv.workflowId("book") + ":4");
              assertThat(r.customerPhone()).isEqualTo(ConversationTestEnv.CALLER_PHONE);
              assertThat(r.address().zip()).isEqualTo("80202");
            });
    assertThat(test.calendar.holds).as("holds released once booked").isEmpty();
    assertThat(call.state().lastAppointmentId()).isEqualTo("appt-1");
    assertThat(call.state().dialogueStage()).isEqualTo("idle");
    if (Boolean.getBoolean("dispatch.recordHistories")) {
      try {
        java.nio.file.Files.writeString(
            ConversationReplayTest.HISTORIES.resolve("conversation-booking-dialogue.json"),
            test.client.fetchHistory(ConversationTestEnv.workflowId("book")).toJson(true));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void givenAnAddressOutsideTheArea_whenBooking_itShouldRefusePolitelyAndNameTheArea() {
    ConversationWorkflow call = test.start("far");

    String reply = say(call, "Can I book AC repair at 2400 Pearl St, Boulder, CO 80302?");

    assertThat(reply).startsWith("I'm sorry, we only serve the Denver metro area");
    assertThat(test.calendar.holds).isEmpty();
    assertThat(call.state().dialogueStage()).isEqualTo("idle");
  }

  @Test
  void givenAnAddressNoGeocoderKnows_whenBooking_itShouldAskForTheAddressAgain() {
    ConversationWorkflow call = test.start("nowhere");

    String reply = say(call, "book a drain cleaning at 12 Nowhere St, Denver, CO 80202");

    assertThat(reply).contains("couldn't find 12 Nowhere St").contains("city and ZIP");
    assertThat(call.state().dialogueStage()).isEqualTo("collecting");
  }

  @Test
  void givenAnImpossibleDate_whenBooking_itShouldSaySoAndAskAgain() {
    ConversationWorkflow call = test.start("feb30");

    assertThat(say(call, "Book a drain cleaning on February 30"))
        .isEqualTo("Hmm, February 30 isn't a date on the calendar. Which day did you mean?");
  }

  @Test
  void givenTheChosenWindowIsTakenMeanwhile_whenConfirmed_itShouldOfferTheNextOnes() {
    ConversationWorkflow call = test.start("race");
    say(call, "I need to book a drain cleaning at 1550 Larimer St, Denver, CO 80202");
    say(call, "the first one");
    Slot first = test.calendar.holds.get(0).slot();
    test.calendar.takenByOthers.add(first.start() + first.technicianId());

    String reply = say(call, "yes");

    assertThat(reply).startsWith("Sorry, that time was just taken. I can offer");
    assertThat(test.calendar.appointments).isEmpty();
    assertThat(call.state().dialogueStage()).isEqualTo("offered");
  }

  @Test
  void givenACallerWithAnAppointment_whenTheyReschedule_itShouldFindItByPhoneAndMoveIt() {
    ZonedDateTime friday = ZonedDateTime.parse("2026-11-27T09:00:00-07:00[America/Denver]");
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    test.calendar.existing(
        "appt-9",
        ConversationTestEnv.CALLER_PHONE,
        new Slot("t-alex", "Alex", iso.format(friday), iso.format(friday.plusHours(2)), 1.0),
        "drain_cleaning",
        "1550 Larimer St, Denver, CO 80202");
    ConversationWorkflow call = test.start("move");

    assertThat(say(call, "I need to reschedule my appointment"))
        .isEqualTo(
            "I see your drain cleaning on Fri Nov 27, 9:00 AM to 11:00 AM. When would you like"
                + " to move it to?");
    assertThat(say(call, "tomorrow morning please")).startsWith("I can offer");
    assertThat(say(call, "the first")).startsWith("To confirm: move your drain cleaning to ");
    String done = say(call, "yes");

    assertThat(done).startsWith("Done. Your drain cleaning is now on ").contains("with Alex");
    assertThat(test.calendar.appointments.get("appt-9").start()).isNotEqualTo(iso.format(friday));
  }

  @Test
  void givenACallerWithAnAppointment_whenTheyCancel_itShouldConfirmFirst() {
    ZonedDateTime friday = ZonedDateTime.parse("2026-11-27T13:00:00-07:00[America/Denver]");
    DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    test.calendar.existing(
        "appt-7",
        ConversationTestEnv.CALLER_PHONE,
        new Slot("t-maria", "Maria", iso.format(friday), iso.format(friday.plusHours(2)), 1.0),
        "ac_repair",
        "1550 Larimer St, Denver, CO 80202");
    ConversationWorkflow call = test.start("cancel");

    assertThat(say(call, "please cancel my appointment"))
        .isEqualTo(
            "I see your ac repair on Fri Nov 27, 1:00 PM to 3:00 PM. Do you want me to cancel"
                + " it?");
    assertThat(test.calendar.appointments.get("appt-7").status()).isEqualTo("booked");
    assertThat(say(call, "yes"))
        .isEqualTo("Done. Your ac repair on Fri Nov 27, 1:00 PM to 3:00 PM is cancelled.");
    assertThat(test.calendar.appointments.get("appt-7").status()).isEqualTo("cancelled");
  }

  @Test
  void givenNoAppointmentForThePhone_whenTheCallerCancels_itShouldSaySo() {
    ConversationWorkflow call = test.start("nothing-to-cancel");

    assertThat(say(call, "cancel my appointment"))
        .isEqualTo("I couldn't find an upcoming appointment for +13035550100.");
  }

  @Test
  void givenOfferedWindows_whenTheCallerGoesQuiet_itShouldReleaseTheHoldsButKeepTheCallOpen() {
    ConversationWorkflow call = test.start("quiet");
    say(call, "book a drain cleaning at 1550 Larimer St, Denver, CO 80202");
    assertThat(test.calendar.holds).hasSize(3);

    test.env.sleep(Duration.ofMinutes(6));

    assertThat(test.calendar.holds).as("holds expire after the tenant's 5 minutes").isEmpty();
    assertThat(call.state().status()).isEqualTo(Messages.Status.ACTIVE);
    assertThat(call.state().dialogueStage()).isEqualTo("collecting");
    assertThat(say(call, "sorry, I'm back, the first one"))
        .as("the windows are looked up and held again")
        .startsWith("I can offer");
  }

  @Test
  void givenOfferedWindows_whenTheCallEnds_itShouldReleaseTheHolds() {
    ConversationWorkflow call = test.start("hangup");
    say(call, "book a drain cleaning at 1550 Larimer St, Denver, CO 80202");
    assertThat(test.calendar.holds).hasSize(3);

    call.end(new EndConversation("caller_hung_up"));
    ConversationResult result = WorkflowStub.fromTyped(call).getResult(ConversationResult.class);

    assertThat(result.outcome()).isEqualTo("caller_hung_up");
    assertThat(test.calendar.holds).isEmpty();
    assertThat(test.calendar.releasedFor).contains(ConversationTestEnv.workflowId("hangup"));
  }

  @Test
  void givenTheBotIsUnsure_whenItHappensTwice_itShouldAskThenHandTheCallToAPerson() {
    ConversationWorkflow call = test.start("unsure");

    TurnReply first = call.sendMessage(new CallerMessage("mumble mumble"));
    assertThat(first.reply()).startsWith("Sorry, I didn't quite get that.");
    assertThat(first.handoff()).isNull();
    TurnReply second = call.sendMessage(new CallerMessage("mumble again"));

    assertThat(second.reply()).contains("bringing in a member of our team");
    assertThat(second.handoff().reason()).isEqualTo("low_confidence");
    assertThat(test.llm.attempts).as("no model was asked to guess").isEmpty();
  }

  @Test
  void givenATenantThatHandsOffAtOnce_whenTheBotIsUnsure_itShouldHandOffOnTheFirstTurn() {
    test.settings.policy = LowConfidencePolicy.HANDOFF;
    ConversationWorkflow call = test.start("unsure-handoff");

    TurnReply reply = call.sendMessage(new CallerMessage("mumble"));

    assertThat(reply.handoff().reason()).isEqualTo("low_confidence");
  }
}
