package com.dispatchbot.activities.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.activities.knowledge.DocumentReader.Type;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {

  @Test
  void givenMarkdownWithFrontMatter_itKeepsTheTextAndReadsTitleAndTags() {
    String md =
        """
        ---
        title: Price list
        tags: [Pricing, services]
        ---
        # Prices

        **Drain cleaning** costs $149 per drain. See [our terms](https://example.com/terms).

        | Service | Price |
        | --- | --- |
        | AC tune-up | $99 |
        """;

    DocumentReader.Read read = DocumentReader.read(md, Type.MARKDOWN);

    assertThat(read.title()).isEqualTo("Price list");
    assertThat(read.tags()).containsExactly("Pricing", "services");
    assertThat(read.text())
        .contains("Drain cleaning costs $149 per drain. See our terms.")
        .contains("AC tune-up; $99")
        .doesNotContain("**")
        .doesNotContain("https://")
        .doesNotContain("---");
  }

  @Test
  void givenHtml_itDropsScriptsAndNavigationAndReadsTitleAndKeywords() {
    String html =
        "<html><head><title>Hours</title><meta name=\"keywords\" content=\"hours, holidays\">"
            + "<script>var x=1;</script></head><body><nav>Home | Book</nav><h1>Opening hours</h1>"
            + "<p>We open at 7 am on weekdays.</p><footer>© Acme</footer></body></html>";

    DocumentReader.Read read =
        DocumentReader.read(html.getBytes(StandardCharsets.UTF_8), Type.HTML);

    assertThat(read.title()).isEqualTo("Hours");
    assertThat(read.tags()).containsExactly("hours", "holidays");
    assertThat(read.text()).isEqualTo("Opening hours\nWe open at 7 am on weekdays.");
  }

  @Test
  void givenAPdf_itExtractsTheTextAndTheTitle() throws Exception {
    byte[] pdf;
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      doc.getDocumentInformation().setTitle("Warranty");
      try (PDPageContentStream text = new PDPageContentStream(doc, page)) {
        text.beginText();
        text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        text.newLineAtOffset(72, 700);
        text.showText("All repairs carry a one-year warranty on labor.");
        text.endText();
      }
      doc.save(out);
      pdf = out.toByteArray();
    }

    DocumentReader.Read read = DocumentReader.read(pdf, Type.detect(null, "warranty.pdf"));

    assertThat(read.type()).isEqualTo(Type.PDF);
    assertThat(read.title()).isEqualTo("Warranty");
    assertThat(read.text()).isEqualTo("All repairs carry a one-year warranty on labor.");
  }

  @Test
  void givenBadFiles_theReasonIsNamed() {
    assertThatThrownBy(() -> Type.detect("image/png", "logo.png"))
        .isInstanceOfSatisfying(
            DocumentRejectedException.class,
            e ->
                assertThat(e.reason()).isEqualTo(DocumentRejectedException.Reason.UNSUPPORTED_TYPE))
        .hasMessageContaining("send Markdown (.md), text (.txt), HTML (.html) or PDF (.pdf)");
    assertThatThrownBy(() -> DocumentReader.read(new byte[] {'%', 'P', 'D', 'F'}, Type.PDF))
        .hasMessageContaining("the PDF could not be read");
    assertThatThrownBy(() -> DocumentReader.read(new byte[] {(byte) 0xC3, (byte) 0x28}, Type.TEXT))
        .hasMessageContaining("not UTF-8");
    assertThat(Type.detect("text/plain", "notes.md")).isEqualTo(Type.MARKDOWN);
    assertThat(Type.detect(null, "page.HTM")).isEqualTo(Type.HTML);
  }
}
