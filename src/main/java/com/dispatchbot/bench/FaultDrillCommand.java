package com.dispatchbot.bench;

import com.dispatchbot.bench.LoadGenerator.Script;
import com.dispatchbot.bench.LoadGenerator.Turn;
import com.dispatchbot.config.DatabaseUrlEnvironmentPostProcessor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fault-drill}: the fault-tolerance proof of issue #7. Runs the app as two child processes
 * from this jar, an API node and a worker node, against a simulated model that fails 30 % of its
 * requests (429, 500, hangs past the timeout), and drives scripted calls at them (bookings
 * included) while it kills the worker with SIGKILL in the middle of turns and starts a new one,
 * restarts the Temporal server and restarts PostgreSQL (through the commands it is given). When the
 * load has stopped and every turn has settled, it counts from the client's records and the
 * database: lost turns, failed turns, duplicate messages, duplicate bookings. Exit 0 only when all
 * four are 0.
 *
 * <pre>temporal-dev/fault-drill            (full: 6 callers, 3 minutes, 4 kills)
 * temporal-dev/fault-drill --short    (the CI version)</pre>
 */
@Command(
    name = "fault-drill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Kill -9 the worker mid-turn, restart Temporal and PostgreSQL and run the model at 30 %%"
          + " errors under load; print lost turns, failed turns, duplicate messages and duplicate"
          + " bookings (all must be 0: exit 1 otherwise).",
      "Needs DATABASE_URL and TEMPORAL_ADDRESS as the app does; temporal-dev/fault-drill sets"
          + " them, runs its own Temporal dev server and passes the restart commands."
    })
public final class FaultDrillCommand implements Callable<Integer> {
  private static final PrintStream OUT = System.out;

  @Option(names = "--short", description = "the CI version: 3 callers, 75 s, 2 kills")
  boolean quick;

  @Option(names = "--callers", description = "concurrent callers (default 6; --short 3)")
  Integer callers;

  @Option(
      names = "--duration",
      description = "how long callers begin new turns (default 180s; --short 75s)",
      converter = BenchCommand.DurationConverter.class)
  Duration duration;

  @Option(names = "--kills", description = "worker kills during the load (default 4; --short 2)")
  Integer kills;

  @Option(
      names = "--error-rate",
      description = "share of model requests that fail (default ${DEFAULT-VALUE})")
  double errorRate = 0.3;

  @Option(
      names = "--restart-temporal",
      description = "shell command that restarts the Temporal server (none: that step is skipped)")
  String restartTemporal;

  @Option(
      names = "--restart-postgres",
      description = "shell command that restarts PostgreSQL (none: that step is skipped)")
  String restartPostgres;

  @Option(names = "--jar", description = "the app jar (default: the one running this command)")
  Path jar;

  @Option(
      names = "--work-dir",
      description = "logs of the app processes (default ${DEFAULT-VALUE})")
  Path workDir = Path.of("target", "fault-drill");

  @Option(names = "--tenant", description = "the tenant called (default ${DEFAULT-VALUE})")
  String tenant = "demo";

  @Option(
      names = "--settle",
      description = "longest wait for in-flight turns after the load (default ${DEFAULT-VALUE})",
      converter = BenchCommand.DurationConverter.class)
  Duration settle = Duration.ofMinutes(3);

  /** Calls that book: the booking's idempotency is what "duplicate bookings" tests. */
  static final List<Script> DRILL_CALLS =
      List.of(
          new Script(
              "book-drain",
              List.of(
                  "how much do u charge to unclog a drain",
                  "I'd like to book a drain cleaning at 1550 Larimer St, Denver, CO 80202",
                  "the first one",
                  "yes",
                  "do I need to be home for the visit")),
          new Script(
              "questions",
              List.of(
                  "are you open saturdays",
                  "how many years does a hot water tank usually last",
                  "do you have some kind of yearly plan for the furnace and ac",
                  "how long is the warranty on a repair")),
          new Script(
              "book-faucet",
              List.of(
                  "can someone fix a dripping faucet at 2400 E Colfax Ave, Denver, CO 80206",
                  "the second one",
                  "yes please",
                  "what should I do until the plumber arrives")));

