package com.dispatchbot.activities.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.workflows.cache.ResponseCacheActivities.CacheEntry;
import com.dispatchbot.workflows.cache.ResponseCacheActivities.CacheLookup;
import com.dispatchbot.workflows.cache.ResponseCacheActivities.CachedAnswer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The semantic cache on real Postgres with the real in-process embedding model: a paraphrase of a
 * cached question is a hit, a different question is not, another tenant never sees the answer, and
 * an expired entry is gone.
 */
class ResponseCacheActivitiesIT {
  static JdbcClient jdbc;
  String a;
  String b;
  ResponseCacheActivitiesImpl cache;

  @BeforeAll
  static void database() {
    jdbc = PostgresTestDatabase.schema("it_response_cache").jdbc();
  }

  @BeforeEach
  void setUp() {
    jdbc.sql("delete from response_cache").update();
    String run = UUID.randomUUID().toString().substring(0, 6);
    a = "cache-a-" + run;
    b = "cache-b-" + run;
    cache = cache(new CacheProperties(true, 0.85, Duration.ofHours(1), false, null));
    cache.store(
        new CacheEntry(
            a,
            "How much do you charge to clean a drain?",
            "quote_pricing",
            "Drain cleaning is $149 flat.",
            "openai",
            "gpt-4o-mini"));
  }

  @Test
  void givenACachedAnswer_whenTheSameTenantAsksAParaphrase_itShouldBeAHit() {
    CachedAnswer hit =
        cache.lookup(
            new CacheLookup(a, "how much do you charge for cleaning a drain", "quote_pricing"));

    assertThat(hit.hit()).isTrue();
    assertThat(hit.answer()).isEqualTo("Drain cleaning is $149 flat.");
    assertThat(hit.model()).isEqualTo("gpt-4o-mini");
    assertThat(hit.similarity()).isGreaterThanOrEqualTo(0.85);
    assertThat(
            jdbc.sql("select hits from response_cache where tenant_id = ?")
                .param(a)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void givenACachedAnswer_whenADifferentQuestionIsAsked_itShouldMiss() {
    CachedAnswer miss =
        cache.lookup(
            new CacheLookup(a, "How much is a water heater replacement?", "quote_pricing"));

    assertThat(miss.hit()).isFalse();
    assertThat(miss.answer()).isNull();
    assertThat(miss.similarity()).isLessThan(0.85);
  }

  @Test
  void givenTenantAsCachedAnswer_whenTenantBAsksTheSameQuestion_itShouldNeverGetIt() {
    CachedAnswer other =
        cache.lookup(
            new CacheLookup(b, "How much do you charge to clean a drain?", "quote_pricing"));

    assertThat(other.hit()).isFalse();
    assertThat(other.answer()).isNull();
  }

  @Test
  void givenAnExpiredEntry_whenTheQuestionComesAgain_itShouldMissAndTheEntryShouldGo() {
    jdbc.sql("update response_cache set expires_at = now() - interval '1 second'").update();

    CachedAnswer stale =
        cache.lookup(
            new CacheLookup(a, "How much do you charge to clean a drain?", "quote_pricing"));
    cache.store(
        new CacheEntry(
            a,
            "Do you service tankless water heaters?",
            "knowledge_question",
            "Yes, we service all major tankless brands.",
            "openai",
            "gpt-4o-mini"));

    assertThat(stale.hit()).isFalse();
    assertThat(
            jdbc.sql("select question from response_cache where tenant_id = ?")
                .param(a)
                .query(String.class)
                .list())
        .containsExactly("Do you service tankless water heaters?");
  }

  @Test
  void givenTheSameQuestionStoredTwice_itShouldKeepOneEntryWithTheNewerAnswer() {
    cache.store(
        new CacheEntry(
            a,
            "How much do you charge to clean a drain?",
            "quote_pricing",
            "Drain cleaning is $159 flat.",
            "openai",
            "gpt-4o-mini"));

    assertThat(
            jdbc.sql("select answer from response_cache where tenant_id = ?")
                .param(a)
                .query(String.class)
                .list())
        .containsExactly("Drain cleaning is $159 flat.");
  }

  private static ResponseCacheActivitiesImpl cache(CacheProperties properties) {
    return new ResponseCacheActivitiesImpl(
        jdbc, properties, new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));
  }
}
