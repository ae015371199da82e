package com.dispatchbot.activities.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  final TokenCounter counter = new TokenCounter();

  @Test
  void givenOpenAisCookbookExample_itCountsWhatTiktokenCounts() {
    // OpenAI's "How to count tokens with tiktoken": 6 tokens in cl100k_base
    assertThat(counter.count("gpt-3.5-turbo", "tiktoken is great!")).isEqualTo(6);
    assertThat(counter.count("gpt-4o-mini", "")).isZero();
  }

  @Test
  void theEncodingFollowsTheModelFamily() {
    assertThat(counter.encoding("gpt-4o-mini-2024-07-18").getName()).isEqualTo("o200k_base");
    assertThat(counter.encoding("gpt-4.1").getName()).isEqualTo("o200k_base");
    assertThat(counter.encoding("o4-mini").getName()).isEqualTo("o200k_base");
    assertThat(counter.encoding("gpt-3.5-turbo").getName()).isEqualTo("cl100k_base");
    assertThat(counter.encoding("llama3.1:8b").getName()).isEqualTo("cl100k_base");
  }

  @Test
  void aChatCountsEachMessagePlusOpenAisPerMessageOverhead() {
    String system = "You are the front desk of Acme Plumbing.";
    String caller = "How much is drain cleaning?";
    int texts = counter.count("gpt-4o-mini", system) + counter.count("gpt-4o-mini", caller);
    assertThat(counter.countChat("gpt-4o-mini", List.of(system, caller)))
        .isEqualTo(texts + 2 * TokenCounter.PER_MESSAGE + TokenCounter.REPLY_PRIMING);
  }
}