  /** What the drill counts; every number but the work done must be 0. */
  record Verdict(
      int conversations,
      int turnsSent,
      int turnsReplied,
      int lostTurns,
      int failedTurns,
      int duplicateMessages,
      int duplicateBookings,
      int bookings,
      int workerKills,
      boolean temporalRestarted,
      boolean postgresRestarted,
      List<String> problems) {

    boolean passed() {
      return lostTurns == 0 && failedTurns == 0 && duplicateMessages == 0 && duplicateBookings == 0;
    }
  }

  @Override
  public Integer call() throws Exception {
    int callerCount = callers != null ? callers : quick ? 3 : 6;
    Duration load =
        duration != null ? duration : quick ? Duration.ofSeconds(75) : Duration.ofMinutes(3);
    int killCount = kills != null ? kills : quick ? 2 : 4;
    Path appJar = jar != null ? jar : BenchCommand.runningJar();
    Files.createDirectories(workDir);

    SimulatedModel.Settings settings =
        new SimulatedModel.Settings(
            Duration.ofMillis(150), 60, 12, errorRate, Duration.ofSeconds(4), 7);
    try (SimulatedModel model = SimulatedModel.start(settings, 0)) {
      Map<String, String> env = appEnvironment(model);
      int apiPort = AppProcess.freePort();
      say(
          "model: %.0f %% errors (429 / 500 / hangs past LLM_TIMEOUT=2s); %d callers for %d s; %d"
              + " worker kills%s%s",
          errorRate * 100,
          callerCount,
          load.toSeconds(),
          killCount,
          restartTemporal == null ? "" : "; Temporal restart",
          restartPostgres == null ? "" : "; PostgreSQL restart");
      AtomicReference<AppProcess> worker = new AtomicReference<>();
      BenchCommand.MintedKey key = null;
      try (AppProcess api =
          AppProcess.launch(
              appJar,
              List.of("-Xmx768m"),
              apiPort,
              with(with(env, "APP_ROLE", "api"), "KNOWLEDGE_DIR", knowledgeDir("api")),
              workDir.resolve("api.log"))) {
        worker.set(startWorker(appJar, env, 0));
        AppProcess.awaitReady(api.url(), api, Duration.ofMinutes(4), OUT);
        AppProcess.awaitReady(worker.get().url(), worker.get(), Duration.ofMinutes(4), OUT);
        say("API node %s and worker node (pid %d) ready", api.url(), worker.get().pid());
        // after the app's start: it migrates the database and loads the sample tenant
        key = BenchCommand.MintedKey.mint(tenant);

        LoadGenerator.Options options =
            LoadGenerator.Options.builder(api.url(), key.key(), callerCount)
                .duration(load)
                .scripts(DRILL_CALLS)
                .maxAttempts(12)
                .requestTimeout(Duration.ofSeconds(45))
                .firstPhone(4100)
                .build();
        CompletableFuture<LoadGenerator.Run> running =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return LoadGenerator.run(options);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                });
        Chaos chaos = new Chaos(load, killCount, appJar, env, worker);
        chaos.run(running);
        LoadGenerator.Run run = running.get(load.toSeconds() + 600, TimeUnit.SECONDS);
        say("load done: %d turns sent; waiting for every turn to settle", run.turns().size());
        if (!worker.get().alive()) {
          worker.set(startWorker(appJar, env, chaos.kills + 1));
          AppProcess.awaitReady(worker.get().url(), worker.get(), Duration.ofMinutes(4), OUT);
        }
        Verdict verdict = verdict(run, chaos);
        printFaults(run, chaos);
        printModel(model);
        print(verdict);
        return verdict.passed() ? 0 : 1;
      } finally {
        AppProcess w = worker.get();
        if (w != null) {
          w.close();
        }
        if (key != null) {
          key.revoke();
        }
      }
    }
  }

  /** The schedule of faults, run on this thread while the load runs on another. */
  private final class Chaos {
    private final Duration load;
    private final int killCount;
    private final Path appJar;
    private final Map<String, String> env;
    private final AtomicReference<AppProcess> worker;
    int kills;
    final List<java.time.Instant> faultTimes = new ArrayList<>();
    final List<String> faultNames = new ArrayList<>();
    boolean temporalRestarted;
    boolean postgresRestarted;
    final List<String> problems = new ArrayList<>();

    Chaos(
        Duration load,
        int killCount,
        Path appJar,
        Map<String, String> env,
        AtomicReference<AppProcess> worker) {
      this.load = load;
      this.killCount = killCount;
      this.appJar = appJar;
      this.env = env;
      this.worker = worker;
    }

    /**
     * Kills spread over the load; the Temporal restart a third of the way in, PostgreSQL's at two
     * thirds (a fault may land while a new worker is still starting: that is part of the drill).
     */
    void run(CompletableFuture<LoadGenerator.Run> running) throws Exception {
      long begin = System.nanoTime();
      long total = load.toMillis();
      List<long[]> plan = new ArrayList<>();
      for (int i = 0; i < killCount; i++) {
        plan.add(new long[] {total * (2L * i + 1) / (2L * killCount) - total / 10, 0});
      }
      plan.add(new long[] {total / 3, 1});
      plan.add(new long[] {total * 2 / 3, 2});
      plan.sort((a, b) -> Long.compare(a[0], b[0]));
      for (long[] step : plan) {
        long wait = step[0] - (System.nanoTime() - begin) / 1_000_000;
        if (wait > 0 && !sleepUnlessDone(running, wait)) {
          return;
        }
        faultTimes.add(java.time.Instant.now());
        faultNames.add(step[1] == 0 ? "kill -9 worker" : step[1] == 1 ? "Temporal" : "PostgreSQL");
        switch ((int) step[1]) {
          case 0 -> killWorker();
          case 1 -> temporalRestarted = restart("Temporal", restartTemporal) || temporalRestarted;
          default ->
              postgresRestarted = restart("PostgreSQL", restartPostgres) || postgresRestarted;
        }
      }
    }

    /** SIGKILL while turns are in flight, then a new worker (as a crash and a redeploy). */
    private void killWorker() throws IOException {
      AppProcess victim = worker.get();
      kills++;
      say("kill -9 worker pid %d (%d of %d)", victim.pid(), kills, killCount);
      victim.kill();
      worker.set(startWorker(appJar, env, kills));
    }

    private boolean restart(String what, String command) throws Exception {
      if (command == null || command.isBlank()) {
        say("%s restart skipped: no command given", what);
        return false;
      }
      say("restarting %s: %s", what, command);
      long began = System.nanoTime();
      Process process =
          new ProcessBuilder("bash", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(workDir.resolve("restart-" + what.toLowerCase() + ".log").toFile())
              .start();
      if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
        problems.add(what + " restart command failed; see " + workDir);
        say("%s restart FAILED", what);
        return false;
      }
      say("%s back after %d ms", what, (System.nanoTime() - began) / 1_000_000);
      return true;
    }

    private boolean sleepUnlessDone(CompletableFuture<?> running, long millis)
        throws InterruptedException, ExecutionException {
      try {
        running.get(millis, TimeUnit.MILLISECONDS);
        return false;
      } catch (TimeoutException stillRunning) {
        return true;
      }
    }
  }

  private AppProcess startWorker(Path appJar, Map<String, String> env, int generation)
      throws IOException {
    return AppProcess.launch(
        appJar,
        List.of("-Xmx1g"),
        AppProcess.freePort(),
        with(with(env, "APP_ROLE", "worker"), "KNOWLEDGE_DIR", knowledgeDir("worker")),
        workDir.resolve("worker-" + generation + ".log"));
  }

  /**
   * The embedded knowledge store is one process's (a Lucene lock): each node gets its own folder;
   * the worker generations share theirs (a killed worker's lock dies with it).
   */
  private String knowledgeDir(String node) {
    return workDir.resolve("knowledge-" + node).toString();
  }

  private Map<String, String> appEnvironment(SimulatedModel model) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LLM_PROVIDER", "local");
    env.put("LLM_BASE_URL", model.baseUrl());
    env.put("MODEL_NAME", "gpt-4o-mini");
    env.put("FALLBACK_MODEL", "gpt-3.5-turbo");
    env.put("OPENAI_API_KEY", "sk-simulated");
    env.put("AI_MODE", "auto");
    env.put("LLM_TIMEOUT", "2");
    env.put("LLM_MAX_RETRIES", "3");
    env.put("LLM_RETRY_DELAY", "300ms");
    env.put("EMBEDDING_MODEL", null);
    env.put("ROUTE_TO_HUMAN", "false");
    env.put("REPLY_TIMEOUT", "30s");
    env.put("RATE_LIMIT_PER_KEY", "1000000");
    env.put("RATE_LIMIT_PER_PHONE", "1000000");
    env.put("SCHEDULES_REGISTER", "false");
    env.put("SAMPLE_DATA", "true");
    env.put("DEMO_CREDENTIALS_FILE", workDir.resolve("demo-credentials.properties").toString());
    return env;
  }

  /** Counts from the client's records and the database, once every turn has settled. */
  private Verdict verdict(LoadGenerator.Run run, Chaos chaos) throws InterruptedException {
    JdbcClient jdbc =
        JdbcClient.create(
            DatabaseUrlEnvironmentPostProcessor.dataSource(
                DatabaseUrlEnvironmentPostProcessor.fromEnvironment()));
    Set<String> workflows =
        run.conversationIds().stream()
            .map(id -> "conv-" + tenant + "-" + id)
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    // every message the client sent, by conversation, in order
    Map<String, List<Turn>> sent = new LinkedHashMap<>();
    for (Turn turn : run.turns()) {
      sent.computeIfAbsent("conv-" + tenant + "-" + turn.conversationId(), w -> new ArrayList<>())
          .add(turn);
    }
    long deadline = System.nanoTime() + settle.toNanos();
    int unsettled;
    do {
      unsettled = 0;
      for (var entry : sent.entrySet()) {
        int stored = storedReplies(jdbc, entry.getKey());
        unsettled += Math.max(0, acknowledged(entry.getValue()) - stored);
      }
      if (unsettled > 0) {
        Thread.sleep(2_000);
      }
    } while (unsettled > 0 && System.nanoTime() < deadline);

    int lost = 0;
    int failed = 0;
    int duplicates = 0;
    int replied = 0;
    List<String> problems = new ArrayList<>(chaos.problems);
    for (var entry : sent.entrySet()) {
      String workflowId = entry.getKey();
      List<String> callerTexts =
          jdbc.sql(
                  "select text from conversation_messages where workflow_id = ? and role = 'caller'"
                      + " order by turn")
              .param(workflowId)
              .query(String.class)
              .list();
      int answered = storedReplies(jdbc, workflowId);
      replied += answered;
      Map<String, Long> counts =
          callerTexts.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
      for (var count : counts.entrySet()) {
        if (count.getValue() > 1) {
          duplicates += (int) (count.getValue() - 1);
          problems.add(workflowId + ": caller message stored " + count.getValue() + " times");
        }
      }
      int repliesPerTurn =
          jdbc.sql(
                  "select coalesce(sum(n - 1), 0) from (select count(*) n from conversation_messages"
                      + " where workflow_id = ? and role = 'assistant' group by turn) t")
              .param(workflowId)
              .query(Integer.class)
              .single();
      duplicates += repliesPerTurn;
      for (Turn turn : entry.getValue()) {
        boolean acknowledged = turn.status() == 200 || turn.status() == 202;
        boolean stored = callerTexts.contains(turn.text());
        if (acknowledged && !stored) {
          lost++;
          problems.add(workflowId + ": acknowledged but never stored: " + turn.text());
        }
        if (!turn.replied() && !(stored && repliedTo(jdbc, workflowId, turn))) {
          failed++;
          problems.add(
              workflowId + ": no reply for \"" + turn.text() + "\" (" + turn.error() + ")");
        }
      }
      if (answered < callerTexts.size()) {
        lost += callerTexts.size() - answered;
        problems.add(
            workflowId
                + ": "
                + (callerTexts.size() - answered)
                + " stored message(s) never answered");
      }
    }
    List<Integer> bookingsPerCall =
        workflows.isEmpty()
            ? List.of()
            : jdbc.sql(
                    "select count(*)::int from appointments where status = 'booked' and"
                        + " workflow_id in (:ids) group by workflow_id")
                .param("ids", workflows)
                .query(Integer.class)
                .list();
    int bookings = bookingsPerCall.stream().mapToInt(Integer::intValue).sum();
    // each script books at most once per conversation
    int duplicateBookings = bookingsPerCall.stream().mapToInt(n -> Math.max(0, n - 1)).sum();
    if (!workflows.isEmpty()) {
      // counted: now give the windows back, or repeated drills fill the tenant's calendar
      int removed =
          jdbc.sql("delete from appointments where tenant_id = :tenant and workflow_id in (:ids)")
              .param("tenant", tenant)
              .param("ids", workflows)
              .update();
      say("removed the drill's %d appointment(s) and holds from the calendar", removed);
    }
    return new Verdict(
        workflows.size(),
        run.turns().size(),
        replied,
        lost,
        failed,
        duplicates,
        duplicateBookings,
        bookings,
        chaos.kills,
        chaos.temporalRestarted,
        chaos.postgresRestarted,
        problems);
  }

  private static int acknowledged(List<Turn> turns) {
    return (int) turns.stream().filter(t -> t.status() == 200 || t.status() == 202).count();
  }

  private static int storedReplies(JdbcClient jdbc, String workflowId) {
    return jdbc.sql(
            "select count(distinct turn)::int from conversation_messages where workflow_id = ?"
                + " and role = 'assistant'")
        .param(workflowId)
        .query(Integer.class)
        .single();
  }

  /** The caller's message is stored and the turn it opened has a reply. */
  private static boolean repliedTo(JdbcClient jdbc, String workflowId, Turn turn) {
    return jdbc.sql(
                "select count(*) from conversation_messages c join conversation_messages a on"
                    + " a.workflow_id = c.workflow_id and a.turn = c.turn and a.role = 'assistant'"
                    + " where c.workflow_id = ? and c.role = 'caller' and c.text = ?")
            .params(workflowId, turn.text())
            .query(Integer.class)
            .single()
        > 0;
  }

  /** Each fault with the turns in flight when it hit (the client's view). */
  private static void printFaults(LoadGenerator.Run run, Chaos chaos) {
    OUT.println();
    OUT.println("faults (t since the load began; turns in flight at that moment)");
    for (int i = 0; i < chaos.faultTimes.size(); i++) {
      double at = Duration.between(run.startedAt(), chaos.faultTimes.get(i)).toMillis();
      long inFlight =
          run.turns().stream()
              .filter(
                  t -> t.startedAtMillis() <= at && t.startedAtMillis() + t.latencyMillis() > at)
              .count();
      double slowest =
          run.turns().stream()
              .filter(
                  t -> t.startedAtMillis() <= at && t.startedAtMillis() + t.latencyMillis() > at)
              .mapToDouble(Turn::latencyMillis)
              .max()
              .orElse(0);
      OUT.printf(
          "  t=%5.1f s  %-15s %d in flight (slowest of them took %.1f s)%n",
          at / 1000, chaos.faultNames.get(i), inFlight, slowest / 1000);
    }
  }

  private static void printModel(SimulatedModel model) {
    Map<String, Long> outcomes =
        model.served().stream()
            .collect(
                Collectors.groupingBy(
                    SimulatedModel.Served::outcome, java.util.TreeMap::new, Collectors.counting()));
    OUT.println("model requests by outcome: " + outcomes);
  }

  private static void print(Verdict v) {
    OUT.println();
    OUT.println("fault drill");
    OUT.printf("  conversations        %d%n", v.conversations());
    OUT.printf("  turns sent           %d%n", v.turnsSent());
    OUT.printf("  turns replied        %d%n", v.turnsReplied());
    OUT.printf("  bookings             %d%n", v.bookings());
    OUT.printf("  worker kills (-9)    %d%n", v.workerKills());
    OUT.printf("  Temporal restarted   %s%n", v.temporalRestarted() ? "yes" : "no");
    OUT.printf("  PostgreSQL restarted %s%n", v.postgresRestarted() ? "yes" : "no");
    OUT.printf("  lost turns           %d%n", v.lostTurns());
    OUT.printf("  failed turns         %d%n", v.failedTurns());
    OUT.printf("  duplicate messages   %d%n", v.duplicateMessages());
    OUT.printf("  duplicate bookings   %d%n", v.duplicateBookings());
    v.problems().stream().limit(20).forEach(p -> OUT.println("  ! " + p));
    OUT.println(v.passed() ? "PASSED" : "FAILED");
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(env);
    copy.put(name, value);
    return copy;
  }

  private static void say(String format, Object... args) {
    OUT.printf("[drill] " + format + "%n", args);
    OUT.flush();
  }
}
