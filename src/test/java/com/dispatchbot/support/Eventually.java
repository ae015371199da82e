package com.dispatchbot.support;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Waits, bounded, for something the app does asynchronously (signals, timers, pushes). */
public final class Eventually {
  private Eventually() {}

  /** Re-reads {@code value} every 200 ms until {@code assertion} holds, or rethrows at the end. */
  public static <T> void eventually(Duration within, Supplier<T> value, Consumer<T> assertion) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      T current = value.get();
      try {
        assertion.accept(current);
        return;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw notYet;
        }
      }
    }
  }
}
