package com.dispatchbot.bench;

import com.dispatchbot.bench.Stats.Percentiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated callers for benchmarks and fault drills. Each of N callers runs on a thread of its own
 * (a fixed pool: Java 17 has no virtual threads) with a phone number of its own, and has scripted
 * conversations with a running app over its public API, one after the other: {@code POST
 * /v1/conversations} (no first message, so every turn goes through the same endpoint), one {@code
 * POST /v1/conversations/{id}/messages} per line of the script, then {@code POST .../end} so no
 * workflow is left waiting for its inactivity timeout. The run stops at a deadline (a turn under
 * way is finished, no new one begins) or after a number of conversations, whichever comes first.
 *
 * <p>Everything is kept as data: each start and each turn with its client latency, HTTP status or
 * error, and what the reply said about itself (turn number, provider, the model's own time). A
 * benchmark summarises it ({@link Run#summary()}); a fault drill checks which turns got a reply.
 *
 * <p>With {@link Options#stream()} the messages ask for server-sent events ({@code Accept:
 * text/event-stream}): the time to the first {@code token} event is the turn's TTFT, {@code
 * restart} events are counted and the {@code reply} event carries the turn's reply. A server that
 * answers with plain JSON instead is measured as if no stream had been asked for.
 */
public final class LoadGenerator {
  /**
   * Providers a reply names when no model wrote it (the workflow's rules, booking dialogue,
   * apology, guardrails and handoff answers): such turns do not count as model-answered.
   */
  public static final Set<String> NON_MODEL_PROVIDERS =
      Set.of("rules", "dialogue", "none", "guardrails", "handoff");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_FAILURE_PAUSE = Duration.ofMillis(250);
  private static final long MAX_RETRY_WAIT_MILLIS = 5_000;

  /** A scripted conversation: what a caller says, line after line, whatever the bot answers. */
  public record Script(String name, List<String> lines) {
    public Script {
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("script " + name + " has no lines");
      }
      lines = List.copyOf(lines);
    }
  }

  /**
   * Calls a plumbing and HVAC business gets: prices, hours, service area, water heaters, a leak
   * with a visit to book, a membership, getting ready for a visit. All but two lines are pricing or
   * knowledge questions the sample tenant's intent model is sure of (confidence at least 0.7,
   * checked with {@code POST /v1/nlu/parse}), so a model answers them; a less certain line would
   * get a clarifying question from the dialogue instead, and two in a row would hand the call to a
   * person. The two others are the leak call's booking: the booking dialogue asks and offers
   * windows, and the call ends before one is confirmed, so the calendar does not fill up however
   * long a bench runs (the holds go when the call ends). No line asks for a person or says goodbye:
   * either would change what the following lines measure.
   */
  public static final List<Script> HOME_SERVICE_CALLS =
      List.of(
          new Script(
              "prices",
              List.of(
                  "how much do u charge to unclog a drain",
                  "is there a trip charge for you to come to my house",
                  "AC tune-up price per system",
                  "do you take credit cards")),
          new Script(
              "service-area",
              List.of(
                  "do you service Aurora?",
                  "is zip code 80226 in your service area?",
                  "are you open saturdays",
                  "what time do you guys close on a tuesday")),
          new Script(
              "water-heater",
              List.of(
                  "what temperature should my water heater be set to",
                  "how many years does a hot water tank usually last",
                  "whats the price for a new water heater, like installed",
                  "can I pay for a new water heater in installments? cant afford it all at once")),
          new Script(
              "leak",
              List.of(
                  "there's a slow leak under my kitchen sink, water dripping into the cabinet",
                  "where is the main water shutoff usually in a house",
                  "can someone come out tomorrow afternoon to fix it?",
                  "it's 1550 S Broadway, Denver CO 80210")),
          new Script(
              "membership",
              List.of(
                  "do you have a maintenance plan for my furnace and ac",
                  "what is the comfort club",
                  "if I'm a member is the emergency fee cheaper",
                  "how long is the warranty on a repair")),
          new Script(
              "before-the-visit",
              List.of(
                  "what do I need to do before the technician arrives",
                  "do I need to lock up my dog when the tech comes",
                  "what happens if nobody's home when the guy shows up",
                  "do you need a deposit up front")));

  /**
   * What to run.
   *
   * @param baseUrl the app, e.g. {@code http://127.0.0.1:8000}
   * @param apiKey a caller_api (or stronger) key of the tenant, sent as {@code Authorization:
   *     Bearer}
   * @param callers concurrent simulated callers (threads)
   * @param duration how long callers begin new turns; null: no deadline (then {@code conversations}
   *     must be set)
   * @param conversations conversations to start in all, across callers; 0: no limit
   * @param scripts conversation {@code n} of the run follows script {@code n % scripts.size()}
   * @param stream ask for server-sent events and measure the time to the first token
   * @param maxAttempts tries per request (1: no retry); retries of a turn carry the same
   *     Idempotency-Key, so the app answers the same turn rather than a second one
   * @param requestTimeout how long one request may take (the app answers 202 after REPLY_TIMEOUT)
   * @param firstPhone caller {@code i} calls from {@code +1303555} and the 4 digits of {@code
   *     firstPhone + i}; give each run of one app its own range
   * @param thinkTime pause of a caller between a reply and its next line
   * @param channel {@code web}, {@code sms} or {@code voice}
   */
  public record Options(
      URI baseUrl,
      String apiKey,
      int callers,
      Duration duration,
      int conversations,
      List<Script> scripts,
      boolean stream,
      int maxAttempts,
      Duration requestTimeout,
      int firstPhone,
      Duration thinkTime,
      String channel) {

    public Options {
      if (callers < 1) {
        throw new IllegalArgumentException("callers must be at least 1");
      }
      if (duration == null && conversations <= 0) {
        throw new IllegalArgumentException("give a duration or a number of conversations");
      }
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      if (scripts.isEmpty()) {
        throw new IllegalArgumentException("no scripts");
      }
      scripts = List.copyOf(scripts);
      thinkTime = thinkTime == null ? Duration.ZERO : thinkTime;
      String url = baseUrl.toString();
      baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * {@code callers} callers for 20 s, the home-service scripts, no stream, no retries, a 90 s
     * request timeout, phones from {@code +13035550000}, no think time, channel web.
     */
    public static Builder builder(URI baseUrl, String apiKey, int callers) {
      return new Builder(baseUrl, apiKey, callers);
    }

    /** A builder holding these options, to derive others from them. */
    public Builder toBuilder() {
      Builder builder = new Builder(baseUrl, apiKey, callers);
      builder.duration = duration;
      builder.conversations = conversations;
      builder.scripts = scripts;
      builder.stream = stream;
      builder.maxAttempts = maxAttempts;
      builder.requestTimeout = requestTimeout;
      builder.firstPhone = firstPhone;
      builder.thinkTime = thinkTime;
      builder.channel = channel;
      return builder;
    }

    /** The phone number caller {@code caller} of this run calls from. */
    public String phone(int caller) {
      return String.format(Locale.ROOT, "+1303555%04d", Math.floorMod(firstPhone + caller, 10_000));
    }

    /** Builds {@link Options}; each setter is the record component of the same name. */
    public static final class Builder {
      private URI baseUrl;
      private String apiKey;
      private int callers;
      private Duration duration = Duration.ofSeconds(20);
      private int conversations;
      private List<Script> scripts = HOME_SERVICE_CALLS;
      private boolean stream;
      private int maxAttempts = 1;
      private Duration requestTimeout = Duration.ofSeconds(90);
      private int firstPhone;
      private Duration thinkTime = Duration.ZERO;
      private String channel = "web";

      private Builder(URI baseUrl, String apiKey, int callers) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.callers = callers;
      }

      public Builder baseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
        return this;
      }

      public Builder apiKey(String apiKey) {
        this.apiKey = apiKey;
        return this;
      }

      public Builder callers(int callers) {
        this.callers = callers;
        return this;
      }

      public Builder duration(Duration duration) {
        this.duration = duration;
        return this;
      }

      public Builder conversations(int conversations) {
        this.conversations = conversations;
        return this;
      }

      public Builder scripts(List<Script> scripts) {
        this.scripts = scripts;
        return this;
      }

      public Builder stream(boolean stream) {
        this.stream = stream;
        return this;
      }

      public Builder maxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
      }

      public Builder requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
      }

      public Builder firstPhone(int firstPhone) {
        this.firstPhone = firstPhone;
        return this;
      }

      public Builder thinkTime(Duration thinkTime) {
        this.thinkTime = thinkTime;
        return this;
      }

      public Builder channel(String channel) {
        this.channel = channel;
        return this;
      }

      public Options build() {
        return new Options(
            baseUrl,
            apiKey,
            callers,
            duration,
            conversations,
            scripts,
            stream,
            maxAttempts,
            requestTimeout,
            firstPhone,
            thinkTime,
            channel);
      }
    }
  }

  /**
   * One conversation start ({@code POST /v1/conversations}).
   *
   * @param conversation number of the conversation in the run (0, 1, ...)
   * @param conversationId the app's id; null when the start failed
   * @param startedAtMillis when the request was sent, since the run began
   * @param status HTTP status of the last try; 0 when no answer came (refused, timed out)
   * @param error what went wrong; null on success
   */
  public record Start(
      int caller,
      int conversation,
      String phone,
      String conversationId,
      double startedAtMillis,
      double latencyMillis,
      int status,
      String error,
      int attempts) {

    public boolean ok() {
      return error == null;
    }
  }

  /**
   * One caller turn ({@code POST /v1/conversations/{id}/messages}).
   *
   * @param line index of the line in the script
   * @param startedAtMillis when the first try was sent, since the run began
   * @param latencyMillis until the reply (or the failure) of the last try, retries included
   * @param ttftMillis until the first {@code token} event; -1 when none came (no stream)
   * @param status HTTP status of the last try; 0 when no answer came (refused, timed out)
   * @param error what went wrong (status 202 included: the reply was not ready in time); null when
   *     the turn got its reply
   * @param serverTurn the turn number the workflow gave it; 0 without a reply
   * @param provider who wrote the reply: a model provider, or rules, dialogue, guardrails...
   * @param modelMillis the model's own time for the reply (0 when no model wrote it)
   * @param handoff the reply carries a handoff (the call is with, or waiting for, a person)
   * @param streamed the reply came as server-sent events
   * @param restarts {@code restart} events: the stream began again with another model
   */
  public record Turn(
      int caller,
      int conversation,
      String conversationId,
      String script,
      int line,
      String text,
      double startedAtMillis,
      double latencyMillis,
      double ttftMillis,
      int status,
      String error,
      int attempts,
      int serverTurn,
      String reply,
      String intent,
      String provider,
      long modelMillis,
      boolean handoff,
      boolean streamed,
      int restarts) {

    /** The caller got the bot's reply. */
    public boolean replied() {
      return error == null;
    }

    /** A model wrote the reply (not the rules, the booking dialogue, guardrails or a handoff). */
    public boolean modelAnswered() {
      return replied() && provider != null && !NON_MODEL_PROVIDERS.contains(provider);
    }

    /** Client latency minus the model's own time: what orchestration added. */
    public double overheadMillis() {
      return latencyMillis - modelMillis;
    }
  }

  /**
   * What a run did.
   *
   * @param elapsedMillis from the first request to the last answer
   * @param endFailures {@code POST .../end} requests that failed (not counted as errors)
   */
  public record Run(
      Options options,
      Instant startedAt,
      double elapsedMillis,
      List<Start> starts,
      List<Turn> turns,
      int endFailures) {

    /** Ids of the conversations that were started, in the order they were. */
    public List<String> conversationIds() {
      return starts.stream().filter(Start::ok).map(Start::conversationId).toList();
    }

    /** The turns of one conversation, in order. */
    public List<Turn> turnsOf(String conversationId) {
      return turns.stream().filter(t -> conversationId.equals(t.conversationId())).toList();
    }

    /** The numbers a benchmark prints. */
    public Summary summary() {
      List<Turn> replied = turns.stream().filter(Turn::replied).toList();
      List<Turn> byModel = replied.stream().filter(Turn::modelAnswered).toList();
      long failedStarts = starts.stream().filter(s -> !s.ok()).count();
      long failedTurns = turns.size() - replied.size();
      Map<String, Integer> providers = new TreeMap<>();
      replied.forEach(t -> providers.merge(String.valueOf(t.provider()), 1, Integer::sum));
      Map<String, Integer> errors = new TreeMap<>();
      starts.stream()
          .filter(s -> !s.ok())
          .forEach(s -> errors.merge("start " + errorKind(s.error()), 1, Integer::sum));
      turns.stream()
          .filter(t -> !t.replied())
          .forEach(t -> errors.merge(errorKind(t.error()), 1, Integer::sum));
      List<Turn> ttft = replied.stream().filter(t -> t.ttftMillis() >= 0).toList();
      return new Summary(
          options.callers(),
          starts.size(),
          turns.size(),
          replied.size(),
          failedStarts + failedTurns,
          Stats.rate(failedStarts + failedTurns, starts.size() + turns.size()),
          elapsedMillis <= 0 ? 0 : replied.size() / (elapsedMillis / 1000),
          percentiles(replied, Turn::latencyMillis),
          percentiles(byModel, Turn::overheadMillis),
          percentiles(byModel, t -> t.modelMillis()),
          percentiles(ttft, Turn::ttftMillis),
          Stats.percentiles(
              starts.stream().filter(Start::ok).mapToDouble(Start::latencyMillis).toArray()),
          byModel.size(),
          Stats.rate(byModel.size(), replied.size()),
          providers,
          errors,
          (int) replied.stream().filter(Turn::handoff).count(),
          (int) replied.stream().filter(Turn::streamed).count(),
          replied.stream().mapToInt(Turn::restarts).sum());
    }

    private static Percentiles percentiles(
        List<Turn> turns, java.util.function.ToDoubleFunction<Turn> value) {
      return Stats.percentiles(turns.stream().mapToDouble(value).toArray());
    }

    /** "HTTP 500: detail" → "HTTP 500"; other errors as they are. */
    private static String errorKind(String error) {
      int colon = error.indexOf(':');
      return colon > 0 ? error.substring(0, colon) : error;
    }
  }

  /**
   * The numbers of a run. Latencies are in milliseconds and over turns that got a reply; overhead
   * and model time over the turns a model answered.
   *
   * @param conversations conversations begun (starts tried)
   * @param turns turns tried
   * @param replied turns that got their reply
   * @param errors failed starts and turns
   * @param errorRate errors over starts and turns tried
   * @param turnsPerSecond replied turns per second of the run
   * @param overhead latency minus the model's own time, model-answered turns
   * @param model the model's own time, model-answered turns
   * @param ttft time to the first token, streamed turns
   * @param start conversation start latency
   * @param modelAnswered replied turns a model answered
   * @param modelShare replied turns a model answered, over replied turns
   * @param providers replied turns by provider
   * @param errorKinds failures by kind ("HTTP 500", "timeout", "start HTTP 401", ...)
   * @param handoffs replied turns that carried a handoff
   * @param streamed replied turns that came as server-sent events
   * @param restarts {@code restart} events over all streamed turns
   */
  public record Summary(
      int callers,
      int conversations,
      int turns,
      int replied,
      long errors,
      double errorRate,
      double turnsPerSecond,
      Percentiles latency,
      Percentiles overhead,
      Percentiles model,
      Percentiles ttft,
      Percentiles start,
      int modelAnswered,
      double modelShare,
      Map<String, Integer> providers,
      Map<String, Integer> errorKinds,
      int handoffs,
      int streamed,
      int restarts) {}

  private final Options options;
  private final HttpClient http;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger nextConversation = new AtomicInteger();
  private final ConcurrentLinkedQueue<Start> starts = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Turn> turns = new ConcurrentLinkedQueue<>();
  private final AtomicInteger endFailures = new AtomicInteger();
  private long t0;
  private long deadline;

  private LoadGenerator(Options options) {
    this.options = options;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Runs the callers and returns when the last one is done. */
  public static Run run(Options options) throws InterruptedException {
    return new LoadGenerator(options).runCallers();
  }

  private Run runCallers() throws InterruptedException {
    Instant startedAt = Instant.now();
    t0 = System.nanoTime();
    deadline = options.duration() == null ? Long.MAX_VALUE : t0 + options.duration().toNanos();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            options.callers(),
            task -> {
              Thread thread = new Thread(task, "bench-caller-" + threads.getAndIncrement());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<?>> callers = new ArrayList<>();
      for (int i = 0; i < options.callers(); i++) {
        int caller = i;
        callers.add(pool.submit(() -> caller(caller)));
      }
      for (Future<?> caller : callers) {
        try {
          caller.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a simulated caller failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    double elapsed = millisSince(t0);
    List<Start> startList = new ArrayList<>(starts);
    startList.sort(Comparator.comparingDouble(Start::startedAtMillis));
    List<Turn> turnList = new ArrayList<>(turns);
    turnList.sort(Comparator.comparingDouble(Turn::startedAtMillis));
    return new Run(options, startedAt, elapsed, startList, turnList, endFailures.get());
  }

  private boolean pastDeadline() {
    return System.nanoTime() - deadline >= 0;
  }

  private void caller(int caller) {
    String phone = options.phone(caller);
    while (!pastDeadline() && !Thread.currentThread().isInterrupted()) {
      int conversation = nextConversation.getAndIncrement();
      if (options.conversations() > 0 && conversation >= options.conversations()) {
        return;
      }
      Script script = options.scripts().get(conversation % options.scripts().size());
      Start start = start(caller, conversation, phone);
      starts.add(start);
      if (!start.ok()) {
        pause(START_FAILURE_PAUSE);
        continue;
      }
      for (int line = 0; line < script.lines().size() && !pastDeadline(); line++) {
        if (line > 0) {
          pause(options.thinkTime());
        }
        Turn turn = turn(caller, conversation, start.conversationId(), script, line);
        turns.add(turn);
        if (turn.status() == 404 || turn.status() == 409 || turn.status() == 401) {
          break; // the conversation is gone or closed, or the key is refused: no use going on
        }
      }
      end(start.conversationId());
    }
  }

  private Start start(int caller, int conversation, String phone) {
    String body =
        json(
            Map.of(
                "channel", options.channel(),
                "caller", Map.of("phone", phone)));
    double startedAt = millisSince(t0);
    long begin = System.nanoTime();
    Attempt attempt = withRetries(() -> post("/v1/conversations", body, null, false));
    double latency = millisSince(begin);
    String id = null;
    String error = attempt.error();
    if (error == null) {
      id = attempt.body().path("conversationId").asText(null);
      if (id == null) {
        error = "no conversationId in the answer";
      }
    }
    return new Start(
        caller,
        conversation,
        phone,
        id,
        startedAt,
        latency,
        attempt.status(),
        error,
        attempt.tries());
  }

  private Turn turn(int caller, int conversation, String id, Script script, int line) {
    String text = script.lines().get(line);
    String key = "bench-" + runId + "-" + conversation + "-" + line;
    String body = json(Map.of("text", text));
    double startedAt = millisSince(t0);
    long begin = System.nanoTime();
    Attempt attempt =
        withRetries(() -> post("/v1/conversations/" + id + "/messages", body, key, true));
    double latency = millisSince(begin);
    JsonNode reply = attempt.body();
    String error = attempt.error();
    if (error == null && !reply.hasNonNull("reply")) {
      error = "no reply in the answer";
    }
    boolean ok = error == null;
    return new Turn(
        caller,
        conversation,
        id,
        script.name(),
        line,
        text,
        startedAt,
        latency,
        attempt.ttftNanos() < 0 ? -1 : attempt.ttftNanos() / 1e6,
        attempt.status(),
        error,
        attempt.tries(),
        ok ? reply.path("turn").asInt() : 0,
        ok ? reply.path("reply").asText() : null,
        ok ? reply.path("intent").asText(null) : null,
        ok ? reply.path("provider").asText(null) : null,
        ok ? reply.path("modelMillis").asLong() : 0,
        ok && reply.hasNonNull("handoff"),
        attempt.streamed(),
        attempt.restarts());
  }

  private void end(String id) {
    try {
      Attempt attempt =
          post("/v1/conversations/" + id + "/end", "{\"reason\":\"bench\"}", null, false);
      if (attempt.status() / 100 != 2) {
        endFailures.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      endFailures.incrementAndGet();
    }
  }

  /**
   * One request's outcome.
   *
   * @param status 0 when no HTTP answer came
   * @param body the JSON answer (the {@code reply} event's data when streamed); missing node on
   *     failure
   * @param error null on a 2xx with its body; else what went wrong
   * @param retryAfterMillis the server's Retry-After, -1 without one
   * @param ttftNanos from sending to the first {@code token} event, -1 without one
   */
  private record Attempt(
      int status,
      JsonNode body,
      String error,
      long retryAfterMillis,
      long ttftNanos,
      boolean streamed,
      int restarts,
      int tries) {

    Attempt tried(int tries) {
      return new Attempt(
          status, body, error, retryAfterMillis, ttftNanos, streamed, restarts, tries);
    }

    /** No answer, 429 and 5xx are worth another try; 202 (reply pending) and 4xx are not. */
    boolean retryable() {
      return status == 0 || status == 429 || status >= 500;
    }
  }

  private interface Request {
    Attempt send() throws InterruptedException;
  }

  private Attempt withRetries(Request request) {
    Attempt attempt = null;
    try {
      for (int tries = 1; ; tries++) {
        attempt = request.send().tried(tries);
        if (attempt.error() == null || !attempt.retryable() || tries >= options.maxAttempts()) {
          return attempt;
        }
        long wait =
            attempt.retryAfterMillis() >= 0
                ? Math.min(attempt.retryAfterMillis(), MAX_RETRY_WAIT_MILLIS)
                : 200L * tries;
        Thread.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return attempt != null
          ? attempt
          : new Attempt(0, JSON.missingNode(), "interrupted", -1, -1, false, 0, 1);
    }
  }

  private Attempt post(String path, String body, String idempotencyKey, boolean streamable)
      throws InterruptedException {
    boolean stream = streamable && options.stream();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(options.baseUrl() + path))
            .timeout(options.requestTimeout())
            .header("Authorization", "Bearer " + options.apiKey())
            .header("Content-Type", "application/json")
            .header("Accept", stream ? "text/event-stream" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    long sent = System.nanoTime();
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      long retryAfter =
          response
              .headers()
              .firstValue("Retry-After")
              .map(LoadGenerator::retryAfterMillis)
              .orElse(-1L);
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      try (InputStream in = response.body()) {
        if (response.statusCode() == 200 && contentType.startsWith("text/event-stream")) {
          return readStream(in, sent, retryAfter);
        }
        byte[] bytes = in.readAllBytes();
        return answer(response.statusCode(), bytes, retryAfter);
      }
    } catch (HttpTimeoutException e) {
      return failure("timeout after " + options.requestTimeout().toSeconds() + " s");
    } catch (ConnectException e) {
      return failure("connection refused");
    } catch (IOException e) {
      return failure(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Attempt failure(String error) {
    return new Attempt(0, JSON.missingNode(), error, -1, -1, false, 0, 1);
  }

  private static Attempt answer(int status, byte[] bytes, long retryAfter) {
    JsonNode body;
    try {
      body = bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
    } catch (IOException e) {
      body = JSON.missingNode();
    }
    String error = null;
    if (status == 202) {
      error = "HTTP 202: no reply within the app's REPLY_TIMEOUT";
    } else if (status / 100 != 2) {
      String detail = body.path("detail").asText("");
      error = "HTTP " + status + (detail.isEmpty() ? "" : ": " + abbreviate(detail));
    } else if (body.isMissingNode()) {
      error = "HTTP " + status + ": the answer is not JSON";
    }
    return new Attempt(status, body, error, retryAfter, -1, false, 0, 1);
  }

  /**
   * Reads server-sent events until the {@code reply} event (or the end of the stream): {@code
   * token} events time the first token, {@code restart} events are counted, an {@code error} event
   * fails the turn.
   */
  private static Attempt readStream(InputStream in, long sent, long retryAfter) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    long firstToken = -1;
    int restarts = 0;
    String event = "message";
    StringBuilder data = new StringBuilder();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        switch (event) {
          case "token" -> {
            if (firstToken < 0) {
              firstToken = System.nanoTime() - sent;
            }
          }
          case "restart" -> restarts++;
          case "reply" -> {
            JsonNode reply = JSON.readTree(data.toString());
            // the event's data is the turn reply, or an object holding it as "reply"
            if (!reply.has("turn") && reply.path("reply").isObject()) {
              reply = reply.get("reply");
            }
            return new Attempt(200, reply, null, retryAfter, firstToken, true, restarts, 1);
          }
          case "error" -> {
            return new Attempt(
                200,
                JSON.missingNode(),
                "stream error: " + abbreviate(data.toString()),
                retryAfter,
                firstToken,
                true,
                restarts,
                1);
          }
          default -> {
            // comments, keep-alives and events this client does not know
          }
        }
        event = "message";
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        event = line.substring("event:".length()).strip();
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.substring("data:".length()).stripLeading());
      }
    }
    return new Attempt(
        200,
        JSON.missingNode(),
        "stream ended without a reply event",
        retryAfter,
        firstToken,
        true,
        restarts,
        1);
  }

  private static long retryAfterMillis(String value) {
    try {
      return (long) (Double.parseDouble(value.strip()) * 1000);
    } catch (NumberFormatException e) {
      return -1; // an HTTP date: not worth parsing for a bench
    }
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 160 ? flat : flat.substring(0, 157) + "...";
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static double millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e6;
  }

  private static void pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
