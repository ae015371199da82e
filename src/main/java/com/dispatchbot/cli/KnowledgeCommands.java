package com.dispatchbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Knowledge-base commands that talk to a running app over its REST API, so they work the same
 * against the embedded store and OpenSearch, and never fight the app for the store's files.
 */
final class KnowledgeCommands {
  private KnowledgeCommands() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** Where the app is, and the admin key whose tenant the commands act for. */
  static final class Target {
    @Option(
        names = "--url",
        description = "the running app (default: http://localhost:$PORT or :8000)")
    String url = "http://localhost:" + System.getenv().getOrDefault("PORT", "8000");

    @Option(
        names = "--api-key",
        description =
            "an admin API key of the tenant to act for (default: env DISPATCH_API_KEY; make one"
                + " with create-api-key --role admin)")
    String apiKey = System.getenv("DISPATCH_API_KEY");

    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpRequest.Builder request(String path) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
              .timeout(Duration.ofMinutes(2));
      if (apiKey != null && !apiKey.isBlank()) {
        b.header("Authorization", "Bearer " + apiKey.strip());
      }
      return b;
    }

    JsonNode send(HttpRequest request, int... ok) throws IOException, InterruptedException {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (java.net.ConnectException e) {
        throw new IOException(
            "cannot reach the app at " + url + " (is it running? temporal-dev/up)");
      }
      for (int code : ok) {
        if (response.statusCode() == code) {
          return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        }
      }
      String detail = response.body();
      try {
        detail = JSON.readTree(detail).path("detail").asText(detail);
      } catch (IOException ignored) {
        // not a problem document: print the body as it came
      }
      if (response.statusCode() == 401 && (apiKey == null || apiKey.isBlank())) {
        detail += " (pass --api-key or set DISPATCH_API_KEY)";
      }
      throw new IOException(response.statusCode() + ": " + detail);
    }

    /** Uploads one file as multipart/form-data. */
    JsonNode upload(Path file, String id, String title, String tags)
        throws IOException, InterruptedException {
      String boundary = "dispatch-" + UUID.randomUUID();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (String[] field : new String[][] {{"id", id}, {"title", title}, {"tags", tags}}) {
        if (field[1] != null) {
          body.writeBytes(
              ("--"
                      + boundary
                      + "\r\nContent-Disposition: form-data; name=\""
                      + field[0]
                      + "\"\r\n\r\n"
                      + field[1]
                      + "\r\n")
                  .getBytes(StandardCharsets.UTF_8));
        }
      }
      String name = file.getFileName().toString();
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + name.replace("\"", "")
                  + "\"\r\nContent-Type: "
                  + mediaType(name)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(Files.readAllBytes(file));
      body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return send(
          request("/v1/knowledge/documents")
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
              .build(),
          200,
          201);
    }

