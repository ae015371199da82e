package com.dispatchbot.activities.geo;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Test resources under {@code geo/} and a clock tests can move. */
final class GeoFixtures {
  static final String GOOGLE_KEY = "AIzaSyTest-0123456789abcdefghijklmnopq";

  private GeoFixtures() {}

  static String read(String name) {
    try (InputStream in = GeoFixtures.class.getResourceAsStream("/geo/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource geo/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Time for Nominatim's request spacing that only moves when someone waits: waiting a second takes
   * no real time, and every wait is recorded.
   */
  static final class FakeTime implements TimeMeter, BlockingStrategy {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    @Override
    public void park(long nanosToPark) {
      waits.add(Duration.ofNanos(nanosToPark));
      nanos.addAndGet(nanosToPark);
    }

    void advance(Duration by) {
      nanos.addAndGet(by.toNanos());
    }

    Duration now() {
      return Duration.ofNanos(nanos.get());
    }

    NominatimGeocoder.RequestSpacing spacing() {
      return new NominatimGeocoder.RequestSpacing(this, this);
    }
  }
}
