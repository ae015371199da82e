package com.dispatchbot.cli;

import com.dispatchbot.activities.geo.EvalGeocode;
import com.dispatchbot.activities.intent.EvalIntentCommand;
import com.dispatchbot.activities.knowledge.BenchmarkSearchCommand;
import com.dispatchbot.activities.knowledge.EvaluateSearchCommand;
import com.dispatchbot.activities.slots.EvalSlotsCommand;
import com.dispatchbot.cli.ops.AnalyzeContextSizeCommand;
import com.dispatchbot.cli.ops.AnalyzePromptsCommand;
import com.dispatchbot.cli.ops.ConversationsCommand;
import com.dispatchbot.cli.ops.DailyHealthCheckCommand;
import com.dispatchbot.cli.ops.IncidentReportCommand;
import com.dispatchbot.cli.ops.ProfileRequestCommand;
import com.dispatchbot.cli.ops.QualityReportCommand;
import com.dispatchbot.cli.ops.RebuildContextCommand;
import com.dispatchbot.cli.ops.SystemAuditCommand;
import com.dispatchbot.cli.ops.TestConversationCommand;
import com.dispatchbot.cli.ops.TestLlmCommand;
import com.dispatchbot.cli.ops.TokenUsageCommand;
import com.dispatchbot.cli.ops.UsageReportCommand;
import com.dispatchbot.cli.ops.ValidateApisCommand;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Commands of the app jar: {@code java -jar dispatch-bot.jar <command> [options]}. Without a
 * command the jar starts the server.
 */
@Command(
    name = "dispatch-bot",
    mixinStandardHelpOptions = true,
    description = "dispatch-bot commands; run without a command to start the server.",
    subcommands = {
      EvalIntentCommand.class,
      EvalSlotsCommand.class,
      EvalGeocode.class,
      KnowledgeCommands.IndexFolder.class,
      KnowledgeCommands.Add.class,
      KnowledgeCommands.Delete.class,
      KnowledgeCommands.Rebuild.class,
      KnowledgeCommands.TestSearch.class,
      BenchmarkSearchCommand.class,
      com.dispatchbot.bench.BenchCommand.class,
      com.dispatchbot.bench.FaultDrillCommand.class,
      EvaluateSearchCommand.class,
      AccountCommands.CreateApiKey.class,
      AccountCommands.CreateUser.class,
      BackupCommands.TakeBackup.class,
      BackupCommands.Restore.class,
      BackupCommands.ExportTrainingData.class,
      ValidateApisCommand.class,
      TestConversationCommand.class,
      TestLlmCommand.class,
      com.dispatchbot.cli.ops.TestToolCommand.class,
      UsageReportCommand.class,
      TokenUsageCommand.class,
      RebuildContextCommand.class,
      ConversationsCommand.class,
      ProfileRequestCommand.class,
      AnalyzeContextSizeCommand.class,
      AnalyzePromptsCommand.class,
      QualityReportCommand.class,
      IncidentReportCommand.class,
      SystemAuditCommand.class,
      DailyHealthCheckCommand.class
    })
public final class DispatchCli {

  /** True when the first argument names a command (or asks for help), not a server option. */
  public static boolean isCommand(String[] args) {
    if (args.length == 0) {
      return false;
    }
    String first = args[0];
    return Set.of("-h", "--help", "help").contains(first)
        || new CommandLine(new DispatchCli()).getSubcommands().containsKey(first);
  }

  public static int run(String[] args) {
    CommandLine cli = new CommandLine(new DispatchCli()).setCaseInsensitiveEnumValuesAllowed(true);
    if ("help".equals(args[0])) {
      cli.usage(System.out);
      return 0;
    }
    return cli.execute(args);
  }
}
