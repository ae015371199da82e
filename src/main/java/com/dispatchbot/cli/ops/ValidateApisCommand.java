package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.geo.GeoProperties;
import com.dispatchbot.activities.knowledge.KnowledgeProperties;
import com.dispatchbot.activities.knowledge.KnowledgeStore;
import com.dispatchbot.activities.knowledge.LuceneKnowledgeStore;
import com.dispatchbot.activities.knowledge.OpenSearchKnowledgeStore;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.workflows.TaskQueues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.maps.GeoApiContext;
import com.google.maps.GeocodingApi;
import com.google.maps.model.GeocodingResult;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * Checks every dependency the configuration names, the way the app would reach it, one line each:
 * OK, FAIL (with why) or SKIPPED (not configured). Costs at most one cheap request per service: a
 * model list (no completion), one geocode. Keys go in headers and are never printed; URLs are shown
 * without their credentials.
 */
@Command(
    name = "validate-apis",
    mixinStandardHelpOptions = true,
    description = {
      "Checks each configured dependency: Postgres (reachable, migrations current), Temporal"
          + " (reachable, namespace), the OpenAI-compatible endpoint (GET /models, when"
          + " OPENAI_API_KEY or LLM_BASE_URL is set), Google Maps (one geocode, when"
          + " GOOGLE_MAPS_API_KEY is set), Nominatim (when it is the fallback geocoder) and the"
          + " vector store.",
      "Exit: 0 every configured check passed, 1 at least one failed."
    })
public final class ValidateApisCommand extends OpsCommand {
  /** Per request: a dependency slower than this is as good as down for a caller on the line. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A real address Google knows, so a working key gets a result. */
  static final String TEST_ADDRESS = "1600 Pennsylvania Avenue NW, Washington, DC 20500";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> failed = new ArrayList<>();

  /** A check's outcome; {@code detail} says what was found or why it failed. */
  record Result(String status, String detail) {
    static Result ok(String detail) {
      return new Result("OK", detail);
    }

    static Result fail(String detail) {
      return new Result("FAIL", detail);
    }

    static Result skipped(String detail) {
      return new Result("SKIPPED", detail);
    }

    Result withNote(String note) {
      return status.equals("OK") ? new Result(status, detail + note) : this;
    }
  }

  @Override
  protected int run() {
    AppConfig config = AppConfig.load();
    check("postgres", this::postgres);
    check("temporal", () -> temporal(config));
    check("llm", () -> llm(config));
    check("google-maps", () -> googleMaps(config.geo()));
    check("nominatim", () -> nominatim(config.geo()));
    check("vector-store", () -> vectorStore(config.knowledge()));
    out.println(
        failed.isEmpty()
            ? "all configured dependencies answered"
            : failed.size() + " check(s) failed: " + String.join(", ", failed));
    return failed.isEmpty() ? OK : PROBLEM;
  }

  private void check(String name, Supplier<Result> probe) {
    long t = System.nanoTime();
    Result r;
    try {
      r = probe.get();
    } catch (RuntimeException e) {
      r = Result.fail(rootMessage(e));
    }
    long ms = (System.nanoTime() - t) / 1_000_000;
    if (r.status().equals("FAIL")) {
      failed.add(name);
    }
    out.printf(
        Locale.ROOT,
        "%-8s %-13s %s%s%n",
        r.status(),
        name,
        r.detail(),
        r.status().equals("SKIPPED") ? "" : " (" + Format.millis(ms) + ")");
  }

  private Result postgres() {
    try (OpsDatabase db = OpsDatabase.connect()) {
      String version =
          db.jdbc()
              .sql("select split_part(version(), ' ', 2) || ', database ' || current_database()")
              .query(String.class)
              .single();
      OpsDatabase.Migrations m = db.migrations();
      if (!m.pending().isEmpty()) {
        return Result.fail(
            "PostgreSQL "
                + version
                + ", but the schema is at "
                + m.current()
                + " and this jar needs "
                + m.latest()
                + " (pending "
                + String.join(", ", m.pending())
                + "; the app migrates at start-up)");
      }
      return Result.ok("PostgreSQL " + version + ", migrations current (" + m.current() + ")");
    } catch (Unavailable | BadInput e) {
      return Result.fail(e.getMessage());
    }
  }

