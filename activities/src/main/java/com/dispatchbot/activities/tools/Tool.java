package com.dispatchbot.activities.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/**
 * One thing a model may ask the bot to do or look up in a turn. A tool is a small Spring bean; the
 * {@link ToolRegistry} collects them and {@code ToolActivitiesImpl} runs one per activity.
 *
 * <p>A tool acts for the business of {@link ToolContext#tenant()} only: nothing in the arguments
 * names a tenant. It checks its arguments itself and throws {@link ToolFailure} with a sentence the
 * model can act on (what is wrong, what to send instead); it lets transient failures (database,
 * geocoder, knowledge store) escape, so that Temporal retries the activity.
 */
public interface Tool {

  /** The name the model calls it by: {@code [a-z_]{1,64}}. */
  String name();

  /** What it does and when to use it, written for the model. */
  String description();

  /** Its arguments as a JSON schema (an object). */
  JsonObjectSchema parameters();

  /**
   * Runs the tool.
   *
   * @param arguments a JSON object, as the model sent it (never null)
   * @return the result the model reads (a JSON object)
   * @throws ToolFailure the call cannot be served as sent (ok=false for the model)
   */
  JsonNode execute(ToolContext context, JsonNode arguments);

  /** What the model is given: name, description and parameters. */
  default ToolSpecification specification() {
    return ToolSpecification.builder()
        .name(name())
        .description(description())
        .parameters(parameters())
        .build();
  }
}
