package com.dispatchbot.api.handoff;

import com.dispatchbot.api.PgChannelListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes handoff changes and new messages to consoles. The database announces every write on the
 * {@code dispatch_events} channel (a trigger, V006); this node LISTENs on one connection and
 * forwards each event to the console streams of that tenant only. Any number of API nodes can run:
 * each hears every write, whichever worker made it.
 */
@Component
class HandoffEvents implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HandoffEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CHANNEL = "dispatch_events";
  static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
  static final Duration HEARTBEAT = Duration.ofSeconds(20);

  private final Map<String, Set<SseEmitter>> streams = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "console-heartbeat"));
  private final PgChannelListener listener;

  HandoffEvents(DataSource dataSource) {
    this.listener = new PgChannelListener(dataSource, CHANNEL, this::dispatch, () -> {});
  }

  /** A new console stream for the tenant; closed by the client, a timeout or an error. */
  SseEmitter subscribe(String tenantId) {
    SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
    Set<SseEmitter> mine = streams.computeIfAbsent(tenantId, t -> ConcurrentHashMap.newKeySet());
    mine.add(emitter);
    Runnable remove = () -> mine.remove(emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    try {
      emitter.send(SseEmitter.event().name("ready").data("{}", MediaType.APPLICATION_JSON));
    } catch (IOException e) {
      remove.run();
    }
    return emitter;
  }

  /** Forwards one notification payload to its tenant's streams. */
  void dispatch(String payload) {
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (IOException e) {
      log.warn("unreadable {} payload ignored", CHANNEL);
      return;
    }
    String tenant = event.path("tenant").asText(null);
    String kind = event.path("kind").asText("message");
    Set<SseEmitter> targets = tenant == null ? null : streams.get(tenant);
    if (targets == null || targets.isEmpty()) {
      return;
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove("tenant");
    String data = event.toString();
    for (SseEmitter emitter : targets) {
      try {
        emitter.send(SseEmitter.event().name(kind).data(data, MediaType.APPLICATION_JSON));
      } catch (IOException | IllegalStateException gone) {
        targets.remove(emitter);
      }
    }
  }

  int subscribers(String tenantId) {
    Set<SseEmitter> mine = streams.get(tenantId);
    return mine == null ? 0 : mine.size();
  }

  private void heartbeat() {
    for (Set<SseEmitter> emitters : streams.values()) {
      for (SseEmitter emitter : emitters) {
        try {
          emitter.send(SseEmitter.event().comment("keep-alive"));
        } catch (IOException | IllegalStateException gone) {
          emitters.remove(emitter);
        }
      }
    }
  }

  @Override
  public void start() {
    listener.start();
    heartbeats.scheduleAtFixedRate(
        this::heartbeat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    listener.stop();
    heartbeats.shutdownNow();
    streams.values().forEach(s -> s.forEach(SseEmitter::complete));
    streams.clear();
  }

  @Override
  public boolean isRunning() {
    return listener.isRunning();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
