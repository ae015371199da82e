package com.dispatchbot.activities.tools;

import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * Tool arguments as they may be logged: an argument named for personal data ({@code phone}, {@code
 * address}, {@code email}, a person's {@code name}) is replaced whole; every other text goes
 * through {@link PiiRedactor#forModel} (cards, SSNs, e-mails, phones, street addresses), as a log
 * line would. Arguments that are not JSON are kept as one redacted text under {@code _unparsed}.
 */
final class ArgumentRedactor {
  static final String NAME = "[NAME]";
  private static final int MAX_UNPARSED = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PiiRedactor REDACTOR = new PiiRedactor();

  private ArgumentRedactor() {}

  /** The redacted arguments as JSON text (always a valid JSON value). */
  static String redact(String argumentsJson) {
    if (argumentsJson == null || argumentsJson.isBlank()) {
      return "{}";
    }
    try {
      return JSON.writeValueAsString(redact(JSON.readTree(argumentsJson)));
    } catch (JsonProcessingException notJson) {
      String text =
          argumentsJson.length() > MAX_UNPARSED
              ? argumentsJson.substring(0, MAX_UNPARSED)
              : argumentsJson;
      ObjectNode unparsed = JsonNodeFactory.instance.objectNode();
      unparsed.put("_unparsed", REDACTOR.forModel(text));
      return unparsed.toString();
    }
  }

  static JsonNode redact(JsonNode node) {
    if (node == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String placeholder = placeholder(field.getKey());
        JsonNode value = field.getValue();
        if (placeholder != null
            && !value.isNull()
            && !(value.isTextual() && value.asText().isBlank())) {
          out.put(field.getKey(), placeholder);
        } else {
          out.set(field.getKey(), redact(value));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(redact(item)));
      return out;
    }
    if (node.isTextual()) {
      return JsonNodeFactory.instance.textNode(REDACTOR.forModel(node.asText()));
    }
    if (node.isNumber()) {
      String text = node.asText();
      String redacted = REDACTOR.forModel(text);
      return redacted.equals(text) ? node : JsonNodeFactory.instance.textNode(redacted);
    }
    return node;
  }

  /** The placeholder that replaces an argument of this name whole, or null. */
  private static String placeholder(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.contains("phone")) {
      return PiiRedactor.PHONE;
    }
    if (k.contains("email") || k.contains("e_mail")) {
      return PiiRedactor.EMAIL;
    }
    if (k.contains("address")) {
      return PiiRedactor.ADDRESS;
    }
    if (k.equals("name") || k.endsWith("_name") || key.endsWith("Name")) {
      return NAME;
    }
    return null;
  }
}
