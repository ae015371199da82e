package com.dispatchbot.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.bench.SimulatedModel;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.support.AppIntegrationTest;
import com.dispatchbot.support.Http;
import com.dispatchbot.support.TemporalTestServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Streaming a turn over SSE against the whole app, a real Temporal server and Postgres, with the
 * simulated model streaming OpenAI's wire format: tokens arrive before the reply and add up to it,
 * a model that stalls mid-stream is asked again and the client is told to restart (never shown two
 * attempts mixed), and a client that reconnects with Last-Event-ID gets only what it missed.
 */
@AppIntegrationTest
class StreamingApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final SimulatedModel model;

  static {
    try {
      model =
          SimulatedModel.start(
              new SimulatedModel.Settings(
                  Duration.ofMillis(50), 100, 12, 0, Duration.ofSeconds(5), 7),
              0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TemporalTestServer.register(registry);
    registry.add("dispatch.llm.ai-mode", () -> "auto");
    registry.add("dispatch.llm.provider", () -> "local");
    registry.add("dispatch.llm.api-key", () -> "sk-test-streaming");
    registry.add("dispatch.llm.base-url", model::baseUrl);
    registry.add("dispatch.llm.model", () -> "gpt-4o-mini");
    registry.add("dispatch.llm.enable-fallback", () -> "false");
    registry.add("dispatch.llm.timeout", () -> "2");
    registry.add("dispatch.llm.retry-delay", () -> "200ms");
  }

  @AfterAll
  static void stopModel() {
    model.close();
  }

  @LocalServerPort int port;
  @Autowired Accounts accounts;
  @Autowired JdbcClient jdbc;
  String key;
  Http http;

  @BeforeEach
  void key() {
    key = accounts.createApiKey("demo", "streaming-it", Role.CALLER_API).key();
    http = new Http(port).withKey(key);
  }

  record Event(String id, String name, JsonNode data) {}

  @Test
  void givenAStreamingClient_whenTheModelAnswers_tokensArriveInOrderAndAddUpToTheReply()
      throws Exception {
    String id = startConversation();

    List<Event> events =
        stream(
            "POST",
            "/v1/conversations/" + id + "/messages",
            "Do you service tankless water heaters?",
            null);

    assertThat(events.get(0).name()).isEqualTo("accepted");
    List<Event> tokens = named(events, "token");
    Event reply = events.get(events.size() - 1);
    assertThat(reply.name()).isEqualTo("reply");
    assertThat(reply.data().path("provider").asText()).isEqualTo("local");
    assertThat(tokens)
        .as("the reply came as several chunks before the reply")
        .hasSizeGreaterThan(1);
    assertThat(tokens)
        .extracting(Event::id)
        .as("one generation, numbered without gaps")
        .containsExactlyElementsOf(
            ids(tokens.get(0).data().path("generation").asInt(), tokens.size()));
    assertThat(reply.data().path("reply").asText()).startsWith(text(tokens));
    assertThat(named(events, "restart")).isEmpty();
  }

  @Test
  void
      givenTheModelStallsMidStream_whenItIsAskedAgain_theClientIsToldToRestartAndNeverSeesTwoAttemptsMixed()
          throws Exception {
    String id = startConversation();
    model.stallNextStreams(1, 3);

    List<Event> events =
        stream(
            "POST",
            "/v1/conversations/" + id + "/messages",
            "What brands of water heater do you install?",
            null);

    List<String> names = events.stream().map(Event::name).toList();
    int restart = names.indexOf("restart");
    assertThat(restart).as("a restart event: %s", names).isPositive();
    List<Event> before = named(events.subList(0, restart), "token");
    List<Event> after = named(events.subList(restart, events.size()), "token");
    assertThat(text(before)).as("the stalled attempt showed its first words").isNotBlank();
    int generation = events.get(restart).data().path("generation").asInt();
    assertThat(after)
        .allSatisfy(t -> assertThat(t.data().path("generation").asInt()).isEqualTo(generation));
    assertThat(after)
        .extracting(Event::id)
        .containsExactlyElementsOf(ids(generation, after.size()));
    Event reply = events.get(events.size() - 1);
    assertThat(reply.name()).isEqualTo("reply");
    assertThat(reply.data().path("reply").asText()).startsWith(text(after));
    assertThat(reply.data().path("reply").asText()).isNotEqualTo(text(before) + text(after));
  }

  @Test
  void givenAClientThatLostTheStream_whenItReconnectsWithLastEventId_itGetsOnlyWhatItMissed()
      throws Exception {
    String id = startConversation();
    String messageId = "msg-" + UUID.randomUUID();
    List<Event> first =
        stream(
            "POST",
            "/v1/conversations/" + id + "/messages",
            "Do you repair garbage disposals?",
            messageId);
    List<Event> tokens = named(first, "token");
    assertThat(tokens).hasSizeGreaterThan(2);

    List<Event> resumed =
        stream(
            "GET",
            "/v1/conversations/" + id + "/messages/" + messageId + "/stream",
            null,
            null,
            "Last-Event-ID",
            tokens.get(1).id());

    assertThat(named(resumed, "token"))
        .extracting(Event::id)
        .containsExactlyElementsOf(
            tokens.subList(2, tokens.size()).stream().map(Event::id).toList());
    assertThat(resumed.get(resumed.size() - 1).data().path("reply").asText())
        .isEqualTo(first.get(first.size() - 1).data().path("reply").asText());
    assertThat(
            jdbc.sql(
                    "select count(*) from conversation_messages where workflow_id = ? and role = 'caller'")
                .param("conv-demo-" + id)
                .query(Integer.class)
                .single())
        .as("resuming does not send the message again")
        .isEqualTo(1);

    assertThat(
            http.get(
                    "/v1/conversations/" + id + "/messages/" + messageId + "/stream",
                    "Accept",
                    "text/event-stream",
                    "Last-Event-ID",
                    "not-an-id")
                .status())
        .isEqualTo(400);
    List<Event> unknown =
        stream("GET", "/v1/conversations/" + id + "/messages/no-such-message/stream", null, null);
    assertThat(unknown.get(unknown.size() - 1).name()).isEqualTo("error");
    assertThat(unknown.get(unknown.size() - 1).data().path("status").asInt()).isEqualTo(404);
  }

  @Test
  void givenAnotherTenantsKey_whenItAsksForTheStream_itIsNotFound() throws Exception {
    String id = startConversation();
    String messageId = "msg-" + UUID.randomUUID();
    stream("POST", "/v1/conversations/" + id + "/messages", "Do you fix sump pumps?", messageId);
    String otherTenant = "stream-other";
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, 'Other Plumbing',"
                + " 'America/Denver', '{}') on conflict do nothing")
        .param(otherTenant)
        .update();
    String otherKey = accounts.createApiKey(otherTenant, "streaming-it", Role.CALLER_API).key();

    HttpResponse<String> other =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/v1/conversations/"
                                + id
                                + "/messages/"
                                + messageId
                                + "/stream"))
                    .header("Authorization", "Bearer " + otherKey)
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).doesNotContain("garbage").doesNotContain("sump");
  }

  @Test
  void givenAWebSocketClient_whenItSendsAMessage_itGetsTheSameEventsAsFrames() throws Exception {
    String id = startConversation();

    List<JsonNode> frames =
        socket(id, key, "{\"text\":\"Do you service tankless water heaters?\"}");

    assertThat(frames.get(0).path("type").asText()).isEqualTo("accepted");
    List<JsonNode> tokens =
        frames.stream().filter(f -> f.path("type").asText().equals("token")).toList();
    JsonNode reply = frames.get(frames.size() - 1);
    assertThat(reply.path("type").asText()).isEqualTo("reply");
    assertThat(tokens).hasSizeGreaterThan(1);
    assertThat(reply.path("reply").path("reply").asText())
        .startsWith(
            tokens.stream().map(t -> t.path("text").asText()).collect(Collectors.joining()));
  }

  @Test
  void givenAWebSocketOnAnotherTenantsConversation_whenItSendsAMessage_itIsRefusedAsNotFound()
      throws Exception {
    String id = startConversation();
    String otherTenant = "stream-other";
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, 'Other Plumbing',"
                + " 'America/Denver', '{}') on conflict do nothing")
        .param(otherTenant)
        .update();
    String otherKey = accounts.createApiKey(otherTenant, "streaming-it", Role.CALLER_API).key();

    List<JsonNode> frames = socket(id, otherKey, "{\"text\":\"hello\"}");

    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).path("type").asText()).isEqualTo("error");
    assertThat(frames.get(0).path("status").asInt()).isEqualTo(404);
    assertThat(
            jdbc.sql("select count(*) from conversation_messages where workflow_id = ?")
                .param("conv-demo-" + id)
                .query(Integer.class)
                .single())
        .isZero();
  }

  /** Sends one frame and collects frames until a reply or an error. */
  private List<JsonNode> socket(String conversationId, String apiKey, String frame)
      throws Exception {
    List<JsonNode> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<Void> done =
        new java.util.concurrent.CompletableFuture<>();
    java.net.http.WebSocket.Listener listener =
        new java.net.http.WebSocket.Listener() {
          final StringBuilder partial = new StringBuilder();

          @Override
          public java.util.concurrent.CompletionStage<?> onText(
              java.net.http.WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              try {
                JsonNode node = JSON.readTree(partial.toString());
                frames.add(node);
                String type = node.path("type").asText();
                if (type.equals("reply") || type.equals("error")) {
                  done.complete(null);
                }
              } catch (IOException e) {
                done.completeExceptionally(e);
              }
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }
        };
    java.net.http.WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + apiKey)
            .buildAsync(
                URI.create(
                    "ws://127.0.0.1:" + port + "/v1/conversations/" + conversationId + "/ws"),
                listener)
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
    ws.sendText(frame, true).get(10, java.util.concurrent.TimeUnit.SECONDS);
    done.get(60, java.util.concurrent.TimeUnit.SECONDS);
    ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
    return frames;
  }

  private String startConversation() {
    String id = "stream-" + UUID.randomUUID();
    assertThat(
            http.post(
                    "/v1/conversations", Http.json(Map.of("conversationId", id, "channel", "web")))
                .status())
        .isEqualTo(201);
    return id;
  }

  private List<Event> stream(
      String method, String path, String text, String messageId, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "text/event-stream");
    if (messageId != null) {
      request.header("Idempotency-Key", messageId);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if ("POST".equals(method)) {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Http.json(Map.of("text", text))));
    } else {
      request.GET();
    }
    HttpResponse<java.util.stream.Stream<String>> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    List<Event> events = new ArrayList<>();
    String eventId = null;
    String name = null;
    StringBuilder data = new StringBuilder();
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (line.isEmpty()) {
        if (name != null) {
          events.add(new Event(eventId, name, JSON.readTree(data.toString())));
        }
        eventId = null;
        name = null;
        data.setLength(0);
      } else if (line.startsWith("id:")) {
        eventId = line.substring(3).strip();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    }
    return events;
  }

  private static List<Event> named(List<Event> events, String name) {
    return events.stream().filter(e -> e.name().equals(name)).toList();
  }

  private static String text(List<Event> tokens) {
    return tokens.stream().map(t -> t.data().path("text").asText()).collect(Collectors.joining());
  }

  private static List<String> ids(int generation, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(generation + "." + i);
    }
    return ids;
  }
}
