package com.dispatchbot.activities.backup;

import com.dispatchbot.activities.guardrails.PiiRedactor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Closed conversations as training data: one JSON object per line with the tenant, channel, outcome
 * and the messages (role, text, intent, confidence), every text redacted as a model sees it (no
 * e-mail, phone, street address, card or SSN). The caller's name and number are left out.
 */
public final class TrainingDataExport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final PiiRedactor redactor = new PiiRedactor();

  public TrainingDataExport(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes the conversations closed in [since, until) to {@code file}; returns how many.
   *
   * @param tenantId one tenant, or null for every tenant
   */
  public int export(Path file, Instant since, Instant until, String tenantId, IntConsumer progress)
      throws IOException {
    List<Map<String, Object>> conversations =
        jdbc.sql(
                """
                select workflow_id, tenant_id, channel, outcome, turn_count, ended_at
                  from conversations
                 where status in ('closed', 'archived') and ended_at >= ? and ended_at < ?
                   and (cast(? as text) is null or tenant_id = ?)
                 order by ended_at, workflow_id
                """)
            .params(Timestamp.from(since), Timestamp.from(until), tenantId, tenantId)
            .query()
            .listOfRows();
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path partial = parent.resolve(file.getFileName() + ".partial");
    int written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      for (Map<String, Object> conversation : conversations) {
        ObjectNode line = JSON.createObjectNode();
        String workflowId = (String) conversation.get("workflow_id");
        String tenant = (String) conversation.get("tenant_id");
        line.put("conversation", workflowId);
        line.put("tenant", tenant);
        line.put("channel", (String) conversation.get("channel"));
        line.put("outcome", (String) conversation.get("outcome"));
        line.put("endedAt", ((Timestamp) conversation.get("ended_at")).toInstant().toString());
        ArrayNode messages = line.putArray("messages");
        for (Map<String, Object> message : messages(tenant, workflowId)) {
          ObjectNode m = messages.addObject();
          m.put("role", (String) message.get("role"));
          m.put("text", redactor.forModel((String) message.get("text")));
          if (message.get("intent") != null) {
            m.put("intent", (String) message.get("intent"));
          }
          if (message.get("confidence") != null) {
            m.put("confidence", ((Number) message.get("confidence")).doubleValue());
          }
        }
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
        written++;
        if (progress != null) {
          progress.accept(written);
        }
      }
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return written;
  }

  /** Live messages, or the archived transcript once the hot rows are gone. */
  private List<Map<String, Object>> messages(String tenantId, String workflowId)
      throws IOException {
    List<Map<String, Object>> live =
        jdbc.sql(
                """
                select role, text, intent, confidence from conversation_messages
                 where tenant_id = ? and workflow_id = ? order by turn, seq, id
                """)
            .params(tenantId, workflowId)
            .query()
            .listOfRows();
    if (!live.isEmpty()) {
      return live;
    }
    String archived =
        jdbc.sql(
                "select transcript::text from conversation_archives where tenant_id = ? and workflow_id = ?")
            .params(tenantId, workflowId)
            .query(String.class)
            .optional()
            .orElse("[]");
    List<Map<String, Object>> rows = new java.util.ArrayList<>();
    for (var node : JSON.readTree(archived)) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("role", node.path("role").asText());
      row.put("text", node.path("text").asText());
      row.put("intent", node.hasNonNull("intent") ? node.path("intent").asText() : null);
      row.put(
          "confidence", node.hasNonNull("confidence") ? node.path("confidence").asDouble() : null);
      rows.add(row);
    }
    return rows;
  }
}
