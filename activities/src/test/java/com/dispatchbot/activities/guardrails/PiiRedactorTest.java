package com.dispatchbot.activities.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.guardrails.PiiRedactor.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Test card numbers are the networks' published test numbers; no real person's data. */
class PiiRedactorTest {
  private final PiiRedactor redactor = new PiiRedactor();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4111111111111111", // Visa test number
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5555 5555 5555 4444", // Mastercard test number
        "2223 0031 2200 3222", // Mastercard 2-series test number
        "3782 822463 10005", // American Express test number, 4-6-5
        "6011 1111 1111 1117", // Discover test number
        "4222222222222", // 13-digit Visa test number
        "４１１１ １１１１ １１１１ １１１１" // fullwidth digits
      })
  void givenALuhnValidCardNumber_whenRedacted_itShouldBeReplacedInBothVersions(String card) {
    Redaction r = redactor.redact("my card is " + card + " thanks");

    assertThat(r.stored()).isEqualTo("my card is [CARD] thanks");
    assertThat(r.forModel()).isEqualTo("my card is [CARD] thanks");
    assertThat(r.findings()).containsExactly("card");
  }

  @Test
  void givenADigitRunThatFailsTheLuhnCheck_whenRedacted_itShouldStayAsAnOrderNumber() {
    Redaction r = redactor.redact("my order number is 4111111111111112, it never arrived");

    assertThat(r.stored()).isEqualTo("my order number is 4111111111111112, it never arrived");
    assertThat(r.findings()).doesNotContain("card");
  }

  @Test
  void givenALuhnValidNumberNoCardNetworkUses_whenRedacted_itShouldStay() {
    // valid Luhn, but cards start with 2-6: this is a tracking or account number
    assertThat(redactor.stored("tracking 9400111899223344556612"))
        .contains("9400111899223344556612");
    assertThat(redactor.stored("account 79927398713000")).isEqualTo("account 79927398713000");
  }

  @Test
  void givenACardFollowedByItsCvvInTheSameRun_whenRedacted_theCardGoesAndTheRestStays() {
    assertThat(redactor.stored("4111 1111 1111 1111 123 exp 12/27"))
        .isEqualTo("[CARD] 123 exp 12/27");
  }

  @Test
  void givenTwoPhoneNumbersInARow_whenRedacted_theyShouldNotBeMistakenForACard() {
    Redaction r = redactor.redact("call 303 555 0142 303 555 0143");

    assertThat(r.stored()).isEqualTo("call 303 555 0142 303 555 0143");
    assertThat(r.findings()).doesNotContain("card");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my ssn is 123-45-6789",
        "SSN: 123 45 6789",
        "social security number 123456789",
        "Social Security # 123-45-6789"
      })
  void givenAnSsn_whenRedacted_itShouldBecomeTheSsnPlaceholder(String text) {
    Redaction r = redactor.redact(text);

    assertThat(r.stored()).endsWith("[SSN]").doesNotContain("6789");
    assertThat(r.forModel()).endsWith("[SSN]");
    assertThat(r.findings()).contains("ssn");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "reference 000-12-3456", // area 000 is never issued
        "reference 666-12-3456", // nor 666
        "reference 912-34-5678", // nor 9xx (ITINs)
        "reference 123-00-4567", // nor group 00
        "reference 123-45-0000" // nor serial 0000
      })
  void givenANumberShapedLikeAnSsnThatCannotBeOne_whenRedacted_itShouldStay(String text) {
    assertThat(redactor.stored(text)).isEqualTo(text);
  }

  @Test
  void givenNineDigitsWithoutSsnContext_whenRedacted_theyShouldStayInTheStoredText() {
    assertThat(redactor.stored("my invoice is 123456789")).isEqualTo("my invoice is 123456789");
  }

  @Test
  void givenAnEmail_whenRedacted_onlyTheModelVersionShouldLoseIt() {
    Redaction r = redactor.redact("email me at jane.doe+hvac@example.co.uk please");

    assertThat(r.stored()).isEqualTo("email me at jane.doe+hvac@example.co.uk please");
    assertThat(r.forModel()).isEqualTo("email me at [EMAIL] please");
    assertThat(r.findings()).containsExactly("email");
  }

  @Test
  void givenASpokenEmail_whenRedacted_itShouldBeReplacedToo() {
    assertThat(redactor.forModel("it's john dot smith at gmail dot com")).isEqualTo("it's [EMAIL]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(303) 555-0142",
        "303-555-0142",
        "303.555.0142",
        "+1 303 555 0142",
        "3035550142",
        "1-303-555-0142",
        "+44 20 7946 0958"
      })
  void givenAPhoneNumberInAnyUsualFormat_whenRedacted_theModelVersionShouldSayPhone(String phone) {
    Redaction r = redactor.redact("call me back at " + phone + " after 5");

    assertThat(r.forModel()).isEqualTo("call me back at [PHONE] after 5");
    assertThat(r.stored()).contains(phone);
    assertThat(r.findings()).containsExactly("phone");
  }

  @Test
  void givenAStreetAddress_whenRedacted_theModelVersionShouldSayAddress() {
    Redaction r =
        redactor.redact("The leak is at 600 West 19th Avenue Apt B, Anchorage, AK 99503 upstairs");

    assertThat(r.forModel()).isEqualTo("The leak is at [ADDRESS] upstairs");
    assertThat(r.stored()).contains("600 West 19th Avenue");
    assertThat(r.findings()).containsExactly("address");
  }

  @Test
  void givenEverythingAtOnce_whenRedacted_theSentenceShouldStillRead() {
    String text =
        "Hi, I'm at 1234 Main Street, Denver, CO 80202. Call 303-555-0142 or mail"
            + " jo@example.com; card 4111 1111 1111 1111, ssn 123-45-6789. Water heater is leaking!";

    Redaction r = redactor.redact(text);

    assertThat(r.stored())
        .isEqualTo(
            "Hi, I'm at 1234 Main Street, Denver, CO 80202. Call 303-555-0142 or mail"
                + " jo@example.com; card [CARD], ssn [SSN]. Water heater is leaking!");
    assertThat(r.forModel())
        .isEqualTo(
            "Hi, I'm at [ADDRESS]. Call [PHONE] or mail [EMAIL]; card [CARD], ssn [SSN]. Water"
                + " heater is leaking!");
    assertThat(r.findings()).containsExactly("card", "ssn", "email", "phone", "address");
  }

  @Test
  void givenARedactedText_whenRedactedAgain_itShouldNotChange() {
    String once =
        redactor.forModel("1234 Main St, Denver CO 80202, 303-555-0142, a@b.io, 4111111111111111");

    assertThat(redactor.forModel(once)).isEqualTo(once);
    assertThat(redactor.redact(once).findings()).isEmpty();
  }

  @Test
  void givenTimesPricesAndQuantities_whenRedacted_nothingShouldBeReplaced() {
    String text =
        "Can someone come Tuesday between 2 and 4pm? The quote was $1,250 for 2 units, 40 gallon"
            + " tank, model 2019, order #88213";

    assertThat(redactor.forModel(text)).isEqualTo(text);
  }

  @Test
  void givenNullOrEmpty_whenRedacted_itShouldNotFail() {
    assertThat(redactor.redact(null).stored()).isEmpty();
    assertThat(redactor.redact("").forModel()).isEmpty();
    assertThat(redactor.forModel(null)).isNull();
  }

  @Test
  void givenAVeryLongText_whenRedacted_everyAddressAndNumberInItShouldStillBeFound() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      text.append("Unit ").append(i).append(" is fine. ");
      if (i % 50 == 0) {
        text.append("Send the bill to 1234 Main Street, Denver, CO 80202 or call 303-555-0142. ");
      }
    }

    String redacted = redactor.forModel(text.toString());

    assertThat(redacted).doesNotContain("Main Street", "555-0142").contains("Unit 299 is fine.");
  }

  @Test
  void segmentsAreCutAtSentenceEndsAndCoverTheWholeText() {
    String text = "a. ".repeat(5_000);

    int covered = 0;
    for (int[] s : PiiRedactor.segments(text, 2_000)) {
      assertThat(s[0]).isEqualTo(covered);
      assertThat(s[1] - s[0]).isLessThanOrEqualTo(2_000);
      covered = s[1];
    }
    assertThat(covered).isEqualTo(text.length());
  }
}
