package com.dispatchbot.activities.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Publishes a streamed reply's tokens: each chunk is stored in {@code stream_chunks} (so a client
 * that reconnects can resume from its Last-Event-ID on any API node) and announced on the {@code
 * dispatch_stream} channel (NOTIFY) in the same statement, so every API node's listener hears it.
 * Publishing a chunk twice (a retried flush) stores and announces it once.
 */
@Component
public class TokenStreams {
  public static final String CHANNEL = "dispatch_stream";

  /** NOTIFY payloads are limited to 8000 bytes; chunks stay well below with room for the JSON. */
  static final int MAX_CHUNK_CHARS = 1_500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;

  public TokenStreams(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @param generation one model attempt of the turn; a higher one replaces what came before
   * @param seq the chunk's place in its generation, from 0
   */
  public void publish(
      String tenantId, String workflowId, String streamId, int generation, int seq, String text) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("s", streamId).put("g", generation).put("q", seq).put("t", text);
    jdbc.sql(
            """
            with ins as (
              insert into stream_chunks (stream_id, generation, seq, tenant_id, workflow_id, text)
              values (?, ?, ?, ?, ?, ?)
              on conflict do nothing
              returning 1)
            select pg_notify(?, ?) from ins
            """)
        .params(streamId, generation, seq, tenantId, workflowId, text, CHANNEL, payload.toString())
        .query()
        .listOfRows();
  }
}
