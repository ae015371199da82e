package com.dispatchbot.cli.ops;

import java.util.Locale;
import java.util.Map;

/**
 * Renders an incident report as one HTML page: inline CSS, no script, no link to anything outside
 * the file. Every value from the database goes through {@link #escape}.
 */
final class IncidentReportHtml {
  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#1c1c1c}
      h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.8em}
      .meta{color:#555}table{border-collapse:collapse;margin:.5em 0}
      th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      .cards{display:flex;flex-wrap:wrap;gap:.8em}
      .card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;min-width:9em}
      .card b{display:block;font-size:1.35em}.bad{color:#b00020}.ok{color:#1b6e20}
      .bar{background:#4a78c2;height:.8em;display:inline-block}
      .quote{white-space:pre-wrap;max-width:46em}
      """;

  private IncidentReportHtml() {}

  static String render(IncidentReportCommand.Report r) {
    StringBuilder h = new StringBuilder(16_384);
    String title =
        "Incident report: tenant "
            + r.tenantId()
            + ", "
            + Format.instant(r.window().from())
            + " to "
            + Format.instant(r.window().to())
            + " UTC";
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(title))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p class=\"meta\">Generated ")
        .append(escape(Format.instant(r.generatedAt())))
        .append(" UTC by dispatch-bot incident-report. Rates as the daily cost report counts")
        .append(" them: guardrail refusals and operator acknowledgements are not judged.</p>\n");

    ReplyStats.Totals t = r.totals();
    double[] all = r.latency().get("all");
    long handoffs = r.handoffReasons().values().stream().mapToLong(Long::longValue).sum();
    h.append("<h2>Summary</h2>\n<div class=\"cards\">");
    card(h, "replies", Format.count(t.responses()), null);
    card(h, "calls", Format.count(t.calls()), null);
    card(h, "p50 latency", all == null ? "n/a" : Format.millis(all[0]), null);
    card(h, "p95 latency", all == null ? "n/a" : Format.millis(all[1]), null);
    card(h, "p99 latency", all == null ? "n/a" : Format.millis(all[2]), null);
    card(
        h,
        "fallback rate",
        Format.rate(t.fallbacks(), t.judged()),
        t.judged() > 0 && t.fallbackRate() > r.thresholds().fallbackRate());
    card(
        h,
        "error rate",
        Format.rate(t.errors(), t.judged()),
        t.judged() > 0 && t.errorRate() > r.thresholds().errorRate());
    card(h, "cost", Format.usd(t.cost()), null);
    card(
        h,
        "cost per call",
        Format.usd(t.costPerCall()),
        t.costPerCall().compareTo(r.thresholds().costPerCall()) > 0);
    card(h, "handoffs", Format.count(handoffs), null);
    card(h, "callbacks", Format.count(r.callbacks()), null);
    card(h, "guardrail refusals", Format.count(t.refusals()), null);
    h.append("</div>\n<p>Of ")
        .append(Format.count(t.judged()))
        .append(" replies the bot gave itself, ")
        .append(Format.count(t.fallbacks()))
        .append(" came from a fallback and ")
        .append(Format.count(t.errors()))
        .append(" turns could not be answered; ")
        .append(Format.count(t.inputTokens()))
        .append(" input and ")
        .append(Format.count(t.outputTokens()))
        .append(" output tokens. Thresholds: error rate ")
        .append(Format.percent(r.thresholds().errorRate()))
        .append(", fallback rate ")
        .append(Format.percent(r.thresholds().fallbackRate()))
        .append(", cost per call ")
        .append(escape(Format.usd(r.thresholds().costPerCall())))
        .append(".</p>\n");

    h.append("<h2>Latency by provider</h2>\n<table><tr><th>provider</th>")
        .append("<th class=\"n\">replies</th><th class=\"n\">p50</th><th class=\"n\">p95</th>")
        .append("<th class=\"n\">p99</th><th class=\"n\">max</th></tr>\n");
    for (Map.Entry<String, double[]> e : r.latency().entrySet()) {
      double[] v = e.getValue();
      h.append("<tr><td>")
          .append(escape(e.getKey()))
          .append("</td>")
          .append(num(String.format(Locale.ROOT, "%,.0f", v[4])))
          .append(num(Format.millis(v[0])))
          .append(num(Format.millis(v[1])))
          .append(num(Format.millis(v[2])))
          .append(num(Format.millis(v[3])))
          .append("</tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>By hour (UTC)</h2>\n<table><tr><th>hour</th><th class=\"n\">replies</th>")
        .append("<th></th><th class=\"n\">p95 latency</th><th class=\"n\">fallbacks</th>")
        .append("<th class=\"n\">errors</th><th class=\"n\">cost</th>")
        .append("<th class=\"n\">handoffs</th></tr>\n");
    long peak = r.hours().stream().mapToLong(IncidentReportCommand.Hour::responses).max().orElse(0);
    for (IncidentReportCommand.Hour hour : r.hours()) {
      int width = peak == 0 ? 0 : (int) Math.round(120.0 * hour.responses() / peak);
      h.append("<tr><td>")
          .append(escape(Format.instant(hour.hour())))
          .append("</td>")
          .append(num(Format.count(hour.responses())))
          .append("<td><span class=\"bar\" style=\"width:")
          .append(width)
          .append("px\"></span></td>")
          .append(num(hour.p95() == null ? "-" : Format.millis(hour.p95())))
          .append(num(Format.count(hour.fallbacks())))
          .append(num(Format.count(hour.errors())))
          .append(num(Format.usd(hour.cost())))
          .append(num(Format.count(hour.handoffs())))
          .append("</tr>\n");
    }
    h.append("</table>\n");

    h.append("<h2>Handoffs by reason</h2>\n");
    counts(h, "reason", r.handoffReasons());
    h.append("<h2>Fallback reasons</h2>\n");
    counts(h, "reason", r.fallbackReasons());

    h.append("<h2>Alerts</h2>\n");
    if (r.alerts().isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<table><tr><th>raised (UTC)</th><th>severity</th><th>kind</th><th>scope</th>")
          .append("<th>message</th></tr>\n");
      for (String[] a : r.alerts()) {
        h.append("<tr>");
        for (String cell : a) {
          h.append("<td>").append(escape(cell)).append("</td>");
        }
        h.append("</tr>\n");
      }
      h.append("</table>\n");
    }

    h.append("<h2>Turns nothing could answer</h2>\n");
    if (r.failed().isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<p>The caller's words with phones, e-mails and addresses replaced; at most 50.</p>")
          .append("<table><tr><th>at (UTC)</th><th>conversation</th><th class=\"n\">turn</th>")
          .append("<th>caller said</th><th>why</th></tr>\n");
      for (IncidentReportCommand.Failed f : r.failed()) {
        h.append("<tr><td>")
            .append(escape(Format.instant(f.at())))
            .append("</td><td>")
            .append(escape(f.conversationId()))
            .append("</td>")
            .append(num(Integer.toString(f.turn())))
            .append("<td class=\"quote\">")
            .append(escape(f.callerText()))
            .append("</td><td>")
            .append(escape(f.reason()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void card(StringBuilder h, String label, String value, Boolean bad) {
    h.append("<div class=\"card\"><b")
        .append(bad == null ? "" : bad ? " class=\"bad\"" : " class=\"ok\"")
        .append('>')
        .append(escape(value))
        .append("</b>")
        .append(escape(label))
        .append("</div>");
  }

  private static void counts(StringBuilder h, String what, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      h.append("<p>None.</p>\n");
      return;
    }
    h.append("<table><tr><th>")
        .append(escape(what))
        .append("</th><th class=\"n\">count</th></tr>\n");
    counts.forEach(
        (k, v) ->
            h.append("<tr><td>")
                .append(escape(k))
                .append("</td>")
                .append(num(Format.count(v)))
                .append("</tr>\n"));
    h.append("</table>\n");
  }

  private static String num(String value) {
    return "<td class=\"n\">" + escape(value) + "</td>";
  }

  /** Text as HTML: the five characters that could open markup or end an attribute. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
