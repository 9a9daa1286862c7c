package jp.oqsgateway.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Reader agent command line.
 *
 * <p>Exit codes: 0 done, 1 PC/SC unavailable, 2 bad command line or configuration.
 */
public final class Main {
  static final String USAGE =
      """
      oqs-reader-agent readers                          list the PC/SC readers and whether a card is present
      oqs-reader-agent watch [--config FILE] [--prove]  print card and reader events as JSON lines (no network);
                                                        --prove: PIN + signature over a local challenge per card
      oqs-reader-agent run [--config FILE]              watch the readers and send every event to the gateway
                                                        (journal on disk, TLS link, PIN prompt on this PC)
      oqs-reader-agent version                          print the version""";

  /** Makes the PC/SC seam; tests pass their own. */
  @FunctionalInterface
  interface PcscFactory {
    Pcsc create() throws PcscException;
  }

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, JnaPcsc::create, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(
      String[] args, PcscFactory pcsc, Map<String, String> env, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    switch (command) {
      case "readers":
        return listReaders(pcsc, out, err);
      case "watch":
        return watch(List.of(args).subList(1, args.length), pcsc, env, out, err);
      case "run":
        return RunCommand.run(List.of(args).subList(1, args.length), pcsc, env, err);
      case "version":
        String v = Main.class.getPackage().getImplementationVersion();
        out.println("oqs-reader-agent " + (v == null ? "dev" : v));
        return 0;
      case "help":
      case "--help":
        out.println(USAGE);
        return 0;
      default:
        err.println("usage error: unknown command '" + command + "'");
        err.println(USAGE);
        return 2;
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
      List<String> options,
      PcscFactory factory,
      Map<String, String> env,
      PrintStream out,
      PrintStream err) {
    Path configFile = null;
    boolean prove = false;
    for (int i = 0; i < options.size(); i++) {
      switch (options.get(i)) {
        case "--config" -> {
          if (i + 1 >= options.size()) {
            err.println("usage error: --config needs a file");
            return 2;
          }
          configFile = Path.of(options.get(++i));
        }
        case "--prove" -> prove = true;
        default -> {
          err.println("usage error: unknown option '" + options.get(i) + "'");
          return 2;
        }
      }
    }
    Map<String, String> withDefaults = new HashMap<>(env);
    withDefaults.putIfAbsent(ConfigLoader.ENV_PREFIX + "AGENT_ID", "watch");
    Loaded loaded = load(configFile, withDefaults, err);
    if (loaded == null) {
      return 2;
    }
    AgentConfig config = loaded.config();
    PinPrompt prompt = loaded.prompt();
    Pcsc pcsc;
    try {
      pcsc = factory.create();
    } catch (PcscException e) {
      err.println(e.getMessage());
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
