package jp.oqsgateway.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.oqsgateway.agent.daemon.AgentDaemon;
import jp.oqsgateway.agent.pcsc.Pcsc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run [--config FILE]}: the daemon. Exits 2 on an invalid configuration (one line naming the
 * key), 1 when PC/SC or the journal cannot be opened; otherwise runs until stopped (SIGTERM from
 * systemd, Ctrl-C), then closes the readers, the link and the journal.
 */
@Command(
    name = "run",
    description = {
      "send every reader event to the gateway",
      "(journal on disk, TLS link, PIN prompt on this PC; runs until stopped)"
    })
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "the agent's settings")
  private Path configFile;

  private final Main.PcscFactory factory;
  private final Map<String, String> env;
  private final PrintStream err;

  RunCommand(Main.PcscFactory factory, Map<String, String> env, PrintStream err) {
    this.factory = factory;
    this.env = env;
    this.err = err;
  }

  @Override
  public Integer call() {
    Main.Loaded loaded = Main.load(configFile, env, err);
    if (loaded == null) {
      return 2;
    }
    Pcsc pcsc = Main.createPcsc(factory, err);
    if (pcsc == null) {
      return 1;
    }
    AgentDaemon daemon;
    try {
      daemon = AgentDaemon.start(loaded.config(), pcsc, loaded.prompt(), Clock.systemUTC());
    } catch (IllegalStateException e) {
      err.println(e.getMessage()); // a setting run needs is missing
      return 2;
    } catch (IOException e) {
      err.println("buffer.dir: cannot open the event journal: " + e.getMessage());
      return 1;
    }
    return Main.untilStopped(daemon);
  }
}
