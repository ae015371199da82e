package com.dispatchbot.bench;

import com.dispatchbot.bench.LoadGenerator.Run;
import com.dispatchbot.bench.LoadGenerator.Summary;
import com.dispatchbot.bench.SimulatedModel.Served;
import com.dispatchbot.bench.SimulatedModel.Settings;
import com.dispatchbot.bench.Stats.Percentiles;
import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.AuditLog;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code bench}: the performance proof of issue #7. Starts the {@link SimulatedModel} at a set
 * speed, runs the app from this same jar as a child process pointed at it (or measures an app
 * already running, {@code --url}), mints a caller key, warms up, then runs one phase per number of
 * concurrent callers ({@link LoadGenerator}, scripted home-service calls) and prints one row per
 * phase: turns, turns/s, error rate, turn latency p50/p95/p99, orchestration overhead (latency
 * minus the model's own time) p50/p95/p99, the share of turns a model answered, model calls per
 * turn, conversation start latency, the app's heap and the machine's CPU, and time to first token
 * when the app streams. The numbers are printed, never asserted: they depend on the machine.
 *
 * <pre>temporal-dev/bench --calls 1,20,100 --duration 20s --profile realistic</pre>
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Benchmark conversation turns end to end (HTTP -> Temporal workflow -> activities ->"
          + " simulated model) at several numbers of concurrent callers.",
      "Starts a simulated OpenAI-compatible model and the app (this jar, as a child process) on"
          + " free ports unless --url is given; needs DATABASE_URL and TEMPORAL_ADDRESS as the app"
          + " does (temporal-dev/bench sets them)."
    })
public final class BenchCommand implements Callable<Integer> {

  /** Speeds of the simulated model. */
  enum Profile {
    /** A hosted model on a good day: 300 ms to the first token, then 50 tokens/s. */
    REALISTIC(Duration.ofMillis(300), 50),
    /** No model time at all: every millisecond measured is the app's. */
    INSTANT(Duration.ZERO, 0);

    final Duration ttft;
    final double tokensPerSecond;

    Profile(Duration ttft, double tokensPerSecond) {
      this.ttft = ttft;
      this.tokensPerSecond = tokensPerSecond;
    }
  }

  /** Pause between phases, so the calls a phase ended are closed before the next one begins. */
  private static final Duration SETTLE = Duration.ofSeconds(2);

  private static final String NO_STREAM = "n/a (no streaming endpoint yet)";

