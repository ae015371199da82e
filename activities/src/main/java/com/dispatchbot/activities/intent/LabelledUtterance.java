package com.dispatchbot.activities.intent;

import com.dispatchbot.workflows.intent.Intent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** One caller utterance with the intent it should get: a training or an evaluation example. */
public record LabelledUtterance(Intent intent, String text) {

  /** The project's training set, {@code nlu/intents.tsv}. */
  public static final String TRAINING = "/nlu/intents.tsv";

  /** The held-out set the model never trains on, {@code nlu/intents-heldout.tsv}. */
  public static final String HELD_OUT = "/nlu/intents-heldout.tsv";

  /** CLINC150 train utterances added to the training set; see its NOTICE. */
  public static final String CLINC_TRAINING = "/nlu/clinc150-train-sample.tsv";

  public LabelledUtterance {
    if (intent == null || text == null || text.isBlank()) {
      throw new IllegalArgumentException("an example needs an intent and a text");
    }
  }

  /** Reads {@code intent<TAB>text} lines (intent codes or names); '#' starts a comment line. */
  public static List<LabelledUtterance> load(String resource) {
    return load(resource, LabelledUtterance::intentOf);
  }

  /** The base training set: the project's utterances, then the CLINC150 sample mapped. */
  public static List<LabelledUtterance> trainingSet() {
    List<LabelledUtterance> all = new ArrayList<>(load(TRAINING));
    all.addAll(load(CLINC_TRAINING, ClincLabels::intentOf));
    return List.copyOf(all);
  }

  static List<LabelledUtterance> load(String resource, Function<String, Intent> labels) {
    try (InputStream in = LabelledUtterance.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<LabelledUtterance> out = new ArrayList<>();
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        if (tab < 0) {
          throw new IllegalStateException(resource + ":" + number + ": expected intent<TAB>text");
        }
        out.add(
            new LabelledUtterance(labels.apply(line.substring(0, tab)), line.substring(tab + 1)));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code book_appointment} or {@code BOOK_APPOINTMENT}. */
  public static Intent intentOf(String code) {
    return Intent.valueOf(code.strip().toUpperCase(Locale.ROOT));
  }
}