  /**
   * A plain connection, as the app makes one; with TEMPORAL_API_KEY or TEMPORAL_TLS_CERT set, the
   * app's own connection (its Spring context applies the mTLS files or the API key), so the check
   * exercises exactly what the app will use.
   */
  private Result temporal(AppConfig config) {
    String target = config.temporalTarget();
    String namespace = config.temporalNamespace();
    boolean secured =
        config.env("TEMPORAL_API_KEY") != null || config.env("TEMPORAL_TLS_CERT") != null;
    if (secured) {
      try (AppBeans beans = AppBeans.start()) {
        return temporal(beans.get(WorkflowServiceStubs.class), target, namespace, false)
            .withNote(config.env("TEMPORAL_API_KEY") != null ? ", API key" : ", mTLS");
      } catch (RuntimeException e) {
        return Result.fail("the app's Temporal connection cannot be made: " + rootMessage(e));
      }
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    return temporal(stubs, target, namespace, true);
  }

  private Result temporal(
      WorkflowServiceStubs stubs, String target, String namespace, boolean shutdown) {
    try {
      String version =
          stubs
              .blockingStub()
              .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
              .getServerVersion();
      try {
        stubs
            .blockingStub()
            .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .describeNamespace(
                DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
          return Result.fail(
              "server " + target + " is up, but has no namespace '" + namespace + "'");
        }
        throw e;
      }
      int pollers = TestConversationCommand.pollers(stubs, namespace);
      return Result.ok(
          "server "
              + (version.isEmpty() ? "" : version + " ")
              + "at "
              + target
              + ", namespace "
              + namespace
              + ", "
              + pollers
              + " worker(s) polling "
              + TaskQueues.CONVERSATIONS);
    } catch (io.grpc.StatusRuntimeException e) {
      return Result.fail(
          "cannot reach Temporal at "
              + target
              + " ("
              + e.getStatus().getCode()
              + (e.getStatus().getDescription() == null
                  ? ""
                  : ": " + e.getStatus().getDescription())
              + ")");
    } finally {
      if (shutdown) {
        stubs.shutdownNow();
      }
    }
  }

  private Result llm(AppConfig config) {
    LlmProperties llm = config.llm();
    if (config.env("OPENAI_API_KEY") == null && config.env("LLM_BASE_URL") == null) {
      return Result.skipped("OPENAI_API_KEY and LLM_BASE_URL not set: answers come from rules");
    }
    String base = llm.effectiveBaseUrl().orElse(null);
    if (base == null) {
      return Result.fail(llm.whyNoModel().orElse("no LLM_BASE_URL"));
    }
    String url = base.replaceAll("/+$", "") + "/models";
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
    if (llm.hasApiKey()) {
      request.header("Authorization", "Bearer " + llm.apiKey());
    }
    HttpResponse<String> response;
    try {
      response = http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return Result.fail("cannot reach " + SystemAuditCommand.host(url) + ": " + rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail("interrupted");
    }
    String where = llm.provider().code() + " at " + withoutCredentials(base);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      return Result.fail(where + " refused the key (HTTP " + response.statusCode() + ")");
    }
    if (response.statusCode() != 200) {
      return Result.fail(where + " answered HTTP " + response.statusCode() + " to GET /models");
    }
    List<String> models = new ArrayList<>();
    try {
      for (JsonNode m : JSON.readTree(response.body()).path("data")) {
        models.add(m.path("id").asText());
      }
    } catch (java.io.IOException e) {
      return Result.fail(where + ": GET /models did not answer JSON");
    }
    List<String> wanted = new ArrayList<>(List.of(llm.model()));
    if (llm.enableFallback() && !llm.fallbackModel().isBlank()) {
      wanted.add(llm.fallbackModel());
    }
    KnowledgeProperties knowledge = config.knowledge();
    if (!knowledge.inProcessEmbeddings()) {
      wanted.add(knowledge.embeddingModel());
    }
    List<String> missing = wanted.stream().filter(w -> !models.contains(w)).toList();
    String note = llm.whyNoModel().map(why -> "; but the worker asks no model: " + why).orElse("");
    if (!missing.isEmpty() && llm.provider() != LlmProperties.Provider.AZURE) {
      return Result.fail(
          where + " lists " + models.size() + " models but not " + String.join(", ", missing));
    }
    return Result.ok(
        where
            + ", "
            + models.size()
            + " models"
            + (missing.isEmpty()
                ? ", " + String.join(", ", wanted) + " listed"
                : " (Azure lists base models, not deployments: "
                    + String.join(", ", missing)
                    + " not checked)")
            + note);
  }

  private Result googleMaps(GeoProperties geo) {
    if (!geo.hasGoogleKey()) {
      return Result.skipped("GOOGLE_MAPS_API_KEY not set: Nominatim / the gazetteer geocode");
    }
    GeoApiContext context =
        new GeoApiContext.Builder()
            .apiKey(geo.googleMapsApiKey())
            .connectTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .disableRetries()
            .build();
    try {
      GeocodingResult[] results = GeocodingApi.geocode(context, TEST_ADDRESS).await();
      return results == null || results.length == 0
          ? Result.fail("the key works but a known address found nothing")
          : Result.ok("geocoded a test address (" + results[0].geometry.locationType + ")");
    } catch (com.google.maps.errors.ApiException e) {
      return Result.fail(
          "Google refused: "
              + e.getClass().getSimpleName().replace("Exception", "")
              + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    } catch (java.io.IOException e) {
      return Result.fail("cannot reach Google: " + rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail("interrupted");
    } finally {
      context.shutdown();
    }
  }

  private Result nominatim(GeoProperties geo) {
    if (!geo.nominatimEnabled()) {
      return Result.skipped("FALLBACK_GEOCODER=none");
    }
    String url = geo.nominatimUrl().replaceAll("/+$", "") + "/status?format=json";
    try {
      HttpResponse<String> response =
          http()
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .timeout(TIMEOUT)
                      .header("User-Agent", "dispatch-bot validate-apis")
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Result.ok(withoutCredentials(geo.nominatimUrl()) + " answered /status")
          : Result.fail(
              withoutCredentials(geo.nominatimUrl()) + " answered HTTP " + response.statusCode());
    } catch (java.io.IOException e) {
      return Result.fail(
          "cannot reach " + withoutCredentials(geo.nominatimUrl()) + ": " + rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail("interrupted");
    }
  }

  private Result vectorStore(KnowledgeProperties knowledge) {
    String embeddings =
        knowledge.inProcessEmbeddings()
            ? "in-process embeddings"
            : "embeddings " + knowledge.embeddingModel();
    if (knowledge.openSearch()) {
      URI url;
      try {
        url = URI.create(knowledge.vectorStoreUrl());
      } catch (IllegalArgumentException e) {
        return Result.fail("VECTOR_STORE_URL is not a URL");
      }
      try (KnowledgeStore store =
          OpenSearchKnowledgeStore.connect(url, knowledge.vectorStoreIndex())) {
        return describe(store, "OpenSearch at " + withoutCredentials(knowledge.vectorStoreUrl()))
            .withSuffix(", " + embeddings);
      } catch (Exception e) {
        return Result.fail(
            "OpenSearch at "
                + withoutCredentials(knowledge.vectorStoreUrl())
                + ": "
                + rootMessage(e));
      }
    }
    Path dir = Path.of(knowledge.dataDir()).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      return Result.fail(
          "embedded store: KNOWLEDGE_DIR "
              + dir
              + " does not exist (the app creates it at start; run this with the app's"
              + " KNOWLEDGE_DIR and working directory)");
    }
    try (KnowledgeStore store = LuceneKnowledgeStore.open(dir, knowledge.vectorStoreIndex())) {
      return describe(store, "embedded store in " + dir).withSuffix(", " + embeddings);
    } catch (IllegalStateException e) {
      if (String.valueOf(e.getMessage()).startsWith("another store")) {
        // one process owns the folder: the running app has it open, which is how it should be
        return Result.ok("embedded store in " + dir + " is open in a running app, " + embeddings);
      }
      return Result.fail("embedded store in " + dir + ": " + rootMessage(e));
    } catch (Exception e) {
      return Result.fail("embedded store in " + dir + ": " + rootMessage(e));
    }
  }

  private static ResultWithSuffix describe(KnowledgeStore store, String where) {
    List<String> indices = store.indices();
    if (indices.isEmpty()) {
      return new ResultWithSuffix(
          Result.ok(where + ", no index yet (the first upload or reindex creates it)"));
    }
    String live;
    try {
      live = store.dimensions(store.alias()) + " dimensions";
    } catch (RuntimeException e) {
      return new ResultWithSuffix(
          Result.fail(
              where
                  + ": "
                  + indices.size()
                  + " index(es) but the alias "
                  + store.alias()
                  + " points at none (a full reindex sets it)"));
    }
    return new ResultWithSuffix(
        Result.ok(
            where + ", alias " + store.alias() + ", " + indices.size() + " index(es), " + live));
  }

  private record ResultWithSuffix(Result result) {
    Result withSuffix(String suffix) {
      return new Result(result.status(), result.detail() + suffix);
    }
  }

  private static HttpClient http() {
    return HttpClient.newBuilder()
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** scheme://host[:port][/path] of a URL, without a user or password. */
  static String withoutCredentials(String url) {
    try {
      URI u = URI.create(url.strip());
      return (u.getScheme() == null ? "" : u.getScheme() + "://")
          + (u.getHost() == null ? "?" : u.getHost())
          + (u.getPort() < 0 ? "" : ":" + u.getPort())
          + (u.getRawPath() == null ? "" : u.getRawPath());
    } catch (IllegalArgumentException e) {
      return "(not a URL)";
    }
  }
}
