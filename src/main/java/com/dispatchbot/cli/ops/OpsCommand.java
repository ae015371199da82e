package com.dispatchbot.cli.ops;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every ops command shares: its exit codes, one clear line on stderr instead of a stack trace,
 * and quiet libraries (their INFO lines would bury the result an operator asked for).
 *
 * <p>Exit codes: {@value #OK} done and nothing wrong; {@value #PROBLEM} the command ran and found a
 * problem (a failed check, a crossed threshold, an answer that did not come); {@value #BAD_INPUT}
 * bad input, with a message naming the option; {@value #UNAVAILABLE} something it needs could not
 * be used (Postgres down, the schema behind the jar, Temporal unreachable).
 */
abstract class OpsCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int PROBLEM = 1;
  static final int BAD_INPUT = 2;
  static final int UNAVAILABLE = 3;

  @Spec CommandSpec spec;

  /** Where results go; set at call time, so a caller that swapped System.out is honoured. */
  PrintStream out;

  /** Where progress, notes and errors go. */
  PrintStream err;

  @Override
  public final Integer call() {
    out = System.out;
    err = System.err;
    ch.qos.logback.classic.Logger root = null;
    ch.qos.logback.classic.Level before = null;
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext logs) {
      root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      before = root.getLevel();
      root.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    try {
      return run();
    } catch (BadInput e) {
      err.println("error: " + e.getMessage());
      err.println("(see: " + spec.qualifiedName(" ") + " --help)");
      return BAD_INPUT;
    } catch (Unavailable e) {
      err.println("error: " + e.getMessage());
      return UNAVAILABLE;
    } catch (org.springframework.dao.DataAccessException
        | org.flywaydb.core.api.FlywayException e) {
      err.println(
          "error: the database cannot be used (DATABASE_URL; is it up? temporal-dev/up --stack-only"
              + " starts one): "
              + rootMessage(e));
      return UNAVAILABLE;
    } catch (Exception e) {
      err.println("error: " + rootMessage(e));
      return PROBLEM;
    } finally {
      if (root != null) {
        root.setLevel(before);
      }
    }
  }

  /** The command's work; returns its exit code. */
  protected abstract int run() throws Exception;

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Input the command refuses: exit {@value #BAD_INPUT}; the message names the option. */
  static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }

  /** Something the command needs cannot be used: exit {@value #UNAVAILABLE}. */
  static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }
}
