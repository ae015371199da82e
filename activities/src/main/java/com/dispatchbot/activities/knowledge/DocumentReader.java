package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.knowledge.DocumentRejectedException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Turns an uploaded file into clean text and the metadata it carries: Markdown and plain text (with
 * an optional {@code ---} front-matter block of {@code title:}, {@code tags:}, {@code source:}),
 * HTML (jsoup: {@code <title>}, {@code <meta name="keywords">}, scripts and navigation dropped) and
 * PDF (PDFBox). Cleaning keeps paragraphs and headings, drops markup that only adds noise to BM25
 * and embeddings (link targets, emphasis marks, table rules, HTML comments).
 */
public final class DocumentReader {

  /** What kinds of document the knowledge base reads. */
  public enum Type {
    MARKDOWN("text/markdown"),
    TEXT("text/plain"),
    HTML("text/html"),
    PDF("application/pdf");

    private final String mediaType;

    Type(String mediaType) {
      this.mediaType = mediaType;
    }

    public String mediaType() {
      return mediaType;
    }

    /**
     * The type named by a media type or, failing that, by the file name's extension.
     *
     * @throws DocumentRejectedException (415) for anything else
     */
    public static Type detect(String mediaType, String fileName) {
      String media =
          mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT).split(";")[0].trim();
      switch (media) {
        case "text/markdown", "text/x-markdown" -> {
          return MARKDOWN;
        }
        case "text/plain" -> {
          if (fileName == null
              || !fileName.toLowerCase(Locale.ROOT).matches(".*\\.(md|markdown)$")) {
            return TEXT;
          }
          return MARKDOWN;
        }
        case "text/html", "application/xhtml+xml" -> {
          return HTML;
        }
        case "application/pdf" -> {
          return PDF;
        }
        default -> {}
      }
      String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
      if (name.endsWith(".md") || name.endsWith(".markdown")) {
        return MARKDOWN;
      }
      if (name.endsWith(".txt")) {
        return TEXT;
      }
      if (name.endsWith(".html") || name.endsWith(".htm")) {
        return HTML;
      }
      if (name.endsWith(".pdf")) {
        return PDF;
      }
      throw new DocumentRejectedException(
          Reason.UNSUPPORTED_TYPE,
          "unsupported document type '"
              + (media.isEmpty() ? name : media)
              + "'; send Markdown (.md), text (.txt), HTML (.html) or PDF (.pdf)");
    }
  }

  /** A read document: its clean text and what it said about itself (nulls when it said nothing). */
  public record Read(Type type, String text, String title, List<String> tags, String source) {}

  private static final Pattern FRONT_MATTER =
      Pattern.compile("\\A\\uFEFF?---\\s*\\R(.*?)\\R---\\s*(?:\\R|\\z)", Pattern.DOTALL);
  private static final Pattern FIELD = Pattern.compile("^([A-Za-z_]+)\\s*:\\s*(.*)$");

  private DocumentReader() {}

  public static Read read(byte[] content, Type type) {
    return switch (type) {
      case PDF -> readPdf(content);
      case HTML -> readHtml(utf8(content));
      case MARKDOWN, TEXT -> readText(utf8(content), type);
    };
  }

  public static Read read(String content, Type type) {
    if (type == Type.PDF) {
      throw new DocumentRejectedException(
          Reason.INVALID, "a PDF must be uploaded as a file (multipart), not as JSON text");
    }
    return type == Type.HTML ? readHtml(content) : readText(content, type);
  }

  private static Read readText(String raw, Type type) {
    String title = null;
    String source = null;
    List<String> tags = null;
    String body = raw;
    Matcher fm = FRONT_MATTER.matcher(raw);
    if (fm.find()) {
      body = raw.substring(fm.end());
      for (String line : fm.group(1).split("\\R")) {
        Matcher field = FIELD.matcher(line.strip());
        if (!field.matches()) {
          continue;
        }
        String value = unquote(field.group(2).strip());
        switch (field.group(1).toLowerCase(Locale.ROOT)) {
          case "title" -> title = value;
          case "source" -> source = value;
          case "tags" -> tags = list(value);
          default -> {}
        }
      }
    }
    String text = type == Type.MARKDOWN ? cleanMarkdown(body) : tidy(body);
    if (title == null && type == Type.MARKDOWN) {
      Matcher heading = Pattern.compile("(?m)^#\\s+(.+)$").matcher(body);
      if (heading.find()) {
        title = heading.group(1).strip();
      }
    }
    return new Read(type, text, title, tags, source);
  }

  private static Read readHtml(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("script, style, noscript, nav, footer, header nav, iframe, svg, form").remove();
    String title = doc.title().isBlank() ? null : doc.title().strip();
    Element keywords = doc.selectFirst("meta[name=keywords]");
    List<String> tags = keywords == null ? null : list(keywords.attr("content"));
    StringBuilder text = new StringBuilder();
    // One block element per paragraph keeps the structure the splitter uses.
    for (Element block :
        doc.body().select("h1, h2, h3, h4, h5, h6, p, li, td, th, pre, blockquote, dt, dd")) {
      if (block.parents().stream().anyMatch(p -> p.is("p, li, td, th, pre, blockquote, dd"))) {
        continue;
      }
      String line = block.text().strip();
      if (!line.isEmpty()) {
        text.append(line).append(block.is("h1, h2, h3, h4, h5, h6") ? "\n" : "\n\n");
      }
    }
    String body = text.length() == 0 ? doc.body().text() : text.toString();
    return new Read(Type.HTML, tidy(body), title, tags, null);
  }

  private static Read readPdf(byte[] content) {
    try (PDDocument pdf = Loader.loadPDF(content)) {
      String title = pdf.getDocumentInformation().getTitle();
      String keywords = pdf.getDocumentInformation().getKeywords();
      String text = new PDFTextStripper().getText(pdf);
      return new Read(
          Type.PDF,
          tidy(text),
          title == null || title.isBlank() ? null : title.strip(),
          keywords == null ? null : list(keywords),
          null);
    } catch (IOException e) {
      throw new DocumentRejectedException(
          Reason.INVALID, "the PDF could not be read: " + e.getMessage());
    }
  }

  static String cleanMarkdown(String md) {
    String s = md;
    s = s.replaceAll("(?s)<!--.*?-->", "");
    s = s.replaceAll("!\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // images: keep the alt text
    s = s.replaceAll("\\[([^\\]]+)\\]\\([^)]*\\)", "$1"); // links: keep the text
    s = s.replaceAll("(?m)^\\s{0,3}#{1,6}\\s+", ""); // heading marks (the heading stays a line)
    s =
        s.replaceAll(
            "(?m)^\\s*\\|?\\s*:?-{3,}:?\\s*(\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$", ""); // table rules
    s = s.replaceAll("(?m)^\\s*\\|(.*)\\|\\s*$", "$1").replace(" | ", "; "); // table cells
    s =
        s.replaceAll("(\\*\\*|__)(.+?)\\1", "$2")
            .replaceAll("(?<![\\w*])\\*(?!\\s)(.+?)(?<!\\s)\\*", "$1");
    s = s.replaceAll("`{1,3}", "");
    s = s.replaceAll("(?m)^\\s*>\\s?", "");
    return tidy(s);
  }

  /** Normalises whitespace: no trailing spaces, at most one blank line, no control characters. */
  static String tidy(String s) {
    String t = s.replace("\r\n", "\n").replace('\r', '\n');
    t = t.replaceAll("[\\p{Cc}&&[^\\n\\t]]", "");
    t = t.replace('\t', ' ').replace('\u00A0', ' ');
    t = t.replaceAll("[ ]{2,}", " ").replaceAll("(?m)[ ]+$", "").replaceAll("(?m)^[ ]+", "");
    t = t.replaceAll("\\n{3,}", "\n\n");
    return t.strip();
  }

  private static List<String> list(String value) {
    String v = value.strip();
    if (v.startsWith("[") && v.endsWith("]")) {
      v = v.substring(1, v.length() - 1);
    }
    List<String> out = new ArrayList<>();
    Arrays.stream(v.split(","))
        .map(t -> unquote(t.strip()))
        .filter(t -> !t.isEmpty())
        .forEach(out::add);
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  private static String utf8(byte[] content) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DocumentRejectedException(
          Reason.INVALID, "the document is not UTF-8 text (binary file or another encoding)");
    }
  }
}
