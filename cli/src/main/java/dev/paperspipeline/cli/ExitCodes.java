package dev.paperspipeline.cli;

/**
 * The exit codes every {@code papers} command uses, documented once in {@code --help} and the
 * README. "Some input was rejected" never shares a code with a failure of the tool itself.
 */
public final class ExitCodes {
  /** Everything was done. */
  public static final int OK = 0;

  /** Some input was rejected (an entry or a file went to the dead-letter topic or to error/). */
  public static final int INPUT_REJECTED = 1;

  /** Bad usage: an unknown option, a bad value, a missing path. Nothing was connected to. */
  public static final int USAGE = 2;

  /** The Kafka cluster or the schema registry could not be reached or refused our credentials. */
  public static final int UNREACHABLE = 3;

  /** An internal error (a bug, or a resource such as memory exhausted); see the log. */
  public static final int INTERNAL = 4;

  /** The lines that every command's {@code --help} shows under "Exit codes". */
  public static final String[] HELP = {
    OK + ":ok",
    INPUT_REJECTED + ":some input was rejected (dead letters written, or files moved to error/)",
    USAGE + ":bad usage or a missing path",
    UNREACHABLE + ":the Kafka cluster or the schema registry cannot be reached or refused access",
    INTERNAL + ":internal error (see the log; --verbose shows the stack trace)"
  };

  private ExitCodes() {}
}