  @Option(
      names = "--calls",
      split = ",",
      paramLabel = "N",
      description = "concurrent callers of each phase (default: ${DEFAULT-VALUE})")
  int[] calls = {1, 20, 100};

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "length of each phase, e.g. 20s, 2m (default: 20s)")
  Duration duration = Duration.ofSeconds(20);

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "warm-up before the first phase, not counted; 0 for none (default: 20s)")
  Duration warmup = Duration.ofSeconds(20);

  @Option(
      names = "--profile",
      description =
          "simulated model speed: realistic (300 ms TTFT, 50 tokens/s) or instant (0, 0)"
              + " (default: ${DEFAULT-VALUE})")
  Profile profile = Profile.REALISTIC;

  @Option(
      names = "--ttft",
      converter = DurationConverter.class,
      description = "model time to first token; overrides the profile's")
  Duration ttft;

  @Option(
      names = "--tokens-per-second",
      description = "model speed after the first token (0: all at once); overrides the profile's")
  Double tokensPerSecond;

  @Option(
      names = "--output-tokens",
      description = "tokens (words) in each model answer (default: ${DEFAULT-VALUE})")
  int outputTokens = 20;

  @Option(
      names = "--error-rate",
      description =
          "share of model requests that fail, split over 429, 500 and a hang (default:"
              + " ${DEFAULT-VALUE})")
  double errorRate;

  @Option(
      names = "--seed",
      description = "seed of the model's failures (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--stream",
      description =
          "ask for server-sent events (Accept: text/event-stream) and measure time to first token")
  boolean stream;

  @Option(
      names = "--think-time",
      converter = DurationConverter.class,
      description = "a caller's pause between a reply and its next line (default: 0)")
  Duration thinkTime = Duration.ZERO;

  @Option(
      names = "--max-attempts",
      description =
          "tries per request; retries of a turn keep its Idempotency-Key (default:"
              + " ${DEFAULT-VALUE})")
  int maxAttempts = 1;

  @Option(names = "--json", description = "print the results as JSON on stdout (table on stderr)")
  boolean json;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "measure the app running there instead of starting one")
  URI url;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "caller key to use; default: mint one for --tenant (DATABASE_URL), revoke it after")
  String apiKey;

  @Option(names = "--tenant", description = "tenant of the minted key (default: ${DEFAULT-VALUE})")
  String tenant = "demo";

  @Option(
      names = "--model-port",
      description =
          "port of the simulated model (default: a free one); with --url, start the model there"
              + " for an app whose LLM_BASE_URL points at it")
  Integer modelPort;

  @Option(
      names = "--jar",
      description = "jar of the app to start (default: the jar running this command)")
  Path jar;

  @Option(
      names = "--app-log",
      description = "where the started app writes its output (default: ${DEFAULT-VALUE})")
  Path appLog = Path.of(System.getenv().getOrDefault("BENCH_APP_LOG", "dispatch-bench-app.log"));

  @Option(
      names = "--app-java-options",
      description = "JVM options of the started app, space-separated (default: ${DEFAULT-VALUE})")
  String appJavaOptions = "-Xmx1g";

  @Option(
      names = "--model-concurrency",
      description =
          "MAX_CONCURRENT_REQUESTS of the started app: model calls at once (default:"
              + " ${DEFAULT-VALUE}, so the queue does not throttle the bench)")
  int modelConcurrency = 200;

  @Option(
      names = "--namespace",
      description = "TEMPORAL_NAMESPACE of the started app (default: the environment's)")
  String namespace;

  @Option(
      names = "--startup-timeout",
      converter = DurationConverter.class,
      description = "how long the app may take to be ready (default: 240s)")
  Duration startupTimeout = Duration.ofSeconds(240);

  /** One phase's numbers: the callers' view, the model's and the app's. */
  record Phase(
      int calls, Instant startedAt, Summary callers, ModelSide model, AppMetrics.Summary app) {}

  /**
   * What the simulated model served during a phase.
   *
   * @param requests requests it answered (an answer, a failure or a hang)
   * @param streamed requests that asked for a stream ({@code stream: true})
   * @param outcomes requests by outcome (ok, 429, 500, hang)
   * @param millis how long each took
   */
  record ModelSide(int requests, int streamed, Map<String, Integer> outcomes, Percentiles millis) {
    static ModelSide of(List<Served> served) {
      Map<String, Integer> outcomes = new TreeMap<>();
      served.forEach(s -> outcomes.merge(s.outcome(), 1, Integer::sum));
      return new ModelSide(
          served.size(),
          (int) served.stream().filter(Served::stream).count(),
          outcomes,
          Stats.percentiles(served.stream().mapToDouble(Served::modelMillis).toArray()));
    }
  }

  @Override
  public Integer call() throws Exception {
    quietLogging();
    PrintStream progress = System.err;
    Settings settings =
        new Settings(
            ttft != null ? ttft : profile.ttft,
            tokensPerSecond != null ? tokensPerSecond : profile.tokensPerSecond,
            outputTokens,
            errorRate,
            Duration.ofSeconds(60),
            seed);
    SimulatedModel model = null;
    AppProcess app = null;
    MintedKey minted = null;
    try {
      if (url == null || modelPort != null) {
        model = SimulatedModel.start(settings, modelPort == null ? 0 : modelPort);
        progress.println(
            "[bench] simulated model on " + model.baseUrl() + ": " + describe(settings));
      } else {
        progress.println(
            "[bench] measuring "
                + url
                + " with the model it is configured with (no --model-port: the simulated model"
                + " is not started, its settings are ignored)");
      }
      long startBegin = System.nanoTime();
      if (url == null) {
        app = launch(model);
      }
      URI base = app != null ? app.url() : url;
      AppProcess.awaitReady(base, app, startupTimeout, progress);
      double startSeconds = (System.nanoTime() - startBegin) / 1e9;
      if (app != null) {
        progress.printf(Locale.ROOT, "[bench] the app is ready after %.1f s%n", startSeconds);
      }
      String key = apiKey;
      if (key == null) {
        minted = MintedKey.mint(tenant);
        key = minted.key();
        progress.println(
            "[bench] minted caller_api key "
                + minted.id()
                + " for tenant "
                + tenant
                + " (revoked when the bench ends)");
      }
      LoadGenerator.Options template =
          LoadGenerator.Options.builder(base, key, 1).stream(stream)
              .thinkTime(thinkTime)
              .maxAttempts(maxAttempts)
              .build();
      if (!warmUp(template, progress)) {
        progress.println(
            "[bench] no turn got a reply during the warm-up; not measuring"
                + (app == null ? "" : " (app log: " + app.log() + ")"));
        return 1;
      }
      List<Phase> phases = new ArrayList<>();
      int firstPhone = 0;
      for (int i = 0; i < calls.length; i++) {
        progress.printf(
            Locale.ROOT,
            "[bench] phase %d/%d at %s: %d concurrent call(s) for %d s%n",
            i + 1,
            calls.length,
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            calls[i],
            duration.toSeconds());
        LoadGenerator.Options options =
            template.toBuilder()
                .callers(calls[i])
                .duration(duration)
                .firstPhone(firstPhone)
                .build();
        phases.add(phase(base, model, options));
        firstPhone += calls[i];
        Thread.sleep(SETTLE.toMillis());
      }
      String table = table(phases, settings, model != null, base, app != null);
      if (json) {
        System.err.print(table);
        System.out.println(json(phases, settings, model, base, app, startSeconds));
      } else {
        System.out.print(table);
      }
      return phases.stream().allMatch(p -> p.callers().replied() > 0) ? 0 : 1;
    } finally {
      if (minted != null) {
        minted.revoke();
      }
      if (app != null) {
        progress.println("[bench] stopping the app (log: " + app.log() + ")");
        app.close();
      }
      if (model != null) {
        model.close();
      }
    }
  }

  /**
   * Runs up to 4 callers for {@link #warmup} (JIT, connection pools, the intent model), not
   * counted. False when not one turn got a reply: measuring would only measure failures.
   */
  private boolean warmUp(LoadGenerator.Options template, PrintStream progress)
      throws InterruptedException {
    if (warmup.isZero()) {
      return true;
    }
    int callers = Math.min(4, Arrays.stream(calls).max().orElse(1));
    progress.printf(
        Locale.ROOT,
        "[bench] warm-up: %d caller(s) for %d s (not counted)%n",
        callers,
        warmup.toSeconds());
    Summary warm =
        LoadGenerator.run(
                template.toBuilder().callers(callers).duration(warmup).firstPhone(9000).build())
            .summary();
    progress.printf(
        Locale.ROOT,
        "[bench] warm-up: %d turns, %d replied, errors %s%n",
        warm.turns(),
        warm.replied(),
        warm.errorKinds().isEmpty() ? "none" : counts(warm.errorKinds()));
    return warm.replied() > 0;
  }

  private AppProcess launch(SimulatedModel model) throws Exception {
    Path jarPath = jar != null ? jar : runningJar();
    int port = AppProcess.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LLM_PROVIDER", "local");
    env.put("LLM_BASE_URL", model.baseUrl());
    env.put("MODEL_NAME", "gpt-4o-mini");
    env.put("FALLBACK_MODEL", "gpt-3.5-turbo");
    env.put("OPENAI_API_KEY", "sk-simulated");
    env.put("AI_MODE", "auto");
    env.put("ROUTE_TO_HUMAN", "false");
    // embeddings stay in-process: an OpenAI embedding model would be asked of the simulated one
    env.put("EMBEDDING_MODEL", null);
    // nothing may throttle the callers but the app's own capacity
    env.put("RATE_LIMIT_PER_KEY", "1000000");
    env.put("RATE_LIMIT_PER_PHONE", "1000000");
    env.put("LLM_RATE_LIMIT", "100000");
    env.put("MAX_CONCURRENT_REQUESTS", Integer.toString(modelConcurrency));
    // no backup or reindex may run in the middle of a phase
    env.put("SCHEDULES_REGISTER", "false");
    env.put("APP_ROLE", "all");
    env.put("START_WORKERS", "true");
    env.put("SAMPLE_DATA", "true");
    if (System.getenv("KNOWLEDGE_DIR") == null) {
      // its own embedded index: the Lucene folder of an app from temporal-dev/up is locked
      env.put(
          "KNOWLEDGE_DIR",
          Path.of(System.getProperty("java.io.tmpdir"), "dispatch-bench-knowledge").toString());
    }
    if (namespace != null) {
      env.put("TEMPORAL_NAMESPACE", namespace);
    }
    List<String> javaOptions =
        appJavaOptions.isBlank() ? List.of() : List.of(appJavaOptions.strip().split("\\s+"));
    System.err.println(
        "[bench] starting the app: java "
            + String.join(" ", javaOptions)
            + " -jar "
            + jarPath
            + " on :"
            + port
            + ", Temporal namespace "
            + (namespace != null
                ? namespace
                : System.getenv().getOrDefault("TEMPORAL_NAMESPACE", "default"))
            + ", model calls at once "
            + modelConcurrency
            + " (log: "
            + appLog
            + ")");
    return AppProcess.launch(jarPath, javaOptions, port, env, appLog);
  }

  /** The jar this command runs from ({@code java -jar X.jar bench}). */
  static Path runningJar() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      Path path = Path.of(classPath);
      if (Files.isRegularFile(path)) {
        return path.toAbsolutePath();
      }
    }
    throw new IllegalStateException(
        "not run with java -jar: give the app's jar with --jar, or an app's URL with --url");
  }

  private Phase phase(URI base, SimulatedModel model, LoadGenerator.Options options)
      throws InterruptedException {
    AppMetrics.Sampler sampler = AppMetrics.Sampler.start(base);
    long from = System.nanoTime();
    Run run = LoadGenerator.run(options);
    long to = System.nanoTime();
    AppMetrics.Summary app = sampler.stop();
    List<Served> served =
        model == null
            ? List.of()
            : model.served().stream()
                .filter(s -> s.atNanos() - from >= 0 && to - s.atNanos() >= 0)
                .toList();
    return new Phase(
        options.callers(),
        run.startedAt(),
        run.summary(),
        model == null ? null : ModelSide.of(served),
        app);
  }

  private static String describe(Settings settings) {
    return String.format(
        Locale.ROOT,
        "TTFT %d ms, %s, %d tokens per answer (%d ms per answer), %s errors, seed %d",
        settings.ttft().toMillis(),
        settings.tokensPerSecond() <= 0
            ? "all tokens at once"
            : String.format(Locale.ROOT, "%.0f tokens/s", settings.tokensPerSecond()),
        settings.outputTokens(),
        answerMillis(settings),
        percent(settings.errorRate()),
        settings.seed());
  }

  /** How long the simulated model takes for a whole answer. */
  private static long answerMillis(Settings settings) {
    double rest =
        settings.tokensPerSecond() <= 0
            ? 0
            : (settings.outputTokens() - 1) * 1000 / settings.tokensPerSecond();
    return settings.ttft().toMillis() + Math.round(rest);
  }

  // ---------------------------------------------------------------------------------------------
  // Output
  // ---------------------------------------------------------------------------------------------

  private String table(
      List<Phase> phases, Settings settings, boolean simulated, URI base, boolean launched) {
    StringBuilder out = new StringBuilder();
    out.append('\n')
        .append("dispatch-bot bench, ")
        .append(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
        .append(": app ")
        .append(base)
        .append(launched ? " (started by the bench)" : "")
        .append('\n');
    if (simulated) {
      out.append("model: simulated, ")
          .append(
              ttft == null && tokensPerSecond == null
                  ? profile.name().toLowerCase(Locale.ROOT) + " profile, "
                  : "")
          .append(describe(settings))
          .append('\n');
    }
    out.append(
            String.format(
                Locale.ROOT,
                "callers: closed loop (think time %d ms), %d s per phase, %d scripted calls of"
                    + " %d lines, each caller its own phone%n",
                thinkTime.toMillis(),
                duration.toSeconds(),
                LoadGenerator.HOME_SERVICE_CALLS.size(),
                LoadGenerator.HOME_SERVICE_CALLS.get(0).lines().size()))
        .append('\n');
    String header =
        String.format(
            Locale.ROOT,
            "%5s %6s %7s %7s | %7s %7s %7s | %7s %7s %7s | %5s %6s | %6s | %7s %5s | %s%n",
            "calls",
            "turns",
            "turns/s",
            "errors",
            "lat p50",
            "p95",
            "p99",
            "ovh p50",
            "p95",
            "p99",
            "model",
            "llm/t",
            "start",
            "heap MB",
            "cpu",
            "ttft");
    out.append(header);
    out.append("-".repeat(header.length() - 1)).append('\n');
    for (Phase phase : phases) {
      Summary s = phase.callers();
      out.append(
          String.format(
              Locale.ROOT,
              "%5d %6d %7.2f %7s | %7s %7s %7s | %7s %7s %7s | %5s %6s | %6s | %7s %5s | %s%n",
              phase.calls(),
              s.turns(),
              s.turnsPerSecond(),
              percent(s.errorRate()),
              ms(s.latency().p50()),
              ms(s.latency().p95()),
              ms(s.latency().p99()),
              ms(s.overhead().p50()),
              ms(s.overhead().p95()),
              ms(s.overhead().p99()),
              percent(s.modelShare()),
              phase.model() == null || s.turns() == 0
                  ? "-"
                  : String.format(
                      Locale.ROOT, "%.2f", (double) phase.model().requests() / s.turns()),
              ms(s.start().p50()),
              phase.app().samples() == 0
                  ? "-"
                  : Long.toString(phase.app().maxHeapUsedBytes() / (1024 * 1024)),
              Double.isNaN(phase.app().meanSystemCpu())
                  ? "-"
                  : percent(phase.app().meanSystemCpu()),
              ttftCell(s, settings)));
    }
    out.append('\n');
    for (Phase phase : phases) {
      Summary s = phase.callers();
      out.append(
          String.format(
              Locale.ROOT,
              "%5d: %d conversations, %d of %d turns replied; by provider %s; errors %s",
              phase.calls(),
              s.conversations(),
              s.replied(),
              s.turns(),
              counts(s.providers()),
              s.errorKinds().isEmpty() ? "none" : counts(s.errorKinds())));
      if (phase.model() != null) {
        out.append(
            String.format(
                Locale.ROOT,
                "; the model served %d requests (%s; %d streamed), p50 %s ms, %d more than the"
                    + " %d answers it wrote",
                phase.model().requests(),
                counts(phase.model().outcomes()),
                phase.model().streamed(),
                ms(phase.model().millis().p50()),
                phase.model().requests() - s.modelAnswered(),
                s.modelAnswered()));
      }
      if (!Double.isNaN(phase.app().meanProcessCpu())) {
        out.append(
            String.format(Locale.ROOT, "; app JVM cpu %s", percent(phase.app().meanProcessCpu())));
      }
      out.append('\n');
    }
    out.append(
        """

        lat      client latency of a turn (POST /v1/conversations/{id}/messages) to its reply, ms,
                 turns with a reply
        ovh      orchestration overhead: latency minus the model's own time (reply.modelMillis),
                 model-answered turns
        model    share of replied turns a model answered (others: rules, booking dialogue)
        llm/t    requests the simulated model served per turn tried: the answer, and also the
                 booking-slot extraction and intent second opinions, which reply.modelMillis does
                 not count (so with a slow model they show up in ovh)
        start    p50 of POST /v1/conversations (starts the workflow), ms
        heap MB  most heap the app had in use (its /metrics, scraped every second)
        cpu      the machine's mean CPU load (the app, Temporal, Postgres and the bench share it)
        ttft     time to the first token event of a streamed turn
        """);
    return out.toString();
  }

  private String ttftCell(Summary s, Settings settings) {
    if (s.streamed() == 0 || s.ttft().isEmpty()) {
      return stream ? NO_STREAM : "n/a (run with --stream)";
    }
    double model = settings.ttft().toMillis();
    return String.format(
        Locale.ROOT,
        "p50 %s p95 %s (overhead p50 %s p95 %s over the model's %d ms)",
        ms(s.ttft().p50()),
        ms(s.ttft().p95()),
        ms(s.ttft().p50() - model),
        ms(s.ttft().p95() - model),
        settings.ttft().toMillis());
  }

  private String json(
      List<Phase> phases,
      Settings settings,
      SimulatedModel model,
      URI base,
      AppProcess app,
      double startSeconds)
      throws Exception {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("at", Instant.now().toString());
    ObjectNode appNode = root.putObject("app").put("url", base.toString());
    appNode.put("startedByBench", app != null);
    if (app != null) {
      appNode.put("log", app.log().toString());
      appNode.put("javaOptions", appJavaOptions);
      appNode.put("modelConcurrency", modelConcurrency);
      appNode.put("readySeconds", round(startSeconds));
    }
    if (model != null) {
      root.putObject("model")
          .put("baseUrl", model.baseUrl())
          .put("profile", profile.name().toLowerCase(Locale.ROOT))
          .put("ttftMillis", settings.ttft().toMillis())
          .put("tokensPerSecond", settings.tokensPerSecond())
          .put("outputTokens", settings.outputTokens())
          .put("answerMillis", answerMillis(settings))
          .put("errorRate", settings.errorRate())
          .put("seed", settings.seed());
    }
    root.putObject("callers")
        .put("stream", stream)
        .put("thinkTimeMillis", thinkTime.toMillis())
        .put("maxAttempts", maxAttempts)
        .put("phaseSeconds", duration.toSeconds());
    var list = root.putArray("phases");
    for (Phase phase : phases) {
      Summary s = phase.callers();
      ObjectNode p = list.addObject();
      p.put("calls", phase.calls())
          .put("startedAt", phase.startedAt().toString())
          .put("conversations", s.conversations())
          .put("turns", s.turns())
          .put("replied", s.replied())
          .put("errors", s.errors())
          .put("errorRate", round(s.errorRate()))
          .put("turnsPerSecond", round(s.turnsPerSecond()))
          .put("modelShare", round(s.modelShare()))
          .put("handoffs", s.handoffs())
          .put("streamed", s.streamed())
          .put("restarts", s.restarts());
      p.set("latencyMillis", percentiles(mapper, s.latency()));
      p.set("overheadMillis", percentiles(mapper, s.overhead()));
      p.set("modelMillis", percentiles(mapper, s.model()));
      p.set("startMillis", percentiles(mapper, s.start()));
      p.set("ttftMillis", percentiles(mapper, s.ttft()));
      if (!s.ttft().isEmpty()) {
        double modelTtft = settings.ttft().toMillis();
        p.putObject("ttftOverheadMillis")
            .put("p50", round(s.ttft().p50() - modelTtft))
            .put("p95", round(s.ttft().p95() - modelTtft))
            .put("p99", round(s.ttft().p99() - modelTtft));
      }
      p.set("providers", mapper.valueToTree(s.providers()));
      p.set("errorKinds", mapper.valueToTree(s.errorKinds()));
      if (phase.model() != null) {
        ObjectNode m = p.putObject("modelServed");
        m.put("requests", phase.model().requests())
            .put("streamed", phase.model().streamed())
            .put("beyondAnswers", phase.model().requests() - s.modelAnswered())
            .put(
                "perTurn",
                s.turns() == 0 ? 0 : round((double) phase.model().requests() / s.turns()));
        m.set("outcomes", mapper.valueToTree(phase.model().outcomes()));
        m.set("millis", percentiles(mapper, phase.model().millis()));
      }
      ObjectNode a = p.putObject("appMetrics").put("samples", phase.app().samples());
      if (phase.app().samples() > 0) {
        a.put("maxHeapUsedBytes", phase.app().maxHeapUsedBytes());
        putNumber(a, "meanProcessCpu", phase.app().meanProcessCpu());
        putNumber(a, "meanSystemCpu", phase.app().meanSystemCpu());
      }
    }
    return mapper.writeValueAsString(root);
  }

  private static ObjectNode percentiles(ObjectMapper mapper, Percentiles p) {
    ObjectNode node = mapper.createObjectNode().put("count", p.count());
    if (!p.isEmpty()) {
      node.put("p50", round(p.p50()))
          .put("p95", round(p.p95()))
          .put("p99", round(p.p99()))
          .put("max", round(p.max()))
          .put("mean", round(p.mean()));
    }
    return node;
  }

  private static void putNumber(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, round(value));
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** {@code {a=1, b=2}} as "a 1, b 2". */
  private static String counts(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.0f", millis);
  }

  private static String percent(double share) {
    if (Double.isNaN(share)) {
      return "-";
    }
    double value = share * 100;
    return String.format(Locale.ROOT, value > 0 && value < 10 ? "%.1f %%" : "%.0f %%", value);
  }

  /** Library logging would go to the console at DEBUG without the app's configuration. */
  private static void quietLogging() {
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext logs) {
      logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  /**
   * A caller key made for the bench straight in Postgres (DATABASE_URL), as {@code create-api-key}
   * makes one, audited with the actor {@code bench}, and revoked when the bench ends.
   */
  record MintedKey(Accounts accounts, AuditLog audit, String tenant, String id, String key) {
    static MintedKey mint(String tenant) {
      JdbcClient jdbc =
          JdbcClient.create(
              DatabaseUrlEnvironmentPostProcessor.dataSource(
                  DatabaseUrlEnvironmentPostProcessor.fromEnvironment()));
      Accounts accounts =
          new Accounts(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder());
      AuditLog audit = new AuditLog(jdbc);
      String name = "bench " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      Accounts.IssuedKey key = accounts.createApiKey(tenant, name, Role.CALLER_API);
      audit.record(
          actor(tenant),
          "api_key.create",
          "api_key",
          key.id(),
          Map.of("name", name, "role", Role.CALLER_API.code(), "prefix", key.prefix()));
      return new MintedKey(accounts, audit, tenant, key.id(), key.key());
    }

    void revoke() {
      try {
        accounts.revokeApiKey(tenant, id);
        audit.record(actor(tenant), "api_key.revoke", "api_key", id, Map.of());
      } catch (RuntimeException e) {
        System.err.println("[bench] could not revoke the bench key " + id + ": " + e.getMessage());
      }
    }

    private static DispatchPrincipal actor(String tenant) {
      return new DispatchPrincipal(tenant, "bench", Role.ADMIN);
    }
  }

  /** Durations as people write them: 500ms, 15s, 2m, 1h, a bare number of seconds, or PT15S. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.strip().toLowerCase(Locale.ROOT);
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      var match =
          java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?").matcher(text);
      if (!match.matches()) {
        throw new IllegalArgumentException(
            "'" + value + "' is not a duration (e.g. 500ms, 15s, 2m, 1h, PT15S)");
      }
      double amount = Double.parseDouble(match.group(1));
      String unit = match.group(2) == null ? "s" : match.group(2);
      double millis =
          switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
          };
      return Duration.ofMillis(Math.round(millis));
    }
  }
}
