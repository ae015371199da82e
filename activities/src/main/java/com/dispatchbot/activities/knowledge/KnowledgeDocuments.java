package com.dispatchbot.activities.knowledge;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code knowledge_documents} and {@code knowledge_golden_questions} tables; every query names
 * the tenant.
 */
public class KnowledgeDocuments {
  private static final String COLUMNS =
      "tenant_id, id, title, source, tags, content_type, body, checksum, updated_at";

  private final JdbcClient jdbc;

  public KnowledgeDocuments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts or replaces the document; {@code updated_at} moves only when the checksum changes. */
  public void upsert(KnowledgeDocument d) {
    jdbc.sql(
            """
            insert into knowledge_documents
              (tenant_id, id, title, source, tags, content_type, body, checksum, updated_at)
            values (:tenant, :id, :title, :source, string_to_array(:tags, chr(31)), :type, :body,
                    :checksum, :updatedAt)
            on conflict (tenant_id, id) do update set
              title = excluded.title, source = excluded.source, tags = excluded.tags,
              content_type = excluded.content_type, body = excluded.body,
              checksum = excluded.checksum, updated_at = excluded.updated_at
            where knowledge_documents.checksum <> excluded.checksum
            """)
        .param("tenant", d.tenantId())
        .param("id", d.id())
        .param("title", d.title())
        .param("source", d.source())
        .param("tags", String.join("\u001f", d.tags()))
        .param("type", d.contentType())
        .param("body", d.body())
        .param("checksum", d.checksum())
        .param("updatedAt", Timestamp.from(d.updatedAt()))
        .update();
  }

  public Optional<KnowledgeDocument> find(String tenantId, String id) {
    return jdbc.sql(
            "select " + COLUMNS + " from knowledge_documents where tenant_id = ? and id = ?")
        .params(tenantId, id)
        .query(KnowledgeDocuments::row)
        .optional();
  }

  /** True when a row was deleted. */
  public boolean delete(String tenantId, String id) {
    return jdbc.sql("delete from knowledge_documents where tenant_id = ? and id = ?")
            .params(tenantId, id)
            .update()
        > 0;
  }

  /** id → checksum of every document of the tenant. */
  public Map<String, String> checksums(String tenantId) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.sql("select id, checksum from knowledge_documents where tenant_id = ? order by id")
        .param(tenantId)
        .query(
            (ResultSet rs) -> {
              out.put(rs.getString(1), rs.getString(2));
            });
    return out;
  }

  /** The tenant's documents with ids after {@code afterId} (null: from the start), in id order. */
  public List<KnowledgeDocument> page(String tenantId, String afterId, int limit) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from knowledge_documents where tenant_id = :tenant and id > :after"
                + " order by id limit :limit")
        .param("tenant", tenantId)
        .param("after", afterId == null ? "" : afterId)
        .param("limit", limit)
        .query(KnowledgeDocuments::row)
        .list();
  }

  public List<KnowledgeDocument> findAll(String tenantId, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from knowledge_documents where tenant_id = :tenant and id in (:ids) order by id")
        .param("tenant", tenantId)
        .param("ids", ids)
        .query(KnowledgeDocuments::row)
        .list();
  }

  /** Tenants that have documents or golden questions, in id order. */
  public List<String> tenants() {
    return jdbc.sql(
            "select tenant_id from knowledge_documents union"
                + " select tenant_id from knowledge_golden_questions order by 1")
        .query(String.class)
        .list();
  }

  public long count(String tenantId) {
    return jdbc.sql("select count(*) from knowledge_documents where tenant_id = ?")
        .param(tenantId)
        .query(Long.class)
        .single();
  }

  /** A question the tenant's knowledge base must answer, and the document that answers it. */
  public record GoldenQuestion(String question, String documentId, String answer) {}

  public List<GoldenQuestion> goldenQuestions(String tenantId) {
    return jdbc.sql(
            "select question, document_id, answer from knowledge_golden_questions"
                + " where tenant_id = ? order by question")
        .param(tenantId)
        .query((rs, n) -> new GoldenQuestion(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  /** Adds golden questions (a question already there gets the new document and answer). */
  public void saveGoldenQuestions(String tenantId, List<GoldenQuestion> questions) {
    for (GoldenQuestion q : questions) {
      jdbc.sql(
              """
              insert into knowledge_golden_questions (tenant_id, question, document_id, answer)
              values (?, ?, ?, ?)
              on conflict (tenant_id, question) do update set
                document_id = excluded.document_id, answer = excluded.answer
              """)
          .params(tenantId, q.question(), q.documentId(), q.answer())
          .update();
    }
  }

  private static KnowledgeDocument row(ResultSet rs, int n) throws SQLException {
    Array tags = rs.getArray(5);
    return new KnowledgeDocument(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getTimestamp(9).toInstant());
  }
}
