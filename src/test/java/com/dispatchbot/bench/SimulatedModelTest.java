package com.dispatchbot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.bench.SimulatedModel.Settings;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The simulated model speaks OpenAI's wire format well enough for the real client (langchain4j's
 * OpenAI models, as the worker uses them), at the speed and failure rate it is given.
 */
class SimulatedModelTest {

  static OpenAiChatModel client(SimulatedModel model) {
    return OpenAiChatModel.builder()
        .baseUrl(model.baseUrl())
        .apiKey("sk-simulated")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .build();
  }

  @Test
  void givenAPlainRequest_theRealClientGetsTheAnswerAndItsUsage() throws Exception {
    try (SimulatedModel model = SimulatedModel.start(Settings.instant(), 0)) {
      ChatResponse answer =
          client(model)
              .chat(dev.langchain4j.data.message.UserMessage.from("How much is drain cleaning?"));
      assertThat(answer.aiMessage().text())
          .startsWith("Thanks for calling.")
          .contains("149 dollars");
      assertThat(answer.tokenUsage().outputTokenCount()).isEqualTo(20);
      assertThat(answer.tokenUsage().inputTokenCount()).isPositive();
      assertThat(model.served()).hasSize(1);
      assertThat(model.served().get(0).outcome()).isEqualTo("ok");
    }
  }

  @Test
  void givenAStreamingRequest_tokensArriveAfterTheTtftAtTheGivenPace() throws Exception {
    Settings slow = new Settings(Duration.ofMillis(300), 50, 10, 0, Duration.ofSeconds(5), 1);
    try (SimulatedModel model = SimulatedModel.start(slow, 0)) {
      OpenAiStreamingChatModel streaming =
          OpenAiStreamingChatModel.builder()
              .baseUrl(model.baseUrl())
              .apiKey("sk-simulated")
              .modelName("gpt-4o-mini")
              .build();
      long start = System.nanoTime();
      AtomicLong first = new AtomicLong();
      List<String> parts = new ArrayList<>();
      CompletableFuture<ChatResponse> done = new CompletableFuture<>();
      streaming.chat(
          "How much is drain cleaning?",
          new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
              first.compareAndSet(0, System.nanoTime());
              parts.add(partial.text());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
      ChatResponse response = done.get(10, TimeUnit.SECONDS);
      long ttftMillis = (first.get() - start) / 1_000_000;
      long totalMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(ttftMillis).isGreaterThanOrEqualTo(300);
      // then 9 more tokens at 50/s: 300 + 180 ms at least (the gap after the first callback is
      // not measured: a cold client may deliver the first token late)
      assertThat(totalMillis).isGreaterThanOrEqualTo(480);
      assertThat(parts).hasSize(10);
      assertThat(String.join("", parts)).isEqualTo(response.aiMessage().text());
      assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(10);
    }
  }

  @Test
  void givenAnErrorRate_failuresAre429sWithRetryAfter500sAndHangs_inTheSameOrderForTheSameSeed()
      throws Exception {
    Settings failing = new Settings(Duration.ZERO, 0, 5, 1.0, Duration.ofMillis(50), 7);
    List<List<Integer>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (SimulatedModel model = SimulatedModel.start(failing, 0)) {
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(model.baseUrl() + "/chat/completions"))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\":\"gpt-4o-mini\",\"messages\":[]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          statuses.add(response.statusCode());
          if (response.statusCode() == 429) {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
          }
        }
        assertThat(statuses).contains(429, 500, 504).doesNotContain(200);
        runs.add(statuses);
      }
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1));
  }
}
