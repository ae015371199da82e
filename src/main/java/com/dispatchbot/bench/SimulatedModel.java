package com.dispatchbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated OpenAI-compatible model for benchmarks and fault drills: {@code POST
 * /v1/chat/completions} (plain and {@code stream: true} server-sent events, OpenAI's wire format,
 * with usage) and {@code GET /v1/models}. Its speed and its failures are set: time to first token,
 * tokens per second, a share of 429 / 500 / hung requests drawn from a seeded random source. It
 * records how long each answer took, so a benchmark can subtract model time from turn latency.
 *
 * <p>Not a stand-in for a real model in the product: it exists so the orchestration can be measured
 * and broken on purpose where no provider can be reached.
 */
public final class SimulatedModel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] WORDS =
      ("Thanks for calling. A technician can come tomorrow between 9 and 11 in the morning;"
              + " drain cleaning is 149 dollars flat. Shall I book that window for you?")
          .split(" ");

  /**
   * @param ttft time to the first token
   * @param tokensPerSecond speed after the first token (0: all at once)
   * @param outputTokens words in each answer
   * @param errorRate share of requests that fail, split evenly over 429, 500 and a hang
   * @param hang how long a hung request stays silent before the server gives up on it
   * @param seed of the random source that picks the failures (same seed, same sequence)
   */
  public record Settings(
      Duration ttft,
      double tokensPerSecond,
      int outputTokens,
      double errorRate,
      Duration hang,
      long seed) {

    public static Settings instant() {
      return new Settings(Duration.ZERO, 0, 20, 0, Duration.ofSeconds(60), 42);
    }
  }

  /** One answered request: when it came, how long the model took, what it did. */
  public record Served(long atNanos, long modelMillis, String outcome, boolean stream) {}

  private final Settings settings;
  private final HttpServer server;
  private final Random random;
  private final ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
  private final AtomicLong ids = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger streamsToStall =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile int stallAfterTokens;
  private volatile int contextWindow = Integer.MAX_VALUE;
  private final List<ToolRule> toolRules = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** When the caller's message contains {@code keyword} and the tool is offered, call it. */
  private record ToolRule(String keyword, String tool, String argumentsJson) {}

  private SimulatedModel(Settings settings, HttpServer server) {
    this.settings = settings;
    this.server = server;
    this.random = new Random(settings.seed());
  }

  /** Starts on 127.0.0.1 (port 0: any free port). */
  public static SimulatedModel start(Settings settings, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    SimulatedModel model = new SimulatedModel(settings, server);
    server.createContext("/v1/chat/completions", model::completions);
    server.createContext("/v1/models", model::models);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    return model;
  }

  /** The base URL a client configures (LLM_BASE_URL). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public List<Served> served() {
    return List.copyOf(served);
  }

  /**
   * The next {@code count} streamed answers stop after {@code afterTokens} tokens and then stay
   * silent until {@link Settings#hang()} is over (a provider that stalls mid-stream): the client's
   * timeout has to notice.
   */
  public void stallNextStreams(int count, int afterTokens) {
    stallAfterTokens = afterTokens;
    streamsToStall.set(count);
  }

  /**
   * Function calling: when the request offers the tool {@code tool} and the caller's latest message
   * contains {@code keyword} (case-insensitive), the model answers with a call to it; when the
   * request ends with the tool's result, it answers in words quoting that result, so a test can see
   * the result reached the reply.
   */
  public void callTool(String keyword, String tool, String argumentsJson) {
    toolRules.add(new ToolRule(keyword.toLowerCase(java.util.Locale.ROOT), tool, argumentsJson));
  }

  /**
   * Prompts longer than this many tokens (estimated as characters / 4, as the usage reports them)
   * are refused with OpenAI's 400 {@code context_length_exceeded}.
   */
  public void contextWindow(int tokens) {
    contextWindow = tokens;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private synchronized String pickOutcome() {
    if (random.nextDouble() >= settings.errorRate()) {
      return "ok";
    }
    return switch (random.nextInt(3)) {
      case 0 -> "429";
      case 1 -> "500";
      default -> "hang";
    };
  }

  private void models(HttpExchange exchange) throws IOException {
    respond(
        exchange,
        200,
        "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"},"
            + "{\"id\":\"gpt-3.5-turbo\",\"object\":\"model\"}]}");
  }

  private void completions(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    JsonNode request;
    try {
      request = JSON.readTree(exchange.getRequestBody().readAllBytes());
    } catch (IOException e) {
      respond(exchange, 400, error("invalid_request_error", "the body is not JSON"));
      return;
    }
    boolean stream = request.path("stream").asBoolean(false);
    String model = request.path("model").asText("gpt-4o-mini");
    int promptTokens = Math.max(1, request.path("messages").toString().length() / 4);
    String outcome = promptTokens > contextWindow ? "context_length" : pickOutcome();
    if ("ok".equals(outcome)
        && stream
        && streamsToStall.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      outcome = "stall";
    }
    try {
      switch (outcome) {
        case "429" -> {
          exchange.getResponseHeaders().add("Retry-After", "1");
          respond(exchange, 429, error("rate_limit_exceeded", "simulated rate limit"));
        }
        case "500" -> respond(exchange, 500, error("server_error", "simulated server error"));
        case "context_length" ->
            respond(
                exchange,
                400,
                error(
                    "context_length_exceeded",
                    "This model's maximum context length is "
                        + contextWindow
                        + " tokens. However, your messages resulted in "
                        + promptTokens
                        + " tokens."));
        case "stall" -> streamAnswer(exchange, model, promptTokens, stallAfterTokens);
        case "hang" -> {
          sleep(settings.hang());
          respond(exchange, 504, error("timeout", "simulated hang"));
        }
        default -> {
          ToolRule call = toolCall(request);
          String toolResult = toolResult(request);
          if (call != null) {
            respondToolCall(exchange, model, promptTokens, call, stream);
          } else if (toolResult != null) {
            respondText(exchange, model, promptTokens, toolResult, stream);
          } else if (stream) {
            streamAnswer(exchange, model, promptTokens, Integer.MAX_VALUE);
          } else {
            sleep(settings.ttft().plus(tokenTime(settings.outputTokens() - 1)));
            respond(
                exchange, 200, completion(model, promptTokens, text(), settings.outputTokens()));
          }
        }
      }
    } finally {
      served.add(new Served(start, (System.nanoTime() - start) / 1_000_000, outcome, stream));
    }
  }

  /**
   * @param stallAfter tokens sent before the stream goes silent for the hang time (MAX_VALUE: none)
   */
  private void streamAnswer(HttpExchange exchange, String model, int promptTokens, int stallAfter)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    String id = "chatcmpl-sim-" + ids.incrementAndGet();
    try (OutputStream out = exchange.getResponseBody()) {
      sleep(settings.ttft());
      for (int i = 0; i < settings.outputTokens(); i++) {
        if (i == stallAfter) {
          sleep(settings.hang());
          return;
        }
        if (i > 0) {
          sleep(tokenTime(1));
        }
        ObjectNode chunk = chunk(id, model);
        ObjectNode delta =
            chunk.withArray("choices").addObject().put("index", 0).putObject("delta");
        if (i == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", (i == 0 ? "" : " ") + WORDS[i % WORDS.length]);
        write(out, chunk);
      }
      ObjectNode last = finish(id, model, "stop");
      last.putObject("usage")
          .put("prompt_tokens", promptTokens)
          .put("completion_tokens", settings.outputTokens())
          .put("total_tokens", promptTokens + settings.outputTokens());
      write(out, last);
      done(out);
    }
  }

  /** The rule whose tool is offered and whose keyword the latest caller message has. */
  private ToolRule toolCall(JsonNode request) {
    JsonNode messages = request.path("messages");
    if (toolRules.isEmpty() || messages.size() == 0) {
      return null;
    }
    JsonNode last = messages.get(messages.size() - 1);
    if (!"user".equals(last.path("role").asText())) {
      return null;
    }
    String said = last.path("content").asText("").toLowerCase(java.util.Locale.ROOT);
    for (ToolRule rule : toolRules) {
      boolean offered = false;
      for (JsonNode tool : request.path("tools")) {
        offered |= rule.tool().equals(tool.path("function").path("name").asText());
      }
      if (offered && said.contains(rule.keyword())) {
        return rule;
      }
    }
    return null;
  }

  /** The answer to a request that ends with a tool's result: the result, quoted. */
  private static String toolResult(JsonNode request) {
    JsonNode messages = request.path("messages");
    if (messages.size() == 0) {
      return null;
    }
    JsonNode last = messages.get(messages.size() - 1);
    if (!"tool".equals(last.path("role").asText())) {
      return null;
    }
    String content = last.path("content").asText("");
    return "Here is what I found: "
        + (content.length() > 300 ? content.substring(0, 300) : content);
  }

  private void respondToolCall(
      HttpExchange exchange, String model, int promptTokens, ToolRule rule, boolean stream)
      throws IOException {
    sleep(settings.ttft());
    String callId = "call_sim_" + ids.incrementAndGet();
    if (!stream) {
      ObjectNode body = JSON.createObjectNode();
      body.put("id", "chatcmpl-sim-" + ids.incrementAndGet())
          .put("object", "chat.completion")
          .put("created", 1_763_900_000L)
          .put("model", model);
      ObjectNode choice = body.withArray("choices").addObject().put("index", 0);
      ObjectNode message = choice.putObject("message").put("role", "assistant");
      message.putNull("content");
      ObjectNode call = message.withArray("tool_calls").addObject();
      call.put("id", callId).put("type", "function");
      call.putObject("function").put("name", rule.tool()).put("arguments", rule.argumentsJson());
      choice.put("finish_reason", "tool_calls");
      body.putObject("usage")
          .put("prompt_tokens", promptTokens)
          .put("completion_tokens", 10)
          .put("total_tokens", promptTokens + 10);
      respond(exchange, 200, JSON.writeValueAsString(body));
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    String id = "chatcmpl-sim-" + ids.incrementAndGet();
    try (OutputStream out = exchange.getResponseBody()) {
      ObjectNode first = chunk(id, model);
      ObjectNode delta = first.withArray("choices").addObject().put("index", 0).putObject("delta");
      delta.put("role", "assistant");
      ObjectNode call = delta.withArray("tool_calls").addObject();
      call.put("index", 0).put("id", callId).put("type", "function");
      call.putObject("function").put("name", rule.tool()).put("arguments", rule.argumentsJson());
      write(out, first);
      write(out, finish(id, model, "tool_calls"));
      done(out);
    }
  }

  private void respondText(
      HttpExchange exchange, String model, int promptTokens, String text, boolean stream)
      throws IOException {
    sleep(settings.ttft());
    String[] words = text.split(" ");
    if (!stream) {
      respond(exchange, 200, completion(model, promptTokens, text, words.length));
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    String id = "chatcmpl-sim-" + ids.incrementAndGet();
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < words.length; i++) {
        ObjectNode chunk = chunk(id, model);
        ObjectNode delta =
            chunk.withArray("choices").addObject().put("index", 0).putObject("delta");
        delta.put("content", (i == 0 ? "" : " ") + words[i]);
        write(out, chunk);
      }
      write(out, finish(id, model, "stop"));
      done(out);
    }
  }

  /** The last chunk of a stream: an empty delta with the finish reason (usage may be added). */
  private ObjectNode finish(String id, String model, String reason) {
    ObjectNode last = chunk(id, model);
    ObjectNode choice = last.withArray("choices").addObject().put("index", 0);
    choice.putObject("delta");
    choice.put("finish_reason", reason);
    return last;
  }

  private static void done(OutputStream out) throws IOException {
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private ObjectNode chunk(String id, String model) {
    ObjectNode chunk = JSON.createObjectNode();
    chunk.put("id", id).put("object", "chat.completion.chunk").put("created", 1_763_900_000L);
    chunk.put("model", model);
    return chunk;
  }

  private static void write(OutputStream out, JsonNode event) throws IOException {
    out.write(
        ("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private String completion(String model, int promptTokens, String text, int completionTokens)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-sim-" + ids.incrementAndGet())
        .put("object", "chat.completion")
        .put("created", 1_763_900_000L)
        .put("model", model);
    ObjectNode choice = body.withArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", text);
    choice.put("finish_reason", "stop");
    body.putObject("usage")
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return JSON.writeValueAsString(body);
  }

  private String text() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < settings.outputTokens(); i++) {
      text.append(i == 0 ? "" : " ").append(WORDS[i % WORDS.length]);
    }
    return text.toString();
  }

  private Duration tokenTime(int tokens) {
    if (settings.tokensPerSecond() <= 0 || tokens <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) (tokens * 1_000_000_000L / settings.tokensPerSecond()));
  }

  private static String error(String code, String message) {
    return "{\"error\":{\"message\":\""
        + message
        + "\",\"type\":\""
        + code
        + "\",\"code\":\""
        + code
        + "\"}}";
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sleep(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
