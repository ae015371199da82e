package com.dispatchbot.activities.cost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.dispatchbot.activities.conversation.ConversationStoreActivitiesImpl;
import com.dispatchbot.activities.guardrails.OutputGuard;
import com.dispatchbot.activities.llm.LlmActivitiesImpl;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.llm.LlmProperties.AiMode;
import com.dispatchbot.activities.llm.LlmProperties.Provider;
import com.dispatchbot.activities.support.PostgresTestDatabase;
import com.dispatchbot.activities.tenant.TenantDirectory;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.AiResponseRecord;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ConversationOpening;
import com.dispatchbot.workflows.conversation.ConversationStoreActivities.ReplyRecord;
import com.dispatchbot.workflows.llm.LlmActivities.ChatTurn;
import com.dispatchbot.workflows.llm.LlmActivities.LlmRequest;
import com.dispatchbot.workflows.llm.LlmActivities.LlmResult;
import com.dispatchbot.workflows.llm.LlmFailures;
import com.dispatchbot.workflows.llm.LlmTarget;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cost control on the model path, against real Postgres and an OpenAI-compatible fake: what each
 * reply cost lands in ai_responses, and the spend limits degrade first to the fallback model, then
 * to the rules, with an alert, never a failed call.
 */
class SpendLimitIT {
  @RegisterExtension
  static WireMockExtension provider =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static PostgresTestDatabase db;
  static JdbcClient jdbc;

  /** Noon: the day and the hour windows are both well inside. */
  static final Instant NOW = Instant.parse("2026-11-23T12:30:00Z");

  String tenant;
  String other;

  @BeforeAll
  static void database() {
    db = PostgresTestDatabase.schema("it_spend_limits");
    jdbc = db.jdbc();
  }

