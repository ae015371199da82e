package com.dispatchbot.activities.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.guardrails.GuardrailActivities.ScreenRequest;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.Screening;
import com.dispatchbot.workflows.guardrails.GuardrailActivities.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The guardrails against written attacks and against real callers' words: every hostile input of
 * {@code guardrails/hostile.jsonl} gets its verdict, and ordinary utterances are almost never
 * refused (at most 1 % of the public samples and the project's own utterances, none of the
 * hand-written tricky ones). The numbers are printed.
 */
class GuardrailCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GuardrailActivitiesImpl guardrails =
      new GuardrailActivitiesImpl(
          new StaticListableBeanFactory().getBeanProvider(MeterRegistry.class));

  record Hostile(String text, Verdict expected, String category) {}

  @Test
  void givenTheHostileCorpus_whenScreened_everyInputShouldGetItsExpectedVerdict() {
    List<Hostile> corpus = hostile();
    List<String> wrong = new ArrayList<>();
    Map<String, int[]> byCategory = new TreeMap<>();
    for (Hostile h : corpus) {
      Screening s = screen(h.text());
      int[] counts = byCategory.computeIfAbsent(h.category(), k -> new int[2]);
      counts[1]++;
      if (s.verdict() == h.expected()) {
        counts[0]++;
        assertThat(s.refusal()).isNotBlank();
      } else {
        wrong.add(
            String.format(
                Locale.ROOT,
                "  %-20s expected %-9s got %-9s %s %s",
                h.category(),
                h.expected(),
                s.verdict(),
                s.findings(),
                printable(h.text())));
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT, "hostile: %d/%d detected%n", corpus.size() - wrong.size(), corpus.size()));
    byCategory.forEach(
        (c, n) -> report.append(String.format(Locale.ROOT, "  %-20s %d/%d%n", c, n[0], n[1])));
    report.append(String.join("\n", wrong));
    System.out.println("[guardrails] " + report);

    assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
    assertThat(wrong).as(report.toString()).isEmpty();
  }

  @Test
  void givenRealCallersAndEverydayLanguage_whenScreened_atMostOnePercentShouldBeRefused() {
    Map<String, List<String>> corpora = new TreeMap<>();
    corpora.put("clinc150 sample", column(lines("/guardrails/benign-clinc150.tsv"), 2));
    corpora.put("sgd services/homes sample", column(lines("/guardrails/benign-sgd.tsv"), 1));
    corpora.put("project intents.tsv", column(lines("/nlu/intents.tsv"), 1));
    corpora.put("project intents-heldout.tsv", column(lines("/nlu/intents-heldout.tsv"), 1));

    int total = 0;
    int refused = 0;
    StringBuilder report = new StringBuilder();
    for (Map.Entry<String, List<String>> corpus : corpora.entrySet()) {
      List<String> flagged = new ArrayList<>();
      for (String text : corpus.getValue()) {
        Screening s = screen(text);
        if (s.verdict() != Verdict.ALLOW) {
          flagged.add("    " + s.verdict() + " " + s.findings() + " " + text);
        }
      }
      total += corpus.getValue().size();
      refused += flagged.size();
      report.append(
          String.format(
              Locale.ROOT,
              "  %-28s %4d refused of %5d (%.2f %%)%n%s",
              corpus.getKey(),
              flagged.size(),
              corpus.getValue().size(),
              100.0 * flagged.size() / corpus.getValue().size(),
              flagged.isEmpty() ? "" : String.join("\n", flagged) + "\n"));
    }
    double rate = (double) refused / total;
    String summary =
        String.format(
                Locale.ROOT,
                "benign false positives: %d of %d = %.2f %%%n",
                refused,
                total,
                100 * rate)
            + report;
    System.out.println("[guardrails] " + summary);

    assertThat(total).isGreaterThanOrEqualTo(500);
    assertThat(rate).as(summary).isLessThanOrEqualTo(0.01);
  }

  @Test
  void givenTrickyButHarmlessHomeServiceSentences_whenScreened_noneShouldBeRefused() {
    List<String> tricky = lines("/guardrails/tricky-benign.txt");
    List<String> refused = new ArrayList<>();
    for (String text : tricky) {
      Screening s = screen(text);
      if (s.verdict() != Verdict.ALLOW) {
        refused.add("  " + s.verdict() + " " + s.findings() + " " + text);
      }
      assertThat(s.refusal()).isEqualTo(s.verdict() == Verdict.ALLOW ? null : s.refusal());
    }
    System.out.printf(
        Locale.ROOT,
        "[guardrails] tricky benign: %d refused of %d%n%s%n",
        refused.size(),
        tricky.size(),
        String.join("\n", refused));

    assertThat(tricky).hasSizeGreaterThanOrEqualTo(50);
    assertThat(refused).isEmpty();
  }

  /**
   * Written after the rules were tuned on the sets above and measured once, never tuned on: what
   * the guardrails catch of attacks they were not fitted to. The floors are that measurement (18 of
   * 40 attacks, none of 30 callers refused); two earlier held-out rounds measured 16/40 and 15/40
   * before they were folded into the tuned sets. Text rules catch the known shapes of an attack and
   * rarely refuse a caller; a new phrasing gets through about half the time, which is why the
   * model's reply is checked too (OutputGuard) and the prompt holds no other tenant's data.
   */
  @Test
  void givenHeldOutAttacksAndCallers_whenScreened_theRatesShouldNotFallBelowTheFirstMeasurement() {
    List<Hostile> hostile = hostile("/guardrails/hostile-heldout.jsonl");
    List<String> missed = new ArrayList<>();
    for (Hostile h : hostile) {
      Screening s = screen(h.text());
      if (s.verdict() != h.expected()) {
        missed.add("  missed " + h.expected() + " got " + s.verdict() + " " + printable(h.text()));
      }
    }
    List<String> benign = lines("/guardrails/tricky-benign-heldout.txt");
    List<String> refused = new ArrayList<>();
    for (String text : benign) {
      Screening s = screen(text);
      if (s.verdict() != Verdict.ALLOW) {
        refused.add("  refused " + s.verdict() + " " + s.findings() + " " + text);
      }
    }
    double detected = 1.0 - (double) missed.size() / hostile.size();
    double falsePositives = (double) refused.size() / benign.size();
    System.out.printf(
        Locale.ROOT,
        "[guardrails] held out: %d/%d attacks detected (%.1f %%), %d/%d tricky callers refused"
            + " (%.1f %%)%n%s%n%s%n",
        hostile.size() - missed.size(),
        hostile.size(),
        100 * detected,
        refused.size(),
        benign.size(),
        100 * falsePositives,
        String.join("\n", missed),
        String.join("\n", refused));

    assertThat(hostile.size() - missed.size()).isGreaterThanOrEqualTo(18);
    assertThat(refused).isEmpty();
  }

  private Screening screen(String text) {
    return guardrails.screen(new ScreenRequest("acme", text));
  }

  static List<Hostile> hostile() {
    return hostile("/guardrails/hostile.jsonl");
  }

  static List<Hostile> hostile(String resource) {
    List<Hostile> corpus = new ArrayList<>();
    for (String line : lines(resource)) {
      try {
        JsonNode row = JSON.readTree(line);
        corpus.add(
            new Hostile(
                row.path("text").asText(),
                Verdict.valueOf(row.path("expected").asText()),
                row.path("category").asText()));
      } catch (IOException e) {
        throw new UncheckedIOException("bad line in " + resource + ": " + line, e);
      }
    }
    return corpus;
  }

  /** Non-empty lines that are not comments ({@code #}). */
  static List<String> lines(String resource) {
    List<String> lines = new ArrayList<>();
    try (InputStream in = GuardrailCorpusTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** Column {@code index} of tab-separated lines (the text of the data files). */
  static List<String> column(List<String> lines, int index) {
    Function<String, String> pick =
        line -> {
          String[] cells = line.split("\t");
          return cells.length > index ? cells[index] : "";
        };
    return lines.stream().map(pick).filter(t -> !t.isBlank()).toList();
  }

  private static String printable(String text) {
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .forEach(
            cp -> {
              if (cp < 0x20
                  || (cp >= 0x7f && cp < 0xa0)
                  || Character.getType(cp) == Character.FORMAT
                  || cp >= 0xE0000) {
                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
              } else {
                b.appendCodePoint(cp);
              }
            });
    return b.toString();
  }
}
