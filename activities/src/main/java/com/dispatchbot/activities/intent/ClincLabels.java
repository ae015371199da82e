package com.dispatchbot.activities.intent;

import com.dispatchbot.workflows.intent.Intent;
import java.util.Set;

/**
 * Maps CLINC150 labels (Larson et al., 2019; CC BY 3.0) onto this front desk's intents: chit-chat
 * becomes {@link Intent#GREETING_SMALLTALK}, {@code yes} {@link Intent#CONFIRM}, {@code no} {@link
 * Intent#DENY}, and every other label, including {@code oos}, {@link Intent#OUT_OF_SCOPE}: banking,
 * travel, cooking or a car's maintenance are not what a plumbing and HVAC company answers.
 */
public final class ClincLabels {
  private ClincLabels() {}

  /** CLINC150's small-talk labels. */
  public static final Set<String> SMALLTALK =
      Set.of(
          "greeting",
          "goodbye",
          "thank_you",
          "how_old_are_you",
          "what_are_your_hobbies",
          "what_is_your_name",
          "where_are_you_from",
          "who_made_you",
          "who_do_you_work_for",
          "do_you_have_pets",
          "are_you_a_bot");

  public static Intent intentOf(String clincLabel) {
    String label = clincLabel.strip();
    if (SMALLTALK.contains(label)) {
      return Intent.GREETING_SMALLTALK;
    }
    return switch (label) {
      case "yes" -> Intent.CONFIRM;
      case "no" -> Intent.DENY;
      default -> Intent.OUT_OF_SCOPE;
    };
  }

  /** The mapping in words, for reports. */
  public static String describe() {
    return String.join(", ", SMALLTALK.stream().sorted().toList())
        + " -> greeting_smalltalk; yes -> confirm; no -> deny; every other label (incl. oos)"
        + " -> out_of_scope";
  }
}
