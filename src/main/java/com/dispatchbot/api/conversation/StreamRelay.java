package com.dispatchbot.api.conversation;

import com.dispatchbot.api.conversation.TokenStreamHub.Chunk;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one client's view of a streamed turn in order. Chunks come from the live channel and from
 * the table (on connect and at the end) and may repeat or overlap: each generation's chunks are
 * passed on once, in sequence; a chunk of a newer generation (the model was asked again) first
 * tells the client to restart, and chunks of older generations are dropped. A client that resumes
 * with Last-Event-ID "g.s" gets what follows it.
 */
final class StreamRelay {
  private final StreamSink sink;
  private int generation;
  private int next;
  private boolean shownAny;
  private final Map<Integer, Chunk> early = new TreeMap<>();

  /**
   * @param lastEventId the client's Last-Event-ID ("generation.seq"), or null for the start
   */
  StreamRelay(StreamSink sink, String lastEventId) {
    this.sink = sink;
    this.generation = -1;
    int[] last = parse(lastEventId);
    if (last != null) {
      generation = last[0];
      next = last[1] + 1;
      shownAny = true;
    }
  }

  synchronized void accept(Chunk chunk) {
    if (chunk.generation() < generation) {
      return;
    }
    if (chunk.generation() > generation) {
      if (shownAny) {
        sink.restart(chunk.generation());
      }
      generation = chunk.generation();
      next = 0;
      early.clear();
    }
    if (chunk.seq() < next) {
      return;
    }
    early.put(chunk.seq(), chunk);
    Chunk due;
    while ((due = early.remove(next)) != null) {
      sink.token(generation + "." + due.seq(), generation, due.seq(), due.text());
      shownAny = true;
      next++;
    }
  }

  static int[] parse(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    String[] parts = lastEventId.strip().split("\\.");
    if (parts.length != 2) {
      return null;
    }
    try {
      int g = Integer.parseInt(parts[0]);
      int s = Integer.parseInt(parts[1]);
      return g < 0 || s < 0 ? null : new int[] {g, s};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
