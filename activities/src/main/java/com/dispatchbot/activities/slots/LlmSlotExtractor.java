package com.dispatchbot.activities.slots;

import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.llm.StructuredOutputModels;
import com.dispatchbot.activities.tenant.TenantProfile;
import com.dispatchbot.workflows.slots.Address;
import com.dispatchbot.workflows.slots.SlotActivities.Slots;
import com.dispatchbot.workflows.slots.SlotActivities.TimeWindow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the configured LLM ({@code LlmProperties}: OpenAI, Azure's v1 endpoint or an
 * OpenAI-compatible server; MODEL_NAME) for the slots of one message with structured output, and
 * merges its answer with the offline extractor's. One HTTP call, no retries, at most {@link
 * #MAX_TIMEOUT}; any failure keeps the offline slots, which are always computed first. The request
 * and response are never logged (they carry the key and the caller's words).
 *
 * <p>Merge: the model's answer is checked by the offline parts before it is used (a phone must be a
 * valid US number for libphonenumber, an address must parse with a house number and street, a
 * service must be one of the tenant's codes, dates and times must be ISO). It wins for the parts
 * where heuristics are weakest (address, name, service); for date, time, window and phone the
 * offline extractor wins (measured at 99.8% on SGD; libphonenumber is exact) and the model only
 * fills what it left empty. An {@code unparseable_address} problem is dropped when the model found
 * a usable address; every other problem stays.
 */
final class LlmSlotExtractor {
  private static final Logger log = LoggerFactory.getLogger(LlmSlotExtractor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The slot activity runs within the NLU preset's 10 s; the model gets at most this. */
  static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);

  private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
  private static final Pattern NAME = Pattern.compile("[\\p{L}][\\p{L}'’. -]{0,60}");

  static final String INSTRUCTIONS =
      """
      You read one message that a caller sent to the front desk of a home-service company \
      (plumbing, heating and cooling, electrical) and extract the details of a booking. Now is \
      %s (%s) in the time zone %s; resolve relative dates ("tomorrow", "next Tuesday", "the \
      1st") against it. Answer every field; use an empty string for anything the caller did not \
      say. Fields:
      - date: the day they want someone to come, YYYY-MM-DD
      - time: the time of day they asked for, HH:mm (24 h)
      - window_start, window_end: HH:mm when they gave a range or a part of the day (morning \
      08:00-12:00, afternoon 12:00-17:00, evening 17:00-20:00)
      - phone: their phone number as said
      - street (house number and street), unit, city, state (2-letter code), zip: the service \
      address in the US
      - service_type: one of %s, or none
      - name: the caller's name, only when they say who they are""";

  private final LlmProperties llm;
  private final Duration timeout;
  private final PhoneExtractor phones = new PhoneExtractor();
  private final AddressParser addresses = new AddressParser();
  private volatile ChatModel model;

  LlmSlotExtractor(LlmProperties llm) {
    this.llm = llm;
    this.timeout = llm.timeout().compareTo(MAX_TIMEOUT) < 0 ? llm.timeout() : MAX_TIMEOUT;
  }

  /** Whether a model can be asked: not with AI_MODE=rules_based or without a key. */
  boolean configured() {
    return llm.whyNoModel().isEmpty();
  }

  /** The offline slots with the model's answer merged in; the offline slots alone on failure. */
  Slots improve(
      Slots offline, String text, ZonedDateTime reference, List<TenantProfile.Service> services) {
    if (!configured()) {
      return offline;
    }
    return ask(text, reference, services)
        .map(answer -> merge(offline, answer, reference, services))
        .orElse(offline);
  }

  private Optional<JsonNode> ask(
      String text, ZonedDateTime reference, List<TenantProfile.Service> services) {
    try {
      List<String> codes = codes(services);
      String instructions =
          INSTRUCTIONS.formatted(
              reference.toOffsetDateTime().withNano(0),
              reference.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US),
              reference.getZone().getId(),
              String.join(", ", codes.subList(0, codes.size() - 1)));
      ChatResponse response =
          model()
              .chat(
                  ChatRequest.builder()
                      .messages(SystemMessage.from(instructions), UserMessage.from(text))
                      .responseFormat(format(codes))
                      .build());
      String json = response.aiMessage() == null ? null : response.aiMessage().text();
      if (json == null || json.isBlank()) {
        log.warn("LLM slot extraction returned no text; keeping the offline slots");
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(json));
    } catch (Exception e) {
      // Status and type only: a provider's error body may echo part of the key.
      String status = e instanceof HttpException http ? " HTTP " + http.statusCode() : "";
      log.warn(
          "LLM slot extraction failed ({}{}); keeping the offline slots",
          e.getClass().getSimpleName(),
          status);
      return Optional.empty();
    }
  }

  /** See the class comment for which side wins where. */
  Slots merge(
      Slots offline,
      JsonNode answer,
      ZonedDateTime reference,
      List<TenantProfile.Service> services) {
    List<String> problems = new ArrayList<>(offline.problems());

    String phone = offline.phone();
    if (phone == null && !text(answer, "phone").isEmpty()) {
      PhoneExtractor.Found found = phones.find(text(answer, "phone"));
      phone = found == null ? null : found.e164();
    }

    Address address = offline.address();
    Address fromModel = address(answer);
    if (fromModel != null) {
      address = fromModel;
      problems.removeIf(p -> p.startsWith("unparseable_address:"));
    }

    String service = text(answer, "service_type");
    if (!codes(services).contains(service) || service.equals("none")) {
      service = offline.serviceType();
    }

    String name = text(answer, "name");
    if (name.isEmpty() || !NAME.matcher(name).matches() || name.split(" ").length > 4) {
      name = offline.name();
    }

    String date = offline.date();
    String time = offline.time();
    TimeWindow window = offline.timeWindow();
    boolean offlineSaidWhen =
        date != null
            || time != null
            || window != null
            || problems.stream().anyMatch(p -> p.startsWith("impossible_date:"));
    if (!offlineSaidWhen) {
      LocalDate day = isoDate(text(answer, "date"));
      LocalTime at = isoTime(text(answer, "time"));
      LocalTime from = isoTime(text(answer, "window_start"));
      LocalTime to = isoTime(text(answer, "window_end"));
      date = day == null ? null : day.toString();
      time = at == null ? null : text(answer, "time");
      boolean ranged = from != null && to != null && to.isAfter(from);
      if (day != null && (at != null || ranged)) {
        LocalTime start = ranged ? from : at;
        LocalTime end = ranged ? to : at.plusHours(1);
        ZonedDateTime s = day.atTime(start).atZone(reference.getZone());
        ZonedDateTime e = day.atTime(end).atZone(reference.getZone());
        window =
            new TimeWindow(s.toOffsetDateTime().toString(), e.toOffsetDateTime().toString(), "llm");
        if (!e.isAfter(reference)) {
          problems.add("past_time: " + day + " " + start + " has already passed");
        }
      } else if (day != null && day.isBefore(reference.toLocalDate())) {
        problems.add("past_time: " + day + " has already passed");
      }
    }
    return new Slots(date, time, window, phone, address, service, name, List.copyOf(problems));
  }

  /** The model's address, if it has a house number and street that our parser accepts too. */
  private Address address(JsonNode answer) {
    String street = text(answer, "street");
    if (street.isEmpty() || !Character.isDigit(street.charAt(0))) {
      return null;
    }
    String line =
        AddressParser.line(
            street,
            blankToNull(text(answer, "unit")),
            blankToNull(text(answer, "city")),
            blankToNull(text(answer, "state")),
            blankToNull(text(answer, "zip")));
    AddressParser.Found parsed = addresses.find(line);
    return parsed == null ? null : parsed.address();
  }

  private static LocalDate isoDate(String s) {
    try {
      return s.isEmpty() ? null : LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static LocalTime isoTime(String s) {
    return HH_MM.matcher(s).matches() ? LocalTime.parse(s) : null;
  }

  private static String text(JsonNode answer, String field) {
    return answer.path(field).asText("").trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The tenant's service codes, then "none". */
  private static List<String> codes(List<TenantProfile.Service> services) {
    List<String> codes = new ArrayList<>();
    if (services != null) {
      services.forEach(s -> codes.add(s.code()));
    }
    codes.add("none");
    return codes;
  }

  static ResponseFormat format(List<String> serviceCodes) {
    JsonObjectSchema.Builder root = JsonObjectSchema.builder();
    List<String> fields =
        List.of(
            "date",
            "time",
            "window_start",
            "window_end",
            "phone",
            "street",
            "unit",
            "city",
            "state",
            "zip",
            "name");
    fields.forEach(f -> root.addStringProperty(f));
    root.addEnumProperty("service_type", serviceCodes);
    List<String> required = new ArrayList<>(fields);
    required.add("service_type");
    return ResponseFormat.builder()
        .type(ResponseFormatType.JSON)
        .jsonSchema(
            JsonSchema.builder()
                .name("slots")
                .rootElement(root.required(required).additionalProperties(false).build())
                .build())
        .build();
  }

  private ChatModel model() {
    ChatModel m = model;
    if (m == null) {
      synchronized (this) {
        if (model == null) {
          model = StructuredOutputModels.jsonSchemaModel(llm, 200, timeout);
        }
        m = model;
      }
    }
    return m;
  }
}
