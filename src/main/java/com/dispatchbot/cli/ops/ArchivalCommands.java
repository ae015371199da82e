package com.dispatchbot.cli.ops;

import com.dispatchbot.activities.archival.ArchivalActivitiesImpl;
import com.dispatchbot.workflows.archival.ArchivalActivities;
import com.dispatchbot.workflows.archival.ArchivalActivities.Batch;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import me.tongfei.progressbar.ProgressBar;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conversations archive} and {@code conversations delete}: the scheduled ArchivalWorkflow's
 * own steps (ArchivalActivitiesImpl), run batch by batch from the command line, so a command and
 * the schedule can never disagree on what is archived or deleted.
 *
 * <p>Those steps act on every tenant (archival is an installation's retention policy), so these
 * commands do too, and say so: they take {@code --all-tenants} instead of {@code --tenant}, and
 * print what each tenant lost.
 */
final class ArchivalCommands {
  /** Conversations per transaction, as the workflow's batches: locks are held briefly. */
  static final int BATCH = 500;

  /** The shortest age accepted: a younger call may still be read by its caller or an operator. */
  static final Duration MIN_AGE = Duration.ofDays(1);

  private ArchivalCommands() {}

  @Command(
      name = "archive",
      mixinStandardHelpOptions = true,
      description = {
        "Archives closed conversations that ended more than --older-than ago, with the scheduled"
            + " ArchivalWorkflow's own steps: the transcript is kept as one document, the hot rows"
            + " go. Conversations with a live handoff are left alone. Acts on every tenant.",
        "Exit: 0 done, 2 bad input, 3 database unavailable."
      })
  static final class Archive extends OpsCommand {
    @Option(
        names = "--older-than",
        required = true,
        paramLabel = "AGE",
        description = "e.g. 30d (days, h hours, w weeks; at least 1d)")
    String olderThan;

    @Option(
        names = "--all-tenants",
        description = "required: archival runs for every tenant, as the scheduled workflow does")
    boolean allTenants;

    @Override
    protected int run() {
      Duration age = checkAge(olderThan);
      requireAllTenants(allTenants);
      Instant cutoff = Instant.now().minus(age);
      try (OpsDatabase db = OpsDatabase.open()) {
        Result r =
            batches(
                db, "archive", activities -> activities.archiveBatch(cutoff.toEpochMilli(), BATCH));
        out.println(
            "archived "
                + Format.count(r.conversations())
                + " closed conversations that ended before "
                + Format.instant(cutoff)
                + " UTC ("
                + Format.count(r.messages())
                + " messages moved into their archives)"
                + byTenant(r.byTenant()));
        return OK;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {
        "Deletes archived conversations that ended more than --older-than ago, with the scheduled"
            + " ArchivalWorkflow's own step: the archive, handoffs and callback tasks go too;"
            + " appointments stay. Only archived conversations can be deleted. Acts on every"
            + " tenant.",
        "Exit: 0 done, 2 bad input (also: --status other than archived), 3 database unavailable."
      })
  static final class Delete extends OpsCommand {
    @Option(
        names = "--status",
        required = true,
        paramLabel = "archived",
        description = "must be archived: live or merely closed conversations are never deleted")
    String status;

    @Option(
        names = "--older-than",
        required = true,
        paramLabel = "AGE",
        description = "e.g. 90d (days, h hours, w weeks; at least 1d)")
    String olderThan;

    @Option(
        names = "--all-tenants",
        description = "required: deletion runs for every tenant, as the scheduled workflow does")
    boolean allTenants;

    @Override
    protected int run() {
      if (!"archived".equals(status.strip().toLowerCase(Locale.ROOT))) {
        throw new BadInput(
            "--status must be archived, not '"
                + status
                + "': only archived conversations are deleted (archive them first)");
      }
      Duration age = checkAge(olderThan);
      requireAllTenants(allTenants);
      Instant cutoff = Instant.now().minus(age);
      try (OpsDatabase db = OpsDatabase.open()) {
        Result r =
            batches(
                db, "delete", activities -> activities.deleteBatch(cutoff.toEpochMilli(), BATCH));
        out.println(
            "deleted "
                + Format.count(r.conversations())
                + " archived conversations that ended before "
                + Format.instant(cutoff)
                + " UTC"
                + byTenant(r.byTenant()));
        return OK;
      }
    }
  }

  static Duration checkAge(String value) {
    Duration age = OpsArgs.age("--older-than", value);
    if (age.compareTo(MIN_AGE) < 0) {
      throw new OpsCommand.BadInput("--older-than must be at least 1d, not " + value.strip());
    }
    return age;
  }

  static void requireAllTenants(boolean allTenants) {
    if (!allTenants) {
      throw new OpsCommand.BadInput(
          "--all-tenants is required: archival acts on every tenant's conversations, as the"
              + " scheduled ArchivalWorkflow does");
    }
  }

  private interface Step {
    Batch next(ArchivalActivities activities);
  }

  private record Result(int conversations, int messages, Map<String, Integer> byTenant) {}

  /** Batches until one comes back short, as the workflow loops. */
  private static Result batches(OpsDatabase db, String task, Step step) {
    ArchivalActivities activities =
        new ArchivalActivitiesImpl(
            db.jdbc(), new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())));
    int conversations = 0;
    int messages = 0;
    Map<String, Integer> byTenant = new TreeMap<>();
    try (ProgressBar bar = Progress.bar(task, -1)) {
      Batch batch;
      do {
        batch = step.next(activities);
        conversations += batch.conversations();
        messages += batch.messages();
        batch.byTenant().forEach((tenant, n) -> byTenant.merge(tenant, n, Integer::sum));
        bar.stepBy(batch.conversations());
      } while (batch.conversations() == BATCH);
    }
    return new Result(conversations, messages, byTenant);
  }

  private static String byTenant(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; by tenant:");
    counts.forEach((tenant, n) -> b.append(' ').append(tenant).append(' ').append(n));
    return b.toString();
  }
}
