package com.dispatchbot.activities.cost;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Counts tokens where a provider reports none (streaming, some OpenAI-compatible servers): the
 * model's own encoding (o200k_base for the gpt-4o, 4.1, 5 and o-series families, cl100k_base
 * otherwise), plus OpenAI's documented overhead of a chat message (3 tokens each, 3 for the reply's
 * priming). Close to, not exactly, what a provider bills; rows counted this way say so.
 */
@Component
public class TokenCounter {
  static final int PER_MESSAGE = 3;
  static final int REPLY_PRIMING = 3;

  private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

  public int count(String model, String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return encoding(model).countTokensOrdinary(text);
  }

  /** Tokens of a chat request: every message's text plus the per-message overhead. */
  public int countChat(String model, List<String> messages) {
    Encoding encoding = encoding(model);
    int total = REPLY_PRIMING;
    for (String message : messages) {
      total += PER_MESSAGE + (message == null ? 0 : encoding.countTokensOrdinary(message));
    }
    return total;
  }

  Encoding encoding(String model) {
    String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
    boolean o200k =
        name.startsWith("gpt-4o")
            || name.startsWith("gpt-4.1")
            || name.startsWith("gpt-5")
            || name.matches("^o\\d.*");
    return registry.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
  }
}