  @BeforeEach
  void tenants() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    tenant = "spend-" + run;
    other = "other-" + run;
    insertTenant(tenant, "{}");
    insertTenant(other, "{}");
    jdbc.sql("delete from ai_responses").update();
    jdbc.sql("delete from alerts").update();
  }

  @Test
  void givenAProviderThatReportsNoUsage_theTokensAreCountedAndTheRowSaysEstimated() {
    provider.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"x","object":"chat.completion","created":1741569952,
                         "model":"gpt-4o-mini",
                         "choices":[{"index":0,"finish_reason":"stop","message":
                           {"role":"assistant","content":"Drain cleaning starts at $129."}}]}
                        """)));
    LlmResult result = activities(CostProperties.defaults()).callLlm(request(0, "gpt-4o-mini"));

    assertThat(result.tokensEstimated()).isTrue();
    assertThat(result.outputTokens())
        .isEqualTo(new TokenCounter().count("gpt-4o-mini", "Drain cleaning starts at $129."));
    // the briefing (business facts, instructions) plus the history and the question
    assertThat(result.inputTokens()).isGreaterThan(100);

    String workflowId = store(tenant, result, 0);
    var row =
        jdbc.sql(
                "select cost_usd, tokens_estimated, input_tokens from ai_responses where workflow_id = ?")
            .param(workflowId)
            .query((rs, n) -> List.of(rs.getBigDecimal(1), rs.getBoolean(2), rs.getInt(3)))
            .single();
    assertThat((Boolean) row.get(1)).isTrue();
    assertThat((BigDecimal) row.get(0))
        .isEqualByComparingTo(
            new PriceTable(CostProperties.defaults())
                .cost("gpt-4o-mini", result.inputTokens(), result.outputTokens()))
        .isPositive();
  }

  @Test
  void givenTheProviderReportsUsage_theStoredCostIsThatUsageAtTheListPrice() {
    String workflowId =
        store(
            tenant,
            new LlmResult("Hi", "openai", "gpt-4o-mini-2024-07-18", 212, 17, 300, "stop"),
            0);
    assertThat(
            jdbc.sql("select cost_usd from ai_responses where workflow_id = ?")
                .param(workflowId)
                .query(BigDecimal.class)
                .single())
        .isEqualByComparingTo("0.000042");
  }

  @Test
  void
      givenEightyPercentOfTheDailyLimitSpent_theFirstChoiceIsSkipped_theFallbackAnswers_andAnAlertIsRaisedOnce() {
    stubOk();
    spent(tenant, "8.10", NOW.minus(2, ChronoUnit.HOURS));
    spent(other, "0.50", NOW.minus(1, ChronoUnit.HOURS));
    LlmActivitiesImpl llm = activities(limits("10", null, null));

    ApplicationFailure skipped =
        catchThrowableOfType(
            ApplicationFailure.class, () -> llm.callLlm(request(0, "gpt-4o-mini")));
    assertThat(skipped.getType()).isEqualTo(LlmFailures.SPEND_LIMIT);
    assertThat(skipped.isNonRetryable()).isTrue();
    assertThat(skipped.getOriginalMessage()).contains("86%", "DAILY_SPEND_LIMIT", "fallback model");
    assertThat(llm.callLlm(request(1, "gpt-3.5-turbo")).text()).isNotBlank();
    catchThrowableOfType(ApplicationFailure.class, () -> llm.callLlm(request(0, "gpt-4o-mini")));

    assertThat(provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
    var alerts =
        jdbc.sql("select kind, severity, tenant_id, threshold from alerts")
            .query(
                (rs, n) ->
                    rs.getString(1)
                        + "/"
                        + rs.getString(2)
                        + "/"
                        + rs.getString(3)
                        + "/"
                        + rs.getDouble(4))
            .list();
    assertThat(alerts).containsExactly("spend_limit_degraded/warning/null/0.8");
  }

  @Test
  void givenTheLimitReached_noModelIsAsked_soTheRulesAnswer() {
    stubOk();
    spent(tenant, "6.00", NOW.minus(20, ChronoUnit.MINUTES));
    spent(other, "4.00", NOW.minus(10, ChronoUnit.MINUTES));
    LlmActivitiesImpl llm = activities(limits(null, "10", null));

    for (int level = 0; level < 2; level++) {
      ApplicationFailure refused =
          catchThrowableOfType(
              ApplicationFailure.class, () -> llm.callLlm(request(0, "gpt-4o-mini")));
      assertThat(refused.getType()).isEqualTo(LlmFailures.SPEND_LIMIT);
      assertThat(refused.getOriginalMessage()).contains("HOURLY_SPEND_LIMIT", "the rules answer");
    }
    assertThat(provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).isEmpty();
    assertThat(jdbc.sql("select kind || '/' || severity from alerts").query(String.class).list())
        .containsExactly("spend_limit_reached/critical");
  }

  @Test
  void aTenantsOwnLimitCountsOnlyItsOwnSpend_andItsProfileOverridesTheDefault() {
    stubOk();
    jdbc.sql("update tenants set profile = '{\"spend\": {\"dailyLimit\": 2}}'::jsonb where id = ?")
        .param(tenant)
        .update();
    spent(other, "50.00", NOW.minus(1, ChronoUnit.HOURS));
    spent(tenant, "1.70", NOW.minus(1, ChronoUnit.HOURS));
    // yesterday does not count
    spent(tenant, "9.00", NOW.minus(1, ChronoUnit.DAYS));
    CostProperties tenantDefault = limits(null, null, "100");

    SpendGuard guard = new SpendGuard(jdbc, tenantDefault, Clock.fixed(NOW, ZoneOffset.UTC));
    SpendGuard.Decision mine = guard.decide(tenant);
    assertThat(mine.verdict()).isEqualTo(SpendGuard.Verdict.FALLBACK_ONLY);
    assertThat(mine.ratio()).isEqualTo(0.85);
    assertThat(mine.global()).isFalse();
    assertThat(guard.decide(other).verdict()).isEqualTo(SpendGuard.Verdict.ASK);

    ApplicationFailure skipped =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(tenantDefault).callLlm(request(0, "gpt-4o-mini")));
    assertThat(skipped.getType()).isEqualTo(LlmFailures.SPEND_LIMIT);
    assertThat(jdbc.sql("select tenant_id from alerts").query(String.class).list())
        .containsExactly(tenant);
  }

  @Test
  void theSumsAreCachedForAFewSeconds_thenReadAgain() {
    MutableClock clock = new MutableClock(NOW);
    SpendGuard guard = new SpendGuard(jdbc, limits("10", null, null), clock);
    assertThat(guard.decide(tenant).verdict()).isEqualTo(SpendGuard.Verdict.ASK);
    spent(tenant, "10.00", NOW.minus(1, ChronoUnit.MINUTES));
    assertThat(guard.decide(tenant).verdict()).isEqualTo(SpendGuard.Verdict.ASK);
    clock.now = NOW.plus(SpendGuard.CACHE_FOR).plusMillis(1);
    assertThat(guard.decide(tenant).verdict()).isEqualTo(SpendGuard.Verdict.RULES_ONLY);
  }

  @Test
  void givenNoLimits_nothingIsRefusedWhateverWasSpent() {
    spent(tenant, "9999.00", NOW.minus(1, ChronoUnit.MINUTES));
    SpendGuard guard =
        new SpendGuard(jdbc, CostProperties.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(guard.decide(tenant).verdict()).isEqualTo(SpendGuard.Verdict.ASK);
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static CostProperties limits(String daily, String hourly, String tenantDaily) {
    return new CostProperties(
        null,
        null,
        daily == null ? null : new BigDecimal(daily),
        hourly == null ? null : new BigDecimal(hourly),
        tenantDaily == null ? null : new BigDecimal(tenantDaily),
        null,
        null,
        null);
  }

  LlmActivitiesImpl activities(CostProperties cost) {
    LlmProperties properties =
        new LlmProperties(
            AiMode.AUTO,
            Provider.OPENAI,
            "sk-test-4f9a8b7c6d5e4f3a2b1c",
            provider.baseUrl() + "/v1",
            "gpt-4o-mini",
            "gpt-3.5-turbo",
            true,
            0.3,
            1.0,
            500,
            Duration.ofSeconds(5),
            3,
            Duration.ofSeconds(1));
    return new LlmActivitiesImpl(
        properties,
        new TenantDirectory(jdbc),
        new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class),
        new OutputGuard(),
        new SpendGuard(jdbc, cost, Clock.fixed(NOW, ZoneOffset.UTC)),
        new Alerts(jdbc),
        new TokenCounter());
  }

  LlmRequest request(int level, String model) {
    return new LlmRequest(
        tenant,
        "conv-" + tenant + "-1",
        2,
        new LlmTarget(level, "openai", model),
        List.of(new ChatTurn(ChatTurn.CALLER, "Hi, my sink is clogged")),
        "How much is drain cleaning?",
        "pricing",
        List.of());
  }

  static void stubOk() {
    provider.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"x","object":"chat.completion","created":1741569952,
                         "model":"gpt-3.5-turbo-0125",
                         "choices":[{"index":0,"finish_reason":"stop","message":
                           {"role":"assistant","content":"Drain cleaning starts at $129."}}],
                         "usage":{"prompt_tokens":180,"completion_tokens":9,"total_tokens":189}}
                        """)));
  }

  static void insertTenant(String id, String profile) {
    jdbc.sql(
            "insert into tenants (id, name, timezone, profile) values (?, ?, 'America/Denver',"
                + " ?::jsonb) on conflict do nothing")
        .params(id, "Tenant " + id, profile)
        .update();
  }

  /** A past reply of the tenant that cost {@code usd}. */
  static void spent(String tenantId, String usd, Instant at) {
    String workflowId = "conv-" + tenantId + "-" + UUID.randomUUID();
    jdbc.sql(
            "insert into conversations (workflow_id, tenant_id, conversation_id, channel,"
                + " started_at) values (?, ?, ?, 'sms', ?)")
        .params(workflowId, tenantId, workflowId, Timestamp.from(at))
        .update();
    long message =
        jdbc.sql(
                "insert into conversation_messages (tenant_id, workflow_id, turn, role, text,"
                    + " created_at) values (?, ?, 1, 'assistant', 'ok', ?) returning id")
            .params(tenantId, workflowId, Timestamp.from(at))
            .query(Long.class)
            .single();
    jdbc.sql(
            "insert into ai_responses (tenant_id, workflow_id, turn, message_id, provider, model,"
                + " input_tokens, output_tokens, latency_ms, fallback_level, created_at, cost_usd)"
                + " values (?, ?, 1, ?, 'openai', 'gpt-4o', 1000, 100, 500, 0, ?, ?)")
        .params(tenantId, workflowId, message, Timestamp.from(at), new BigDecimal(usd))
        .update();
  }

  /** Stores a conversation with one reply as the workflow would; returns its workflow id. */
  String store(String tenantId, LlmResult result, int level) {
    ConversationStoreActivitiesImpl store =
        new ConversationStoreActivitiesImpl(jdbc, db.transactions());
    String workflowId = "conv-" + tenantId + "-" + UUID.randomUUID();
    long at = NOW.toEpochMilli();
    store.openConversation(
        new ConversationOpening(workflowId, tenantId, workflowId, "web", null, null, at));
    store.recordReply(
        new ReplyRecord(
            workflowId,
            tenantId,
            1,
            result.text(),
            at,
            new AiResponseRecord(
                result.provider(),
                result.model(),
                result.inputTokens(),
                result.outputTokens(),
                result.latencyMillis(),
                level,
                null,
                result.tokensEstimated())));
    return workflowId;
  }
}
