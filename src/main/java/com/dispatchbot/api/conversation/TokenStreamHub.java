package com.dispatchbot.api.conversation;

import com.dispatchbot.api.PgChannelListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This API node's end of the token channel. Workers publish each chunk of a streamed reply into
 * {@code stream_chunks} and on NOTIFY {@code dispatch_stream} (TokenStreams); this node LISTENs and
 * hands each chunk to the clients streaming that turn here, whichever worker produced it. Clients
 * that reconnect read what they missed from the table. Chunks older than {@link #KEEP} are deleted.
 */
@Component
class TokenStreamHub implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(TokenStreamHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CHANNEL = "dispatch_stream";
  static final Duration KEEP = Duration.ofHours(1);

  /** One published piece of a reply. */
  record Chunk(int generation, int seq, String text) {}

  private final JdbcClient jdbc;
  private final PgChannelListener listener;
  private final Map<String, Set<Consumer<Chunk>>> subscribers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService purge =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stream-purge");
            t.setDaemon(true);
            return t;
          });

  TokenStreamHub(DataSource dataSource, JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.listener = new PgChannelListener(dataSource, CHANNEL, this::dispatch, () -> {});
  }

  /** Chunks of the stream as they are announced, until the returned action unsubscribes. */
  Runnable subscribe(String streamId, Consumer<Chunk> consumer) {
    Set<Consumer<Chunk>> mine =
        subscribers.computeIfAbsent(streamId, s -> ConcurrentHashMap.newKeySet());
    mine.add(consumer);
    return () -> {
      mine.remove(consumer);
      subscribers.computeIfPresent(streamId, (s, set) -> set.isEmpty() ? null : set);
    };
  }

  /** Everything stored for the stream, in order (a reconnecting client's backlog). */
  List<Chunk> stored(String tenantId, String streamId) {
    return jdbc.sql(
            """
            select generation, seq, text from stream_chunks
            where tenant_id = ? and stream_id = ? order by generation, seq
            """)
        .params(tenantId, streamId)
        .query((rs, n) -> new Chunk(rs.getInt(1), rs.getInt(2), rs.getString(3)))
        .list();
  }

  void dispatch(String payload) {
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (IOException e) {
      log.warn("unreadable {} payload ignored", CHANNEL);
      return;
    }
    Set<Consumer<Chunk>> targets = subscribers.get(event.path("s").asText(""));
    if (targets == null) {
      return;
    }
    Chunk chunk =
        new Chunk(event.path("g").asInt(), event.path("q").asInt(), event.path("t").asText(""));
    for (Consumer<Chunk> consumer : targets) {
      consumer.accept(chunk);
    }
  }

  int purgeOld() {
    return jdbc.sql("delete from stream_chunks where created_at < now() - ?::interval")
        .param(KEEP.toSeconds() + " seconds")
        .update();
  }

  @Override
  public void start() {
    listener.start();
    purge.scheduleAtFixedRate(
        () -> {
          try {
            purgeOld();
          } catch (RuntimeException e) {
            log.warn("could not delete old stream chunks: {}", e.toString());
          }
        },
        1,
        10,
        TimeUnit.MINUTES);
  }

  @Override
  public void stop() {
    listener.stop();
    purge.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return listener.isRunning();
  }
}
