package jp.oqsgateway.gateway.oqs.simulator;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code oqs-simulator …} ({@code java -jar oqs-simulator/target/oqs-simulator.jar}): runs the
 * simulated terminal in the foreground on a folder with {@code req/}, {@code res/} and {@code
 * face/}, as a real 資格確認端末 sits beside the gateway, or changes its persisted state (consents,
 * faults) from another process. Exit codes: 0 done, 2 usage error, 1 failure.
 */
@Command(
    name = "oqs-simulator",
    mixinStandardHelpOptions = true,
    // --help and --version on every sub-command too
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = SimCommand.Version.class,
    description = "A simulated 資格確認端末 answering from fictitious persons (never a real terminal).",
    subcommands = {
      SimCommand.Run.class,
      StateCommands.Consent.class,
      StateCommands.Withdraw.class,
      StateCommands.Face.class,
      StateCommands.Fault.class,
      LookupCommands.Persons.class,
      LookupCommands.Card.class,
      LookupCommands.CheckBody.class,
      LookupCommands.Ca.class
    })
public final class SimCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  private SimCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new SimCommand(out, err));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (e, failed, parsed) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof DateTimeParseException
              || e instanceof NoSuchElementException) {
            err.println(e.getMessage());
            failed.usage(failed.getErr());
            return 2;
          }
          err.println("oqs-simulator failed: " + e);
          return 1;
        });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(err);
    return 2;
  }

  /** The manifest's version of the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SimCommand.class.getPackage().getImplementationVersion();
      return new String[] {"oqs-simulator " + (v == null ? "(development)" : v)};
    }
  }

  /** The terminal's folder and set-up, shared by every sub-command. */
  static final class Terminal {
    @Option(names = "--root", required = true, description = "The folder with req/, res/, face/.")
    Path root;

    @Option(
        names = "--encoding",
        description = "Encoding of the result files: sjis (default) or utf8.")
    String encoding;

    @Option(names = "--institution", description = "The clinic's 10-digit 医療機関コード.")
    String institution;

    @Option(names = "--zip", description = "Write bulk download results as .zip.")
    boolean zip;

    TerminalSimulator simulator() {
      return new TerminalSimulator(options(), SimulatedPopulation.standard());
    }

    SimulatorOptions options() {
      SimulatorOptions o = SimulatorOptions.defaults(root);
      if (encoding != null) {
        o =
            o.withEncoding(
                switch (encoding.toLowerCase(Locale.ROOT)) {
                  case "sjis", "shift_jis", "cp932" -> OqsCharset.SHIFT_JIS;
                  case "utf8", "utf-8" -> OqsCharset.UTF_8;
                  default -> throw new IllegalArgumentException("--encoding must be sjis or utf8");
                });
      }
      if (institution != null) {
        if (!institution.matches("[0-9]{10}")) {
          throw new IllegalArgumentException("--institution must be 10 digits");
        }
        o = o.withInstitutionCode(institution);
      }
      if (zip) {
        o = o.withZipBulkResults(true);
      }
      return o;
    }
  }

  /** What every sub-command has: the terminal, and the streams of {@link #run}. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand SimCommand top;
    @Mixin Terminal terminal;

    PrintStream out() {
      return top.out;
    }

    static void put(Map<String, String> opts, String key, String value) {
      if (value != null) {
        opts.put(key, value);
      }
    }

    static String required(Map<String, String> opts, String key) {
      String v = opts.get(key);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("--" + key + " is required");
      }
      return v;
    }
  }

  /** A sub-command about one simulated person, named by {@code --person}. */
  abstract static class PersonSub extends Sub {
    @Option(names = "--person", required = true)
    String person;
  }

  @Command(
      name = "run",
      description =
          "Play the terminal on --root until Ctrl-C (SIGINT) or SIGTERM; creates the test JPKI CA.")
  static final class Run extends Sub {
    @Option(
        names = "--pickup-delay",
        description =
            "Milliseconds between seeing a request in req/ and picking it up (default 50; 0: a"
                + " terminal without latency, as the benchmarks use). 0 to 60000.")
    Integer pickupDelayMillis;

    @Override
    public Integer call() {
      SimulatorOptions options = terminal.options();
      if (pickupDelayMillis != null) {
        if (pickupDelayMillis < 0 || pickupDelayMillis > 60_000) {
          throw new IllegalArgumentException("--pickup-delay must be 0 to 60000 milliseconds");
        }
        options = options.withPickupDelay(Duration.ofMillis(pickupDelayMillis));
      }
      return runForeground(new TerminalSimulator(options, SimulatedPopulation.standard()), out());
    }
  }

  private static int runForeground(TerminalSimulator sim, PrintStream out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              sim.stop();
              stopped.countDown();
            },
            "oqs-sim-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    sim.start();
    // Its test JPKI CA, what the gateway verifies virtual cards against (agents.jpki-ca).
    sim.ca();
    out.println(
        "simulated terminal on "
            + sim.options().root()
            + " (institution "
            + sim.options().institutionCode()
            + ", "
            + sim.options().encoding().declaredName()
            + ", "
            + sim.population().persons().size()
            + " persons); Ctrl-C to stop");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sim.stop();
    }
    return 0;
  }
}
