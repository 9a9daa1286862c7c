package jp.oqsgateway.gateway.reception;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops/oqsgw desk add|remove|list}: the reception desks' sign-in codes. {@code add} prints
 * a new code once on stdout (adding a desk again replaces its code: the old one stops working);
 * only its PBKDF2 hash is kept ({@code reception.desk-codes-file}).
 */
@Command(name = "desk", description = "manage the reception desks' sign-in codes")
public final class DeskCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  private final Supplier<ReceptionConfig> config;
  private final PrintStream out;
  private final PrintStream err;

  public DeskCommand(Supplier<ReceptionConfig> config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "needs a command: add, remove or list");
  }

  /** Exit codes: 0 printed, 1 the file could not be written, 2 usage error. */
  @Command(name = "add", description = "give DESK a new sign-in code (printed once)")
  int add(
      @Parameters(paramLabel = "DESK", description = "the desk id, e.g. uketsuke-1") String desk) {
    if (!DeskCodes.DESK.matcher(desk).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "DESK must be 1 to 40 letters, digits or . _ - characters, got " + Cli.quoted(desk));
    }
    DeskCodes codes = codes();
    try {
      String code = codes.add(desk);
      out.println(code);
      out.flush();
      err.println(
          "desk: new sign-in code for "
              + desk
              + " (shown once; any earlier code of the desk no longer works), kept hashed in "
              + codes.file());
      return Cli.OK;
    } catch (UncheckedIOException e) {
      err.println("desk: " + e.getMessage());
      return Cli.FAILED;
    }
  }

  @Command(name = "remove", description = "take DESK's sign-in code away")
  int remove(@Parameters(paramLabel = "DESK", description = "the desk id") String desk) {
    try {
      boolean removed = codes().remove(desk);
      err.println(removed ? "desk: removed " + desk : "desk: " + desk + " had no code");
      return Cli.OK;
    } catch (UncheckedIOException e) {
      err.println("desk: " + e.getMessage());
      return Cli.FAILED;
    }
  }

  @Command(name = "list", description = "the desks that have a sign-in code")
  int list() {
    try {
      List<String> desks = codes().desks();
      desks.forEach(out::println);
      out.flush();
      return Cli.OK;
    } catch (UncheckedIOException e) {
      err.println("desk: " + e.getMessage());
      return Cli.FAILED;
    }
  }

  private DeskCodes codes() {
    return new DeskCodes(config.get().deskCodesFile());
  }
}
