package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.tools.Tool;
import com.dispatchbot.activities.tools.ToolRegistry;
import com.dispatchbot.workflows.tools.ToolActivities;
import com.dispatchbot.workflows.tools.ToolActivities.ToolCall;
import com.dispatchbot.workflows.tools.ToolActivities.ToolOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * One tool call through the worker's own code (ToolActivitiesImpl, as the {@code dispatch-store}
 * worker runs it): the tenant's real calendar, geocoder and knowledge base, the execution logged in
 * {@code tool_executions} like a model's. A slot a check offered can be booked by a second run
 * under the same {@code --workflow-id}.
 */
@Command(
    name = "test-tool",
    mixinStandardHelpOptions = true,
    description = {
      "Run one tool of the model's tool registry for real (a booking books) and print its"
          + " outcome, result and duration; --list shows the tools and their parameters.",
      "Exit: 0 ok, 1 the tool refused or failed (the reason is printed), 2 bad input, 3 database"
          + " or a dependency unavailable."
    })
public final class TestToolCommand extends OpsCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "TOOL",
      description = "the tool to run, e.g. check_availability (test-tool --list shows them)")
  String name;

  @Option(names = "--list", description = "list the tools and their parameters, run nothing")
  boolean list;

  @Mixin TenantOption tenant;

  @Option(
      names = "--args",
      paramLabel = "JSON",
      description = "the arguments as a JSON object, as a model would send them (default {})")
  String args = "{}";

  @Option(
      names = "--workflow-id",
      paramLabel = "ID",
      description =
          "the conversation the call belongs to (default: a new ops-test-tool-... id); use the id"
              + " a check_availability run printed to book or reschedule a slot_id it offered")
  String workflowId;

  @Override
  protected int run() throws JsonProcessingException {
    if (list) {
      if (name != null) {
        throw new BadInput("--list runs nothing: leave out the tool name '" + name + "'");
      }
      return list();
    }
    if (name == null || name.isBlank()) {
      throw new BadInput("name the tool to run (e.g. business_hours), or --list to see them");
    }
    String arguments = arguments(args);
    String workflow = workflowId == null ? "ops-test-tool-" + shortId() : workflowId.strip();
    if (!WORKFLOW_ID.matcher(workflow).matches()) {
      throw new BadInput(
          "--workflow-id: '" + workflowId + "' may hold letters, digits and . _ : - only");
    }
    AppConfig config = AppConfig.load();
    try (OpsDatabase db = OpsDatabase.open()) {
      String tenantId = tenant.resolve(db, config);
      try (AppBeans beans = AppBeans.start()) {
        err.println("(app context started in " + Format.millis(beans.startup().toMillis()) + ")");
        ToolRegistry registry = beans.get(ToolRegistry.class);
        String tool = name.strip();
        if (registry.find(tool).isEmpty()) {
          throw new BadInput(
              "'" + tool + "' is not a tool; one of: " + String.join(", ", registry.names()));
        }
        String callId = "ops-" + shortId();
        out.println(
            "tool "
                + tool
                + ", tenant "
                + tenantId
                + ", workflow "
                + workflow
                + ", call "
                + callId);
        ToolOutcome outcome;
        try {
          outcome =
              beans
                  .get("toolActivities", ToolActivities.class)
                  .runTool(new ToolCall(tenantId, workflow, 1, callId, tool, arguments));
        } catch (ApplicationFailure failure) {
          throw new Unavailable(
              "the tool could not run now (a worker would retry): "
                  + Knowledge.whyUnavailable(failure));
        }
        String logged =
            db.jdbc()
                .sql(
                    """
                    select outcome from tool_executions
                     where tenant_id = ? and workflow_id = ? and turn = 1 and call_id = ?
                    """)
                .params(tenantId, workflow, callId)
                .query(String.class)
                .optional()
                .orElse(outcome.ok() ? "ok" : "refused");
        out.println("outcome " + logged + " (" + Format.millis(outcome.durationMillis()) + ")");
        if (outcome.error() != null) {
          out.println("error: " + outcome.error());
        }
        if (outcome.resultJson() != null) {
          out.println("result:");
          out.println(
              JSON.writerWithDefaultPrettyPrinter()
                  .writeValueAsString(JSON.readTree(outcome.resultJson())));
        }
        if (outcome.resultJson() != null && outcome.resultJson().contains("\"slot_id\"")) {
          out.println(
              "(to book one of these: test-tool book_appointment --tenant "
                  + tenantId
                  + " --workflow-id "
                  + workflow
                  + " --args '{\"slot_id\": ..., \"customer_name\": ..., \"phone\": ...,"
                  + " \"address\": ...}')");
        }
        return outcome.ok() ? OK : PROBLEM;
      }
    }
  }

  private int list() {
    try (AppBeans beans = AppBeans.start()) {
      err.println("(app context started in " + Format.millis(beans.startup().toMillis()) + ")");
      for (Tool tool : beans.get(ToolRegistry.class).tools()) {
        out.println(tool.name());
        out.println("  " + tool.description());
        Map<String, Object> schema = ToolRegistry.parametersSchema(tool);
        Object required = schema.getOrDefault("required", List.of());
        if (schema.get("properties") instanceof Map<?, ?> properties) {
          for (Map.Entry<?, ?> p : properties.entrySet()) {
            Map<?, ?> property = (Map<?, ?>) p.getValue();
            String type =
                property.containsKey("enum")
                    ? "one of " + property.get("enum")
                    : String.valueOf(property.get("type"));
            boolean needed = required instanceof List<?> r && r.contains(p.getKey());
            out.println(
                "  - "
                    + p.getKey()
                    + " ("
                    + type
                    + (needed ? ", required" : "")
                    + "): "
                    + property.get("description"));
          }
        }
        out.println();
      }
    }
    return OK;
  }

  /** The arguments as one JSON object; anything else is bad input. */
  static String arguments(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text == null || text.isBlank() ? "{}" : text);
    } catch (JsonProcessingException e) {
      throw new BadInput(
          "--args is not JSON ("
              + e.getOriginalMessage()
              + "); write it like '{\"service_type\": \"drain_cleaning\", \"address\":"
              + " \"80202\"}'");
    }
    if (node == null || !node.isObject()) {
      throw new BadInput("--args must be one JSON object, like '{\"date\": \"2030-03-04\"}'");
    }
    return node.toString();
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
