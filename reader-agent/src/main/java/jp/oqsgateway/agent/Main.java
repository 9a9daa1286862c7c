package jp.oqsgateway.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.agent.config.AgentConfig;
import jp.oqsgateway.agent.config.ConfigLoader;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.pcsc.JnaPcsc;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pcsc.PcscContext;
import jp.oqsgateway.agent.pcsc.PcscException;
import jp.oqsgateway.agent.pin.ConsolePinPrompt;
import jp.oqsgateway.agent.pin.PinPrompt;
import jp.oqsgateway.agent.pin.ScriptedPinPrompt;
import jp.oqsgateway.agent.reader.ReaderMonitor;
import jp.oqsgateway.settings.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reader agent command line (picocli): {@code readers}, {@code watch}, {@code run}, {@code
 * version}; {@code --help} lists them.
 *
 * <p>Exit codes: 0 done, 1 PC/SC or the journal unavailable, 2 usage error or invalid configuration
 * (one line naming the key).
 */
@Command(
    name = "oqs-reader-agent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Reports the card readers of this PC to the gateway.",
    footer = {
      "",
      "Exit codes: 0 done, 1 PC/SC or the journal unavailable, 2 usage error or invalid",
      "configuration."
    })
public final class Main implements Callable<Integer> {
  /** Makes the PC/SC seam; tests pass their own. */
  @FunctionalInterface
  interface PcscFactory {
    Pcsc create() throws PcscException;
  }

  @Spec private CommandSpec spec;

  private final PcscFactory pcsc;
  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  private Main(PcscFactory pcsc, Map<String, String> env, PrintStream out, PrintStream err) {
    this.pcsc = pcsc;
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = run(args, JnaPcsc::create, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(
      String[] args, PcscFactory pcsc, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(pcsc, env, out, err));
    cli.addSubcommand(new RunCommand(pcsc, env, err));
    cli.addSubcommand(new HelpCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(Main::usageError);
    return cli.execute(args);
  }

  /** One line naming the problem, then the usage; exit 2. */
  static int usageError(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    boolean unknownCommand =
        e instanceof UnmatchedArgumentException u
            && !cli.getSubcommands().isEmpty()
            && !u.getUnmatched().isEmpty()
            && !u.getUnmatched().get(0).startsWith("-");
    cli.getErr()
        .println(
            "usage error: "
                + (unknownCommand
                    ? "unknown command '"
                        + ((UnmatchedArgumentException) e).getUnmatched().get(0)
                        + "'"
                    : e.getMessage()));
    cli.usage(cli.getErr());
    return 2;
  }

  /** Without a command: the help. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(name = "readers", description = "list the PC/SC readers and whether a card is present")
  int readers() {
    return listReaders(pcsc, out, err);
  }

  @Command(name = "watch", description = "print card and reader events as JSON lines (no network)")
  int watch(
      @Option(names = "--config", paramLabel = "FILE", description = "the agent's settings")
          Path configFile,
      @Option(names = "--prove", description = "PIN and signature over a local challenge per card")
          boolean prove) {
    return watch(configFile, prove, pcsc, env, out, err);
  }

  @Command(name = "version", description = "print the version")
  int version() {
    out.println("oqs-reader-agent " + versionText());
    return 0;
  }

  static String versionText() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"oqs-reader-agent " + versionText()};
    }
  }

  private static int listReaders(PcscFactory factory, PrintStream out, PrintStream err) {
    try (PcscContext context = factory.create().open()) {
      List<String> names = context.readers();
      if (names.isEmpty()) {
        out.println("no readers");
      }
      for (String name : names) {
        boolean present = context.waitForCard(name, true, java.time.Duration.ofMillis(1));
        out.println(name + "\t" + (present ? "card present" : "empty"));
      }
      return 0;
    } catch (PcscException e) {
      err.println(
          "PC/SC is not available (is pcscd running? Debian: apt-get install pcscd): "
              + e.getMessage());
      return 1;
    }
  }

  private static int watch(
      Path configFile,
      boolean prove,
      PcscFactory factory,
      Map<String, String> env,
      PrintStream out,
      PrintStream err) {
    Map<String, String> withDefaults = new HashMap<>(env);
    withDefaults.putIfAbsent(ConfigLoader.ENV_PREFIX + "AGENT_ID", "watch");
    Loaded loaded = load(configFile, withDefaults, err);
    if (loaded == null) {
      return 2;
    }
    AgentConfig config = loaded.config();
    PinPrompt prompt = loaded.prompt();
    Pcsc pcsc = createPcsc(factory, err);
    if (pcsc == null) {
      return 1;
    }
    ReaderMonitor[] monitor = new ReaderMonitor[1];
    WatchSink sink =
        new WatchSink(
            out,
            prove
                ? r -> monitor[0].prove(r.card().readerId(), r.card().eventId(), r.challenge())
                : null);
    monitor[0] =
        new ReaderMonitor(
            pcsc, config.readers(), new Events(config.agentId()), sink, prompt, Clock.systemUTC());
    monitor[0].start();
    return untilStopped(monitor[0]);
  }

  /**
   * Blocks until the JVM is stopped (SIGTERM, Ctrl-C), which closes {@code running} in a shutdown
   * hook; exit code 0.
   */
  static int untilStopped(AutoCloseable running) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    System.err.println("stopping: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** A loaded configuration and the PIN prompt it names. */
  record Loaded(AgentConfig config, PinPrompt prompt) {}

  /** The PC/SC access of {@code factory}, or null after printing why there is none. */
  static Pcsc createPcsc(PcscFactory factory, PrintStream err) {
    try {
      return factory.create();
    } catch (PcscException e) {
      err.println(e.getMessage());
      return null;
    }
  }

  /** The configuration and PIN prompt, or null after printing one line naming the problem. */
  static Loaded load(Path configFile, Map<String, String> env, PrintStream err) {
    try {
      AgentConfig config = ConfigLoader.load(configFile, env);
      PinPrompt prompt =
          config.pinPrompt() == AgentConfig.PinPromptKind.SCRIPT
              ? ScriptedPinPrompt.fromFile(config.pinScriptFile().orElseThrow())
              : new ConsolePinPrompt(System.console());
      return new Loaded(config, prompt);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return null;
    } catch (IOException e) {
      err.println("configuration pin.script-file: cannot read: " + e.getMessage());
      return null;
    }
  }
}
