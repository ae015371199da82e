package com.dispatchbot.activities.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.AiResponseRecord;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ConversationOpening;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.MessageRecord;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ReplyRecord;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Temporal retries activities: every write here must land once, however often it is repeated. */
class ConversationStoreActivitiesIT {
  static PostgresTestDatabase db;
  static ConversationStoreActivitiesImpl store;
  static JdbcClient jdbc;

  @BeforeAll
  static void setUp() {
    db = PostgresTestDatabase.schema("it_conversation_store");
    jdbc = db.jdbc();
    store = new ConversationStoreActivitiesImpl(jdbc, db.transactions());
    jdbc.sql(
            "insert into tenants (id, name, timezone) values ('acme', 'Acme', 'America/Denver')"
                + " on conflict do nothing")
        .update();
  }

  @Test
  void givenEveryWriteOfATurnIsRetried_whenRepeated_itShouldStoreEachRowOnce() {
    String workflowId = "conv-acme-" + UUID.randomUUID();
    long at = 1_763_900_000_000L;
    var opening =
        new ConversationOpening(
            workflowId, "acme", workflowId.substring(10), "sms", "+13035550100", "Pat", at);
    var caller = new MessageRecord(workflowId, "acme", 1, "caller", "hi", "greeting", 0.9, at);
    var reply =
        new ReplyRecord(
            workflowId,
            "acme",
            1,
            "Hello!",
            at + 5,
            new AiResponseRecord("openai", "gpt-4o-mini", 120, 9, 340, 0, null));

    for (int attempt = 0; attempt < 3; attempt++) {
      store.openConversation(opening);
      store.recordMessage(caller);
      store.recordReply(reply);
    }

    assertThat(count("conversations", workflowId)).isEqualTo(1);
    assertThat(count("conversation_messages", workflowId)).isEqualTo(2);
    assertThat(count("ai_responses", workflowId)).isEqualTo(1);
    assertThat(
            jdbc.sql("select turn_count from conversations where workflow_id = ?")
                .param(workflowId)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  private long count(String table, String workflowId) {
    return jdbc.sql("select count(*) from " + table + " where workflow_id = ?")
        .param(workflowId)
        .query(Long.class)
        .single();
  }
}
