package com.dispatchbot.api.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.archival.ArchivalActivitiesImpl;
import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** An archived call's transcript reads as it did before archival, and only for its tenant. */
class ArchivedTranscriptIT {

  @Test
  void givenAnArchivedCall_itsTranscriptReadsTheSameAsBefore_andNotForAnotherTenant() {
    DataSource ds =
        DatabaseUrlEnvironmentPostProcessor.dataSource(
            DatabaseUrlEnvironmentPostProcessor.fromEnvironment());
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    JdbcClient jdbc = JdbcClient.create(ds);
    String tenant = "arch-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.sql("insert into tenants (id, name, timezone) values (?, 'Archived Co', 'America/Denver')")
        .param(tenant)
        .update();
    String workflowId = "conv-" + tenant + "-old-call";
    Instant ended = Instant.now().minus(Duration.ofDays(40));
    jdbc.sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel, status,"
                + " outcome, turn_count, started_at, ended_at) values (?, ?, 'old-call', 'web',"
                + " 'closed', 'booked', 1, ?, ?)")
        .params(workflowId, tenant, Timestamp.from(ended.minusSeconds(60)), Timestamp.from(ended))
        .update();
    jdbc.sql(
            "insert into conversation_messages (tenant_id, workflow_id, turn, role, text, intent,"
                + " confidence, created_at) values (?, ?, 1, 'caller', 'Is the AC tune-up still $89?',"
                + " 'pricing', 0.93, ?)")
        .params(tenant, workflowId, Timestamp.from(ended.minusSeconds(30)))
        .update();
    long reply =
        jdbc.sql(
                "insert into conversation_messages (tenant_id, workflow_id, turn, role, text,"
                    + " created_at) values (?, ?, 1, 'assistant', 'Yes, $89 until March.', ?)"
                    + " returning id")
            .params(tenant, workflowId, Timestamp.from(ended))
            .query(Long.class)
            .single();
    jdbc.sql(
            "insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,"
                + " input_tokens, output_tokens, latency_ms, fallback_level, created_at)"
                + " values (?, ?, 1, ?, 'rules', 'rules-v1', 0, 0, 3, 0, ?)")
        .params(tenant, workflowId, reply, Timestamp.from(ended))
        .update();

    Transcripts transcripts = new Transcripts(jdbc);
    List<Transcripts.MessageRow> before = transcripts.messages(tenant, workflowId);
    new ArchivalActivitiesImpl(jdbc, new TransactionTemplate(new DataSourceTransactionManager(ds)))
        .archiveBatch(Instant.now().minus(Duration.ofDays(30)).toEpochMilli(), 500);

    assertThat(transcripts.conversation(tenant, workflowId).orElseThrow().status())
        .isEqualTo("archived");
    List<Transcripts.MessageRow> after = transcripts.messages(tenant, workflowId);
    assertThat(after).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(after.get(i).role()).isEqualTo(before.get(i).role());
      assertThat(after.get(i).text()).isEqualTo(before.get(i).text());
      assertThat(after.get(i).intent()).isEqualTo(before.get(i).intent());
      assertThat(after.get(i).at()).isEqualTo(before.get(i).at());
    }
    assertThat(after.get(1).provider()).isEqualTo("rules");
    assertThat(transcripts.messages("someone-else", workflowId)).isEmpty();
  }
}
