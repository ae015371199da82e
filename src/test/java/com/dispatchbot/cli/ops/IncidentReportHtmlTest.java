package com.dispatchbot.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IncidentReportHtmlTest {

  @Test
  void givenMarkupInStoredText_itShouldComeOutAsText() {
    assertThat(IncidentReportHtml.escape("</td><script>alert('x')</script> & \"more\""))
        .isEqualTo(
            "&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;");
    assertThat(IncidentReportHtml.escape(null)).isEmpty();
  }
}
