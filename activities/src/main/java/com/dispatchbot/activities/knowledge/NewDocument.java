package com.dispatchbot.activities.knowledge;

import java.util.List;

/**
 * A document as a caller hands it in: JSON text or an uploaded file. Metadata it states here wins
 * over what the file says about itself (front matter, HTML title and keywords, PDF info).
 *
 * @param id optional; when absent, the title turned into a slug, so posting the same document twice
 *     updates it instead of adding a copy
 * @param text the content as text (JSON requests), or null when {@code bytes} is given
 * @param bytes the content of an uploaded file, or null
 * @param mediaType the declared media type (may be null or generic); with {@code fileName} it picks
 *     the reader
 */
public record NewDocument(
    String id,
    String title,
    String source,
    List<String> tags,
    String text,
    byte[] bytes,
    String mediaType,
    String fileName) {

  public static NewDocument text(
      String id, String title, String text, String source, List<String> tags) {
    return new NewDocument(id, title, source, tags, text, null, "text/markdown", null);
  }

  public static NewDocument file(String fileName, String mediaType, byte[] bytes) {
    return new NewDocument(null, null, null, null, null, bytes, mediaType, fileName);
  }
}
