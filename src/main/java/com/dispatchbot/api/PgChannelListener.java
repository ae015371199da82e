package com.dispatchbot.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one PostgreSQL channel on its own connection and hands every payload to a consumer, on
 * a daemon thread. A lost database is retried with backoff (1/2 s up to 15 s); notifications sent
 * while it was gone are lost, so users read what they missed from their table after {@code
 * onConnected}.
 */
public final class PgChannelListener {
  private static final Logger log = LoggerFactory.getLogger(PgChannelListener.class);

  private final DataSource dataSource;
  private final String channel;
  private final Consumer<String> payloads;
  private final Runnable onConnected;
  private volatile boolean running;
  private volatile Thread thread;

  /**
   * @param onConnected runs each time the LISTEN is (re-)established
   */
  public PgChannelListener(
      DataSource dataSource, String channel, Consumer<String> payloads, Runnable onConnected) {
    if (!channel.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a channel name: " + channel);
    }
    this.dataSource = dataSource;
    this.channel = channel;
    this.payloads = payloads;
    this.onConnected = onConnected;
  }

  public void start() {
    running = true;
    Thread t = new Thread(this::listen, "listen-" + channel);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return running;
  }

  private void listen() {
    long backoff = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("listen " + channel);
        PGConnection pg = connection.unwrap(PGConnection.class);
        log.info("listening on {}", channel);
        backoff = 500;
        onConnected.run();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1_000);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              deliver(n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        log.warn("{}: lost the database ({}); retrying", channel, e.getSQLState());
        sleep(backoff);
        backoff = Math.min(backoff * 2, 15_000);
      }
    }
  }

  private void deliver(String payload) {
    try {
      payloads.accept(payload);
    } catch (RuntimeException e) {
      log.warn("{}: a payload could not be handled: {}", channel, e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
