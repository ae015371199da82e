package com.dispatchbot.activities.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.intent.Intent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tenants' examples in the real Postgres (V004), and the tenant's model built from them. */
class JdbcTenantIntentExamplesIT {
  private static final PostgresTestDatabase DB = PostgresTestDatabase.schema("it_intent");

  private final JdbcClient jdbc = DB.jdbc();
  private final JdbcTenantIntentExamples examples = new JdbcTenantIntentExamples(jdbc);

  @BeforeEach
  void tenants() {
    jdbc.sql("delete from intent_examples").update();
    for (String id : List.of("aqua", "acme")) {
      jdbc.sql(
              "insert into tenants (id, name, timezone) values (?, ?, 'America/Chicago')"
                  + " on conflict (id) do nothing")
          .params(id, id)
          .update();
    }
  }

  @Test
  void givenExamplesPut_whenRead_theyShouldComeBackInOrderForThatTenantOnly() {
    examples.put("aqua", Intent.CANCEL, "  pull the plug on the  kinetico visit ");
    examples.put("aqua", Intent.KNOWLEDGE_QUESTION, "do you carry kinetico salt");

    assertThat(examples.examples("aqua"))
        .containsExactly(
            new LabelledUtterance(Intent.CANCEL, "pull the plug on the kinetico visit"),
            new LabelledUtterance(Intent.KNOWLEDGE_QUESTION, "do you carry kinetico salt"));
    assertThat(examples.examples("acme")).isEmpty();
    assertThat(examples.examples(null)).isEmpty();
  }

  @Test
  void givenTheSameTextPutAgain_whenRead_itShouldBeRelabelledNotDuplicated() {
    examples.put("aqua", Intent.CANCEL, "kinetico visit");
    examples.put("aqua", Intent.RESCHEDULE, "kinetico visit");

    assertThat(examples.examples("aqua"))
        .containsExactly(new LabelledUtterance(Intent.RESCHEDULE, "kinetico visit"));
    assertThat(examples.remove("aqua", "kinetico visit")).isTrue();
    assertThat(examples.examples("aqua")).isEmpty();
  }

  @Test
  void givenARowAddedBehindTheCache_whenReadWithinTheCacheTime_itShouldAppearOnlyAfterIt() {
    Instant[] now = {Instant.parse("2026-11-23T12:00:00Z")};
    JdbcTenantIntentExamples cached =
        new JdbcTenantIntentExamples(
            jdbc,
            new Clock() {
              @Override
              public ZoneOffset getZone() {
                return ZoneOffset.UTC;
              }

              @Override
              public Clock withZone(java.time.ZoneId zone) {
                return this;
              }

              @Override
              public Instant instant() {
                return now[0];
              }
            });
    assertThat(cached.examples("aqua")).isEmpty();
    jdbc.sql("insert into intent_examples (tenant_id, intent, text) values ('aqua', 'cancel', 'x')")
        .update();

    assertThat(cached.examples("aqua")).isEmpty();
    now[0] = now[0].plus(JdbcTenantIntentExamples.CACHE_FOR).plusSeconds(1);
    assertThat(cached.examples("aqua")).hasSize(1);
  }

  @Test
  void givenAnUnknownIntentOrTenant_whenInserted_theDatabaseShouldRefuseIt() {
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "insert into intent_examples (tenant_id, intent, text)"
                            + " values ('aqua', 'order_pizza', 'pepperoni')")
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(() -> examples.put("nobody", Intent.CANCEL, "cancel it"))
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void givenATenantsStoredExample_whenANearIdenticalUtteranceArrives_itShouldChangeThePrediction() {
    String caller = "do you guys carry the kinetico salt pellets?";
    IntentClassifier classifier = new IntentClassifier(IntentModel.base(), examples, null, 0.7);
    Intent before = classifier.classify("aqua", caller).intent();
    assertThat(before).as("precondition").isNotEqualTo(Intent.KNOWLEDGE_QUESTION);

    examples.put("aqua", Intent.KNOWLEDGE_QUESTION, "do you carry kinetico salt pellets");

    assertThat(classifier.classify("aqua", caller).intent()).isEqualTo(Intent.KNOWLEDGE_QUESTION);
    assertThat(classifier.classify("acme", caller).intent()).isEqualTo(before);
  }
}
