package com.dispatchbot.activities.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The tools a model may call: every {@link Tool} bean, by name. What the model is given ({@link
 * #specifications()}) and what {@code runTool} can run ({@link #find}) are the same list.
 */
@Component
public class ToolRegistry {
  /** The order the model and {@code GET /v1/tools} see them in; others follow by name. */
  static final List<String> ORDER =
      List.of(
          CheckAvailabilityTool.NAME,
          BookAppointmentTool.NAME,
          RescheduleAppointmentTool.NAME,
          CancelAppointmentTool.NAME,
          FindAppointmentsTool.NAME,
          BusinessHoursTool.NAME,
          KnowledgeLookupTool.NAME);

  /** What OpenAI accepts as a function name (and what a log tag should be). */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final Map<String, Tool> byName = new LinkedHashMap<>();

  public ToolRegistry(List<Tool> tools) {
    List<Tool> sorted = new ArrayList<>(tools);
    sorted.sort(
        Comparator.comparingInt(
                (Tool t) -> ORDER.contains(t.name()) ? ORDER.indexOf(t.name()) : ORDER.size())
            .thenComparing(Tool::name));
    for (Tool tool : sorted) {
      if (!NAME.matcher(tool.name()).matches()) {
        throw new IllegalStateException(
            "tool name '" + tool.name() + "' must be lower-case letters, digits and _");
      }
      if (byName.putIfAbsent(tool.name(), tool) != null) {
        throw new IllegalStateException("two tools are named '" + tool.name() + "'");
      }
    }
  }

  /** What the model is given, in {@link #ORDER}. */
  public List<ToolSpecification> specifications() {
    return byName.values().stream().map(Tool::specification).toList();
  }

  public Optional<Tool> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
  }

  public List<Tool> tools() {
    return List.copyOf(byName.values());
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** A tool's parameters as the JSON schema the model is sent (for the API and the CLI). */
  public static Map<String, Object> parametersSchema(Tool tool) {
    return JsonSchemaElementUtils.toMap(tool.parameters());
  }
}
