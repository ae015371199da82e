package com.dispatchbot.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Reads a tool's arguments. Every refusal is a {@link ToolFailure#invalidArguments} that names the
 * argument and says what to send instead, so the model can correct itself in its next call. Values
 * the caller said (phones, addresses) are never repeated in a message: messages are logged.
 */
final class Arguments {
  private final JsonNode args;

  Arguments(JsonNode args) {
    this.args = args == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : args;
  }

  /** A non-blank string of at most {@code maxLength} characters. */
  String required(String name, int maxLength, String hint) {
    String value = optional(name, maxLength);
    if (value == null) {
      throw ToolFailure.invalidArguments(name + " is required: " + hint);
    }
    return value;
  }

  /** A string of at most {@code maxLength} characters, or null when absent or blank. */
  String optional(String name, int maxLength) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() && !value.isNumber()) {
      throw ToolFailure.invalidArguments(name + " must be a string");
    }
    String text = value.asText().strip();
    if (text.isEmpty()) {
      return null;
    }
    if (text.length() > maxLength) {
      throw ToolFailure.invalidArguments(
          name + " is too long (" + text.length() + " characters; at most " + maxLength + ")");
    }
    return text;
  }

  /** One of {@code allowed} (case-insensitive), or {@code fallback} when absent. */
  String oneOf(String name, List<String> allowed, String fallback) {
    String value = optional(name, 40);
    if (value == null) {
      return fallback;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw ToolFailure.invalidArguments(
          name + " must be one of " + String.join(", ", allowed) + ", not '" + value + "'");
    }
    return lower;
  }

  boolean flag(String name) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual() && value.asText().strip().matches("(?i)true|false")) {
      return Boolean.parseBoolean(value.asText().strip());
    }
    throw ToolFailure.invalidArguments(name + " must be true or false");
  }

  /** A whole number in [min, max], or {@code fallback} when absent. */
  int integer(String name, int min, int max, int fallback) {
    JsonNode value = args.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    int n;
    if (value.isIntegralNumber()) {
      n = value.intValue();
    } else if (value.isTextual() && value.asText().strip().matches("-?\\d{1,9}")) {
      n = Integer.parseInt(value.asText().strip());
    } else {
      throw ToolFailure.invalidArguments(
          name + " must be a whole number from " + min + " to " + max);
    }
    if (n < min || n > max) {
      throw ToolFailure.invalidArguments(
          name + " must be from " + min + " to " + max + ", not " + n);
    }
    return n;
  }

  /** A day written {@code YYYY-MM-DD}, or null when absent. */
  LocalDate date(String name) {
    String value = optional(name, 40);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ToolFailure.invalidArguments(
          name + " must be a day written YYYY-MM-DD (e.g. 2030-03-04), not '" + value + "'");
    }
  }
}
