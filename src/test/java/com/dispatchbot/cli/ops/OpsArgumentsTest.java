package com.dispatchbot.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bad input to the ops commands: refused before anything is read or changed, with exit code 2 and a
 * message that names the option and shows what would work.
 */
class OpsArgumentsTest {

  @Test
  void givenADateThatDoesNotExist_whenUsageReportRuns_itShouldExit2NamingDate() {
    OpsCli.Run run = OpsCli.run("usage-report", "--date", "2026-13-45");
    assertThat(run.code()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .contains("--date: '2026-13-45' is not a date like 2026-11-22 (yyyy-MM-dd, UTC)")
        .doesNotContain("Exception");
  }

  @Test
  void givenAWordForADate_whenTheHealthCheckRuns_itShouldExit2() {
    OpsCli.Run run = OpsCli.run("daily-health-check", "--date", "yesterday");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--date: 'yesterday' is not a date");
  }

  @Test
  void givenJunkForOlderThan_whenArchiveRuns_itShouldExit2WithAnExample() {
    OpsCli.Run run =
        OpsCli.run("conversations", "archive", "--older-than", "junk", "--all-tenants");
    assertThat(run.code()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .contains("--older-than: 'junk' is not an age like 30d, 12h or 2w")
        .contains("conversations archive --help");
  }

  @Test
  void givenAnAgeUnderADay_whenArchiveRuns_itShouldRefuseIt() {
    OpsCli.Run run = OpsCli.run("conversations", "archive", "--older-than", "2h", "--all-tenants");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--older-than must be at least 1d, not 2h");
  }

  @Test
  void givenNoAllTenants_whenArchiveRuns_itShouldSayThatArchivalActsOnEveryTenant() {
    OpsCli.Run run = OpsCli.run("conversations", "archive", "--older-than", "30d");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--all-tenants is required");
  }

  @Test
  void givenDeleteWithoutStatus_itShouldBeRefusedNamingTheStatusOption() {
    OpsCli.Run run = OpsCli.run("conversations", "delete", "--older-than", "90d", "--all-tenants");
    assertThat(run.code()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--status=archived'");
  }

  @Test
  void givenDeleteOfClosedConversations_itShouldBeRefused() {
    OpsCli.Run run =
        OpsCli.run(
            "conversations",
            "delete",
            "--status",
            "closed",
            "--older-than",
            "90d",
            "--all-tenants");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "--status must be archived, not 'closed': only archived conversations are deleted");
  }

  @Test
  void givenATimeWithoutOffset_whenIncidentReportRuns_itShouldAskForAZone() {
    OpsCli.Run run =
        OpsCli.run(
            "incident-report", "--start", "2026-11-22T14:00", "--end", "2026-11-22T18:00:00Z");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("--start: '2026-11-22T14:00' is not an ISO-8601 time like 2026-11-22T14:00:00Z")
        .contains("add Z for UTC");
  }

  @Test
  void givenAnEndBeforeTheStart_whenIncidentReportRuns_itShouldExit2() {
    OpsCli.Run run =
        OpsCli.run(
            "incident-report", "--start", "2026-11-22T18:00:00Z", "--end", "2026-11-22T14:00:00Z");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--end must be after --start");
  }

  @Test
  void givenAWindowOfTwoMonths_whenIncidentReportRuns_itShouldExit2() {
    OpsCli.Run run = OpsCli.run("incident-report", "--start", "2026-09-01", "--end", "2026-11-01");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("at most 31 days");
  }

  @Test
  void givenZeroOrTextForDays_whenTokenUsageRuns_itShouldExit2() {
    OpsCli.Run zero = OpsCli.run("token-usage", "--days", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err()).contains("--days must be between 1 and 366, not 0");
    OpsCli.Run text = OpsCli.run("quality-report", "--days", "week");
    assertThat(text.code()).isEqualTo(2);
    assertThat(text.err()).contains("--days").contains("week");
  }

  @Test
  void givenAnUnknownProvider_whenTestLlmRuns_itShouldExit2BeforeStartingAnything() {
    OpsCli.Run run = OpsCli.run("test-llm", "--provider", "claude");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--provider must be openai or rules, not 'claude'");
  }

  @Test
  void givenAnUnknownIntent_whenTestLlmRuns_itShouldListTheIntents() {
    OpsCli.Run run = OpsCli.run("test-llm", "--provider", "rules", "--intent", "plumbing");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--intent: 'plumbing' is not an intent; one of emergency,");
  }

  @Test
  void givenAnEmptyQuery_whenProfileRequestRuns_itShouldExit2() {
    OpsCli.Run run = OpsCli.run("profile-request", "--query", "   ");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--query: the message has no text");
  }

  @Test
  void givenAnUnknownStatusOrFormat_whenConversationsRuns_itShouldExit2() {
    OpsCli.Run status = OpsCli.run("conversations", "list", "--status", "deleted");
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.err()).contains("--status must be active, closed or archived, not 'deleted'");
    OpsCli.Run format = OpsCli.run("conversations", "export", "--format", "xml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format must be json or jsonl, not 'xml'");
  }

  @Test
  void givenATurnAndANextMessage_whenRebuildContextRuns_itShouldExit2() {
    OpsCli.Run run =
        OpsCli.run(
            "rebuild-context", "--conversation-id", "c-1", "--turn", "2", "--message", "hello");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--message is the next turn's message");
    OpsCli.Run missing = OpsCli.run("analyze-context-size");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("Missing required option: '--conversation-id=ID'");
  }

  @Test
  void givenHelpOfEachCommand_itShouldRenderWithoutPicocliFormatWarnings() {
    for (String[] command :
        new String[][] {
          {"validate-apis"},
          {"test-conversation"},
          {"test-llm"},
          {"usage-report"},
          {"token-usage"},
          {"rebuild-context"},
          {"conversations"},
          {"conversations", "get"},
          {"conversations", "list"},
          {"conversations", "stats"},
          {"conversations", "export"},
          {"conversations", "archive"},
          {"conversations", "delete"},
          {"profile-request"},
          {"analyze-context-size"},
          {"analyze-prompts"},
          {"quality-report"},
          {"incident-report"},
          {"system-audit"},
          {"daily-health-check"}
        }) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      OpsCli.Run run = OpsCli.run(args);
      assertThat(run.code()).as(String.join(" ", command)).isZero();
      assertThat(run.out()).as(String.join(" ", command)).contains("Exit:").contains("Usage:");
      assertThat(run.err()).as(String.join(" ", command)).doesNotContain("picocli WARN");
    }
  }

  @Test
  void givenHelp_itShouldListEveryOpsCommand() {
    OpsCli.Run run = OpsCli.run("help");
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("validate-apis")
        .contains("test-conversation")
        .contains("test-llm")
        .contains("usage-report")
        .contains("token-usage")
        .contains("rebuild-context")
        .contains("conversations")
        .contains("profile-request")
        .contains("analyze-context-size")
        .contains("analyze-prompts")
        .contains("quality-report")
        .contains("incident-report")
        .contains("system-audit")
        .contains("daily-health-check");
    OpsCli.Run conversations = OpsCli.run("conversations", "--help");
    assertThat(conversations.out())
        .contains("get")
        .contains("list")
        .contains("stats")
        .contains("export")
        .contains("archive")
        .contains("delete");
  }
}
