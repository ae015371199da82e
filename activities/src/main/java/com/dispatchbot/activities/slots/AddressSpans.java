package com.dispatchbot.activities.slots;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the street addresses of a text are, found with the slot extractor's own heuristics ({@link
 * AddressParser}): the guardrails blank them out of what a model sees, and the slot extractor reads
 * the same text, so both agree on what an address is.
 */
public final class AddressSpans {
  private final AddressParser parser = new AddressParser();

  /** A street address at {@code text.substring(start, end)}: street, unit, city, state, ZIP. */
  public record Span(int start, int end) {}

  /** Every street address, in order; a ZIP code alone or a bare city is not one. */
  public List<Span> find(String text) {
    List<Span> spans = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return spans;
    }
    int offset = 0;
    while (offset < text.length()) {
      AddressParser.Found found = parser.find(text.substring(offset));
      // The parser tries streets before a lone ZIP or an address cue: no street here, none after.
      if (found == null || found.address() == null || found.address().street() == null) {
        break;
      }
      int start = offset + found.start();
      int end = Math.max(start + 1, offset + found.end());
      spans.add(new Span(start, Math.min(end, text.length())));
      offset = end;
    }
    return spans;
  }
}
