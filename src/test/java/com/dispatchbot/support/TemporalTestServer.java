package com.dispatchbot.support;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Temporal server for integration tests: the real dev server that temporal-dev/test starts
 * (TEMPORAL_ADDRESS, namespace TEMPORAL_NAMESPACE), or, where no Temporal CLI could be had, the
 * SDK's in-process server on a free port (no Schedules, no custom search attributes).
 */
public final class TemporalTestServer {
  private static String target;
  private static String namespace;

  private TemporalTestServer() {}

  public static synchronized void register(DynamicPropertyRegistry registry) {
    if (target == null) {
      String address = System.getenv("TEMPORAL_ADDRESS");
      if (address != null && !address.isBlank()) {
        target = address;
        namespace = env("TEMPORAL_NAMESPACE", "dispatch-test");
      } else {
        int port = freePort();
        TestServer.createPortBoundServer(port);
        target = "127.0.0.1:" + port;
        namespace = "default";
      }
    }
    registry.add("spring.temporal.connection.target", () -> target);
    registry.add("spring.temporal.namespace", () -> namespace);
    // Test apps do not register the maintenance schedules (ScheduleApiIT turns it on): a backup
    // every 15 minutes would fire in the shared test namespace long after a test ended.
    registry.add("dispatch.schedules.register", () -> "false");
  }

  /** True when the tests run against the real dev server (with history and visibility APIs). */
  public static boolean isDevServer() {
    String address = System.getenv("TEMPORAL_ADDRESS");
    return address != null && !address.isBlank();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
