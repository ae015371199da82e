package com.dispatchbot.api.tools;

import com.dispatchbot.activities.tools.Tool;
import com.dispatchbot.activities.tools.ToolExecutionLog;
import com.dispatchbot.activities.tools.ToolExecutionLog.ToolStats;
import com.dispatchbot.activities.tools.ToolRegistry;
import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.security.DispatchPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tools the model may call, as it is given them, with how they did for the caller's business:
 * calls, success rate and latency over a window, from {@code tool_executions} (the tenant's rows
 * only). Operators and admins.
 */
@RestController
class ToolsController {
  static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
  static final Duration MAX_WINDOW = Duration.ofDays(90);

  private final ToolRegistry registry;
  private final ToolExecutionLog executions;
  private final Clock clock = Clock.systemUTC();

  ToolsController(ToolRegistry registry, ToolExecutionLog executions) {
    this.registry = registry;
    this.executions = executions;
  }

  /**
   * @param since the start of the window the stats cover
   * @param otherCalls calls (in the window) of names that are no tool: a model's inventions
   */
  record ToolsView(Instant since, String window, List<ToolView> tools, long otherCalls) {}

  /**
   * @param parameters the JSON schema of its arguments, as the model is sent it
   */
  record ToolView(
      String name, String description, Map<String, Object> parameters, StatsView stats) {}

  /**
   * @param ok calls that succeeded
   * @param successRate ok / calls; null without calls
   * @param p50Millis median duration; null without calls
   * @param outcomes calls by outcome (ok, invalid_arguments, not_found, unavailable, failed, ...)
   */
  record StatsView(
      long calls,
      long ok,
      Double successRate,
      Long p50Millis,
      Long p95Millis,
      Map<String, Long> outcomes) {

    static StatsView of(ToolStats s) {
      boolean any = s.calls() > 0;
      return new StatsView(
          s.calls(),
          s.ok(),
          any ? Math.round(s.successRate() * 10_000) / 10_000.0 : null,
          any ? Math.round(s.p50Millis()) : null,
          any ? Math.round(s.p95Millis()) : null,
          s.outcomes());
    }
  }

  @Operation(
      summary = "The tools the model may call, with calls, success rate and latency per tool",
      description =
          "Each tool's name, description and parameter schema (as the model is given them), and"
              + " for your business over the window: calls, ok, success rate, p50/p95 latency"
              + " in ms and calls by outcome. Operator or admin.")
  @GetMapping("/v1/tools")
  ToolsView tools(
      @AuthenticationPrincipal DispatchPrincipal principal,
      @Parameter(description = "ISO-8601 duration to look back, e.g. PT24H (default), PT1H, P7D")
          @RequestParam(required = false)
          String since) {
    Duration window = window(since);
    Instant from = clock.instant().minus(window);
    Map<String, ToolStats> stats = executions.stats(principal.tenantId(), from);
    List<ToolView> tools = new ArrayList<>();
    for (Tool tool : registry.tools()) {
      tools.add(
          new ToolView(
              tool.name(),
              tool.description(),
              ToolRegistry.parametersSchema(tool),
              StatsView.of(stats.getOrDefault(tool.name(), ToolStats.none(tool.name())))));
    }
    long other =
        stats.values().stream()
            .filter(s -> registry.find(s.tool()).isEmpty())
            .mapToLong(ToolStats::calls)
            .sum();
    return new ToolsView(from, window.toString(), tools, other);
  }

  private static Duration window(String since) {
    if (since == null || since.isBlank()) {
      return DEFAULT_WINDOW;
    }
    Duration window;
    try {
      window = Duration.parse(since.strip());
    } catch (DateTimeParseException e) {
      throw bad("since '" + since + "' is not an ISO-8601 duration; write it like PT24H or P7D");
    }
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw bad("since must be more than 0 and at most " + MAX_WINDOW.toDays() + " days (P90D)");
    }
    return window;
  }

  private static ApiProblem bad(String detail) {
    return new ApiProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
  }
}