    private static String mediaType(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.endsWith(".md") || n.endsWith(".markdown")) {
        return "text/markdown";
      }
      if (n.endsWith(".html") || n.endsWith(".htm")) {
        return "text/html";
      }
      if (n.endsWith(".pdf")) {
        return "application/pdf";
      }
      return n.endsWith(".txt") ? "text/plain" : "application/octet-stream";
    }
  }

  @Command(
      name = "index-folder",
      mixinStandardHelpOptions = true,
      description =
          "Upload every .md, .txt, .html and .pdf file of a folder (re-uploads of unchanged files change nothing).")
  static final class IndexFolder implements Callable<Integer> {
    @Mixin Target target;

    @Parameters(paramLabel = "DIR")
    Path folder;

    @Override
    public Integer call() throws Exception {
      List<Path> files;
      try (Stream<Path> all = Files.walk(folder)) {
        files =
            all.filter(Files::isRegularFile)
                .filter(
                    p ->
                        p.getFileName()
                            .toString()
                            .toLowerCase(Locale.ROOT)
                            .matches(".*\\.(md|markdown|txt|html?|pdf)$"))
                .sorted()
                .toList();
      }
      int added = 0;
      int unchanged = 0;
      int failed = 0;
      try (ProgressBar bar = new ProgressBar("index", files.size())) {
        for (Path file : files) {
          try {
            JsonNode r = target.upload(file, null, null, null);
            if (r.path("changed").asBoolean()) {
              added++;
            } else {
              unchanged++;
            }
          } catch (IOException e) {
            failed++;
            bar.pause();
            System.err.println(file + ": " + e.getMessage());
            bar.resume();
          }
          bar.step();
        }
      }
      System.out.printf(
          "%d files: %d added or changed, %d unchanged, %d failed%n",
          files.size(), added, unchanged, failed);
      return failed == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "add-document",
      mixinStandardHelpOptions = true,
      description = "Upload one document.")
  static final class Add implements Callable<Integer> {
    @Mixin Target target;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Option(names = "--id")
    String id;

    @Option(names = "--title")
    String title;

    @Option(names = "--tags", description = "comma-separated")
    String tags;

    @Override
    public Integer call() throws Exception {
      JsonNode r = target.upload(file, id, title, tags);
      System.out.printf(
          "%s '%s': %s%n",
          r.path("documentId").asText(),
          r.path("title").asText(),
          r.path("changed").asBoolean()
              ? r.path("chunks").asInt() + " chunks embedded"
              : "unchanged");
      return 0;
    }
  }

  @Command(
      name = "delete-document",
      mixinStandardHelpOptions = true,
      description = "Delete a document and its chunks.")
  static final class Delete implements Callable<Integer> {
    @Mixin Target target;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() throws Exception {
      target.send(
          target
              .request("/v1/knowledge/documents/" + URLEncoder.encode(id, StandardCharsets.UTF_8))
              .DELETE()
              .build(),
          204);
      System.out.println("deleted " + id);
      return 0;
    }
  }

  @Command(
      name = "rebuild-index",
      mixinStandardHelpOptions = true,
      description =
          "Full rebuild into a new index, verified, then swapped in (or --incremental); waits and shows progress.")
  static final class Rebuild implements Callable<Integer> {
    @Mixin Target target;

    @Option(names = "--incremental", description = "only re-embed changed documents")
    boolean incremental;

    private static final List<String> PHASES =
        List.of("describe", "build", "catch-up", "verify", "swap", "done");

    @Override
    public Integer call() throws Exception {
      String mode = incremental ? "incremental" : "full";
      JsonNode started =
          target.send(
              target
                  .request("/v1/knowledge/reindex")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"" + mode + "\"}"))
                  .build(),
              202);
      String runId = started.path("runId").asText();
      JsonNode status;
      try (ProgressBar bar = new ProgressBar("reindex " + mode, PHASES.size() - 1)) {
        while (true) {
          status = target.send(target.request("/v1/knowledge/reindex").GET().build(), 200);
          String phase = status.path("progress").path("phase").asText("describe");
          bar.stepTo(Math.max(0, PHASES.indexOf(phase)));
          bar.setExtraMessage(status.path("progress").path("detail").asText(""));
          if (!status.path("state").asText().equals("RUNNING")
              || !status.path("runId").asText().equals(runId)) {
            break;
          }
          Thread.sleep(500);
        }
      }
      JsonNode report = status.path("report");
      if (!status.path("state").asText().equals("COMPLETED")) {
        System.err.println(
            "reindex ended "
                + status.path("state").asText()
                + " (see the Temporal UI, workflow knowledge-reindex)");
        return 1;
      }
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
      if (mode.equals("full") && !report.path("swapped").asBoolean()) {
        System.err.println("not swapped in: " + report.path("reason").asText());
        return 2;
      }
      return 0;
    }
  }

  @Command(
      name = "test-search",
      mixinStandardHelpOptions = true,
      description = "Search the knowledge base and print the hits.")
  static final class TestSearch implements Callable<Integer> {
    @Mixin Target target;

    @Option(
        names = {"--query", "-q"},
        required = true)
    String query;

    @Option(names = {"--top-k", "-k"})
    int topK = 5;

    @Option(
        names = "--filter",
        description = "field:value[,field:value] (documentId, title, source, tag)")
    String filter;

    @Override
    public Integer call() throws Exception {
      String path =
          "/v1/knowledge/search?q="
              + URLEncoder.encode(query, StandardCharsets.UTF_8)
              + "&k="
              + topK
              + (filter == null
                  ? ""
                  : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
      long started = System.nanoTime();
      JsonNode hits = target.send(target.request(path).GET().build(), 200);
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (hits.isEmpty()) {
        System.out.println("no chunk passes the relevance threshold (" + ms + " ms)");
        return 0;
      }
      int rank = 1;
      for (JsonNode h : hits) {
        System.out.printf(
            Locale.ROOT,
            "%d. %.3f (vector %.3f, bm25 %.3f)  %s  [%s]%n   %s%n",
            rank++,
            h.path("score").asDouble(),
            h.path("vectorScore").asDouble(),
            h.path("keywordScore").asDouble(),
            h.path("metadata").path("title").asText(),
            h.path("chunkId").asText(),
            h.path("text")
                .asText()
                .replace('\n', ' ')
                .substring(0, Math.min(200, h.path("text").asText().length())));
      }
      System.out.println(hits.size() + " hits in " + ms + " ms");
      return 0;
    }
  }
}
