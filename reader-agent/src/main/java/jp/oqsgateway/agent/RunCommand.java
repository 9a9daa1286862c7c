package jp.oqsgateway.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.agent.daemon.AgentDaemon;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pcsc.PcscException;

/**
 * {@code run [--config FILE]}: the daemon. Exits 2 on a bad command line or configuration (one line
 * naming the key), 1 when PC/SC or the journal cannot be opened; otherwise runs until stopped
 * (SIGTERM from systemd, Ctrl-C), then closes the readers, the link and the journal.
 */
final class RunCommand {
  private RunCommand() {}

  static int run(
      List<String> options, Main.PcscFactory factory, Map<String, String> env, PrintStream err) {
    Path configFile = null;
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).equals("--config") && i + 1 < options.size()) {
        configFile = Path.of(options.get(++i));
      } else {
        err.println("usage error: run [--config FILE], got '" + options.get(i) + "'");
        return 2;
      }
    }
    Main.Loaded loaded = Main.load(configFile, env, err);
    if (loaded == null) {
      return 2;
    }
    Pcsc pcsc;
    try {
      pcsc = factory.create();
    } catch (PcscException e) {
      err.println(e.getMessage());
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
