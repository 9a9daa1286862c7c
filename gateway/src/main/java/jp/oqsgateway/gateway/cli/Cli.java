package jp.oqsgateway.gateway.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every {@code oqsgw} command reports (picocli underneath): help on stdout, and a usage error
 * as one line {@code <command>: <what is wrong>} followed by that command's usage on stderr.
 *
 * <p>Exit codes, the same for every command: {@value #OK} done, {@value #FAILED} failed (the one
 * line on stderr says why), {@value #USAGE} usage error or invalid configuration. {@code oqsgw
 * audit verify} is the one command whose 1 means "the chain is broken" (docs/OPERATIONS.md).
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private Cli() {}

  /**
   * Writes to {@code out} and {@code err}, reports usage errors as above and gives every command
   * {@code -h/--help} (and {@code -V/--version}), for {@code cli} and every sub-command added so
   * far.
   */
  public static CommandLine configure(CommandLine cli, PrintStream out, PrintStream err) {
    cli.setOut(writer(out));
    cli.setErr(writer(err));
    cli.setParameterExceptionHandler((e, args) -> usageError(e));
    headings(cli);
    return cli;
  }

  /** Runs one command on its own (tests, and a command without a parent). */
  public static int run(Object command, String[] args, PrintStream out, PrintStream err) {
    return configure(new CommandLine(command), out, err).execute(args);
  }

  /**
   * The command a message is prefixed with and whose usage follows it: the first word after {@code
   * oqsgw} ({@code token} for {@code oqsgw token revoke}), or {@code oqsgw} itself.
   */
  public static CommandLine topLevel(CommandLine cli) {
    CommandLine c = cli;
    while (c.getParent() != null && c.getParent().getParent() != null) {
      c = c.getParent();
    }
    return c;
  }

  private static int usageError(ParameterException e) {
    CommandLine top = topLevel(e.getCommandLine());
    PrintWriter err = top.getErr();
    err.println(top.getCommandName() + ": " + message(e));
    top.usage(err);
    err.flush();
    return USAGE;
  }

  /** Picocli's message, worded like the rest of the gateway's command lines. */
  static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      String kind =
          arg.startsWith("-")
              ? "unknown argument"
              : e.getCommandLine().getSubcommands().isEmpty()
                  ? "unexpected argument"
                  : "unknown command";
      return kind + " " + quoted(arg);
    }
    if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      ArgSpec missing = m.getMissing().get(0);
      if (missing instanceof OptionSpec option) {
        return option.longestName()
            + (e.getMessage().startsWith("Missing required option")
                ? " is required"
                : " needs a value");
      }
      return "needs " + missing.paramLabel();
    }
    return e.getMessage();
  }

  /** Echoes user input safely: short, printable. */
  public static String quoted(String s) {
    String printable = s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f) ? s : "?";
    return "'" + (printable.length() > 40 ? printable.substring(0, 40) + "…" : printable) + "'";
  }

  private static void headings(CommandLine cli) {
    if (!(cli.getCommand() instanceof HelpCommand)
        && cli.getCommandSpec().optionsMap().get("--help") == null) {
      cli.getCommandSpec()
          .addOption(
              OptionSpec.builder("-h", "--help")
                  .usageHelp(true)
                  .description("print this help")
                  .build());
    }
    cli.getCommandSpec()
        .usageMessage()
        .synopsisHeading("usage: ")
        .commandListHeading("%ncommands:%n")
        .optionListHeading("%noptions:%n")
        .parameterListHeading("%n")
        .footerHeading("%n");
    cli.getSubcommands().values().forEach(Cli::headings);
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(stream, true);
  }
}
