package com.dispatchbot.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * What the API accepts as text in a JSON body. Every string is checked as it is read, so no
 * controller can forget it: a NUL character (U+0000) is refused, because Postgres text cannot store
 * it and the turn would fail in an activity instead of at the door; so is a lone UTF-16 surrogate
 * ({@code "\ud800"}), which the database driver would silently turn into '?'. Any other character,
 * odd as it may be (right-to-left marks, zero-width joiners, emoji), is kept as sent.
 */
@Configuration
class JsonInput {

  @Bean
  JsonMapperBuilderCustomizer storableText() {
    return builder ->
        builder.addModule(
            new SimpleModule("storable-text")
                .addDeserializer(String.class, new StorableStringDeserializer()));
  }

  /** The reason a text cannot be stored, or null when it can. */
  static String unstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "contains a NUL character (U+0000), which cannot be stored; remove it";
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return "contains an unpaired UTF-16 surrogate, which is not a character; send valid"
            + " Unicode";
      }
      if (Character.isLowSurrogate(c)) {
        return "contains an unpaired UTF-16 surrogate, which is not a character; send valid"
            + " Unicode";
      }
    }
    return null;
  }

  /** Jackson's own string reading, then {@link #unstorable}. */
  static final class StorableStringDeserializer extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) {
      String text = super.deserialize(p, ctxt);
      String reason = text == null ? null : unstorable(text);
      if (reason != null) {
        throw new UnstorableText(p, reason);
      }
      return text;
    }
  }

  /** A string the API will not store; ApiErrors answers 400 naming the field. */
  static final class UnstorableText extends MismatchedInputException {
    UnstorableText(JsonParser p, String reason) {
      super(p, reason, String.class);
    }
  }
}
