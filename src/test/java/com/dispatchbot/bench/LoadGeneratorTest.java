package com.dispatchbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.bench.LoadGenerator.Options;
import com.dispatchbot.bench.LoadGenerator.Run;
import com.dispatchbot.bench.LoadGenerator.Script;
import com.dispatchbot.bench.LoadGenerator.Start;
import com.dispatchbot.bench.LoadGenerator.Summary;
import com.dispatchbot.bench.LoadGenerator.Turn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a tiny fake of the conversation API: what it records per start and
 * turn (replies, errors, providers, model time, streamed tokens) and how it counts them. Nothing
 * here depends on how fast the machine is.
 */
class LoadGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Three lines: a model answers the first, the rules the second, the third fails. */
  private static final Script SCRIPT =
      new Script(
          "test", List.of("how much is a drain", "are you open saturdays", "do you take amex"));

  private HttpServer server;
  private FakeApp app;

  @BeforeEach
  void startFakeApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    app = new FakeApp();
    server.createContext("/v1/conversations", app::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  @AfterEach
  void stopFakeApp() {
    server.stop(0);
  }

  private Options.Builder options(int callers) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return Options.builder(url, "dbk_test", callers).duration(null).scripts(List.of(SCRIPT));
  }

  @Test
  void givenSixConversationsOverThreeCallers_everyTurnIsRecordedWithWhatTheReplySaid()
      throws Exception {
    Run run = LoadGenerator.run(options(3).conversations(6).build());

    assertThat(run.starts()).hasSize(6).allMatch(Start::ok);
    assertThat(run.conversationIds()).hasSize(6).doesNotHaveDuplicates();
    assertThat(run.turns()).hasSize(18);
    for (String id : run.conversationIds()) {
      List<Turn> turns = run.turnsOf(id);
      assertThat(turns).extracting(Turn::line).containsExactly(0, 1, 2);
      assertThat(turns).extracting(Turn::replied).containsExactly(true, true, false);
      assertThat(turns.get(0).provider()).isEqualTo("openai");
      assertThat(turns.get(0).modelMillis()).isEqualTo(40);
      assertThat(turns.get(0).modelAnswered()).isTrue();
      assertThat(turns.get(0).serverTurn()).isEqualTo(1);
      assertThat(turns.get(1).modelAnswered()).as("a rules answer").isFalse();
      assertThat(turns.get(2).status()).isEqualTo(500);
      assertThat(turns.get(2).error()).isEqualTo("HTTP 500: simulated failure");
    }
    assertThat(app.ended).containsExactlyInAnyOrderElementsOf(run.conversationIds());
    assertThat(app.authorizations).containsOnly("Bearer dbk_test");
    assertThat(app.idempotencyKeys).hasSize(18).doesNotHaveDuplicates();
    assertThat(run.endFailures()).isZero();
  }

  @Test
  void givenSomeFailures_theSummaryCountsThemOverStartsAndTurns() throws Exception {
    Summary s = LoadGenerator.run(options(2).conversations(4).build()).summary();

    assertThat(s.conversations()).isEqualTo(4);
    assertThat(s.turns()).isEqualTo(12);
    assertThat(s.replied()).isEqualTo(8);
    assertThat(s.errors()).isEqualTo(4);
    assertThat(s.errorRate()).as("4 failed of 4 starts + 12 turns").isEqualTo(0.25);
    assertThat(s.errorKinds()).isEqualTo(Map.of("HTTP 500", 4));
    assertThat(s.providers()).isEqualTo(Map.of("openai", 4, "rules", 4));
    assertThat(s.modelAnswered()).isEqualTo(4);
    assertThat(s.modelShare()).isEqualTo(0.5);
    assertThat(s.latency().count()).as("latency of replied turns only").isEqualTo(8);
    assertThat(s.overhead().count()).as("overhead of model-answered turns only").isEqualTo(4);
    assertThat(s.model().p50()).isEqualTo(40);
    assertThat(s.ttft().isEmpty()).isTrue();
  }

  @Test
  void eachCallerCallsFromItsOwnPhone() throws Exception {
    Run run = LoadGenerator.run(options(4).conversations(8).firstPhone(20).build());

    Map<Integer, Set<String>> phonesByCaller =
        run.starts().stream()
            .collect(
                Collectors.groupingBy(
                    Start::caller, Collectors.mapping(Start::phone, Collectors.toSet())));
    assertThat(phonesByCaller.values()).allMatch(phones -> phones.size() == 1);
    assertThat(phonesByCaller.values().stream().flatMap(Set::stream).distinct().count())
        .isEqualTo(phonesByCaller.size());
    assertThat(app.phones).allMatch(phone -> phone.matches("\\+1303555\\d{4}"));
    assertThat(run.starts().get(0).phone())
        .isEqualTo(run.options().phone(run.starts().get(0).caller()));
    assertThat(Options.builder(URI.create("http://x"), "k", 1).firstPhone(20).build().phone(3))
        .isEqualTo("+13035550023");
  }

  @Test
  void givenARetry_itCarriesTheSameIdempotencyKeyAndTheTurnGetsItsReply() throws Exception {
    app.failFirstTryOnly = true;
    Run run = LoadGenerator.run(options(1).conversations(1).maxAttempts(2).build());

    Turn amex = run.turns().get(2);
    assertThat(amex.replied()).isTrue();
    assertThat(amex.attempts()).isEqualTo(2);
    assertThat(app.idempotencyKeys).hasSize(4); // 3 turns, the third one twice
    assertThat(Set.copyOf(app.idempotencyKeys)).hasSize(3);
  }

  @Test
  void givenAStreamingApp_timeToFirstTokenAndRestartsAreRecorded() throws Exception {
    app.stream = true;
    Run run = LoadGenerator.run(options(1).conversations(1).stream(true).build());

    Turn first = run.turns().get(0);
    assertThat(first.streamed()).isTrue();
    assertThat(first.replied()).isTrue();
    assertThat(first.reply()).isEqualTo("streamed answer");
    assertThat(first.ttftMillis()).isBetween(0.0, first.latencyMillis());
    assertThat(first.restarts()).isEqualTo(1);
    assertThat(run.turns().get(1).streamed()).as("answered as JSON").isFalse();
    assertThat(run.summary().streamed()).isEqualTo(1);
    assertThat(run.summary().ttft().count()).isEqualTo(1);
    assertThat(run.summary().restarts()).isEqualTo(1);
  }

  @Test
  void givenAStreamRequestToAnAppThatAnswersJson_theTurnCountsAsNotStreamed() throws Exception {
    Run run = LoadGenerator.run(options(1).conversations(1).stream(true).build());

    assertThat(run.turns().get(0).replied()).isTrue();
    assertThat(run.turns().get(0).streamed()).isFalse();
    assertThat(run.turns().get(0).ttftMillis()).isEqualTo(-1);
    assertThat(app.accepts).contains("text/event-stream");
  }

  @Test
  void givenNoAppListening_startsFailAsConnectionRefusedAndNoTurnIsTried() throws Exception {
    server.stop(0);
    Run run = LoadGenerator.run(options(1).conversations(2).build());

    assertThat(run.starts()).hasSize(2).noneMatch(Start::ok);
    assertThat(run.turns()).isEmpty();
    assertThat(run.summary().errorRate()).isEqualTo(1.0);
    assertThat(run.summary().errorKinds()).isEqualTo(Map.of("start connection refused", 2));
  }

  /** The conversation API, as far as the load generator uses it. */
  static final class FakeApp {
    final AtomicInteger conversations = new AtomicInteger();
    final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> ended = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> idempotencyKeys = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> phones = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> accepts = new ConcurrentLinkedQueue<>();
    final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    volatile boolean failFirstTryOnly;
    volatile boolean stream;

    void handle(HttpExchange exchange) throws IOException {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      String path = exchange.getRequestURI().getPath();
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (path.equals("/v1/conversations")) {
        phones.add(body.path("caller").path("phone").asText());
        String id = "c-" + conversations.incrementAndGet();
        turns.put(id, new AtomicInteger());
        respond(exchange, 201, JSON.writeValueAsString(Map.of("conversationId", id)));
        return;
      }
      String id = path.split("/")[3];
      if (path.endsWith("/end")) {
        ended.add(id);
        exchange.sendResponseHeaders(202, -1);
        exchange.close();
        return;
      }
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      idempotencyKeys.add(key);
      accepts.add(exchange.getRequestHeaders().getFirst("Accept"));
      String text = body.path("text").asText();
      if (text.contains("amex") && (!failFirstTryOnly || failedOnce.add(key))) {
        respond(exchange, 500, "{\"title\":\"Internal error\",\"detail\":\"simulated failure\"}");
        return;
      }
      boolean rules = text.contains("saturdays");
      String reply =
          JSON.writeValueAsString(
              Map.of(
                  "turn", turns.get(id).incrementAndGet(),
                  "reply", stream ? "streamed answer" : "an answer",
                  "intent", "pricing",
                  "provider", rules ? "rules" : "openai",
                  "modelMillis", rules ? 0 : 40));
      if (stream && !rules) {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          write(out, "token", "{\"text\":\"streamed\"}");
          write(out, "restart", "{}");
          write(out, "token", "{\"text\":\"streamed answer\"}");
          write(out, "reply", reply);
        }
        return;
      }
      respond(exchange, 200, reply);
    }

    private static void write(OutputStream out, String event, String data) throws IOException {
      out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
