package jp.oqsgateway.gateway.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import jp.oqsgateway.gateway.bootstrap.config.ConfigException;
import jp.oqsgateway.gateway.bootstrap.config.ConfigSource;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgException;
import jp.oqsgateway.gateway.http.auth.TokenCommand;
import jp.oqsgateway.gateway.oqs.cli.OqsCommand;
import jp.oqsgateway.gateway.tls.TlsCommand;
import org.slf4j.LoggerFactory;

/**
 * {@code oqsgw} command line: {@code serve} (the default) runs the gateway; {@code config} prints
 * every configuration key with the value in force and where it came from; {@code version}.
 *
 * <p>Exit codes: 0 done, 1 could not start, 2 bad command line or configuration.
 */
public final class Main {
  static final int EXIT_START_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command; {@code serve} returns once the gateway is ready (Vert.x keeps the JVM up). */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
    switch (args.length > 0 ? args[0] : "") {
      case "oqs" -> {
        return OqsCommand.run(rest, out, err);
      }
      case "audit" -> {
        return withConfigInForce(env, err, c -> AuditCommand.run(rest, c.database(), out, err));
      }
      case "token" -> {
        return withConfigInForce(
            env,
            err,
            c ->
                RevocationCommand.handles(rest)
                    ? RevocationCommand.run(rest, c.database(), out, err)
                    : TokenCommand.run(rest, c.auth(), out, err));
      }
      case "tls" -> {
        return withConfigInForce(env, err, c -> TlsCommand.run(rest, c.tls().caDir(), out, err));
      }
      default -> {
        // serve, config, version, help: below
      }
    }
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("usage error: " + e.getMessage());
      err.println(CommandLine.USAGE);
      return EXIT_USAGE;
    }
    Path home = Path.of(env.getOrDefault("OQSGW_HOME", "")).toAbsolutePath().normalize();
    Path configFile = configFile(cli, env, home);
    GatewayConfig config;
    ConfigSource source;
    try {
      source = ConfigSource.load(configFile, env, cli.overrides());
      config = GatewayConfig.from(source, home, env);
    } catch (ConfigException e) {
      err.println("config error: " + e.getMessage());
      return EXIT_USAGE;
    }
    switch (cli.command()) {
      case "version" -> {
        out.println("oqs-gateway " + version());
        return 0;
      }
      case "config" -> {
        ConfigTable.print(source, out);
        return 0;
      }
      case "help" -> {
        out.println(CommandLine.USAGE);
        return 0;
      }
      default -> {
        return serve(config, out, err);
      }
    }
  }

  /**
   * A command that works with the configuration in force (file, then environment), as the server
   * would read it: the token keys, the CA folder, the database.
   */
  private static int withConfigInForce(
      Map<String, String> env, PrintStream err, ToIntFunction<GatewayConfig> command) {
    Path home = Path.of(env.getOrDefault("OQSGW_HOME", "")).toAbsolutePath().normalize();
    try {
      return command.applyAsInt(
          GatewayConfig.from(
              ConfigSource.load(
                  configFile(CommandLine.parse(new String[0]), env, home), env, Map.of()),
              home,
              env));
    } catch (ConfigException e) {
      err.println("config error: " + e.getMessage());
      return EXIT_USAGE;
    }
  }

  private static int serve(GatewayConfig config, PrintStream out, PrintStream err) {
    applyLogLevel(config.logLevel());
    long started = System.nanoTime();
    Gateway gateway;
    try {
      gateway = Gateway.start(config, version());
    } catch (EmbeddedPgException | IllegalStateException e) {
      err.println("cannot start: " + e.getMessage());
      return EXIT_START_FAILED;
    } catch (Exception e) {
      LoggerFactory.getLogger(Main.class).atError().setCause(e).log("start failed");
      err.println("cannot start: " + e);
      return EXIT_START_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "oqsgw-shutdown"));
    Banner.print(out, config, gateway, version(), (System.nanoTime() - started) / 1_000_000);
    return 0;
  }

  private static Path configFile(CommandLine cli, Map<String, String> env, Path home) {
    if (cli.configFile() != null) {
      return home.resolve(cli.configFile());
    }
    String fromEnv = env.get("OQSGW_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return home.resolve(fromEnv);
    }
    Path standard = home.resolve("ops/config/gateway.yaml");
    return Files.isRegularFile(standard) ? standard : null;
  }

  private static void applyLogLevel(String level) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.getLogger("jp.oqsgateway").setLevel(Level.toLevel(level));
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The parsed command line: a command, {@code --config FILE}, and {@code --set key=value}. */
  record CommandLine(String command, String configFile, Map<String, String> overrides) {
    static final String USAGE =
        """
        oqsgw [serve|config|version|help] [--config FILE] [--set key=value ...]
          serve    run the gateway (default)
          config   print every configuration key, the value in force and its origin
          version  print the version
        oqsgw token --role chart --subject NAME [--ttl 30d]   mint an API token (printed on stdout)
        oqsgw token revoke --jti ID | --subject NAME [--reason TEXT]   revoke tokens on every gateway
        oqsgw token revocations   list the revoked tokens and subjects
        oqsgw tls export-ca [--out FILE]   the gateway CA certificate (PEM) for the clinic's PCs
        oqsgw oqs parse FILE      print a terminal file (request or result) as normalized JSON
        oqsgw oqs validate FILE   name every problem of a terminal file
        oqsgw audit verify [--from DATE] [--to DATE]   check the audit's hash chain (0 intact, 1 broken)
        Configuration: ops/config/gateway.yaml, OQSGW_* environment variables, --set (highest).""";

    static CommandLine parse(String[] args) {
      String command = "serve";
      String file = null;
      Map<String, String> overrides = new LinkedHashMap<>();
      List<String> rest = new ArrayList<>(List.of(args));
      if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
        command = rest.remove(0);
        if (!List.of("serve", "config", "version", "help").contains(command)) {
          throw new IllegalArgumentException("unknown command '" + command + "'");
        }
      }
      for (int i = 0; i < rest.size(); i++) {
        String a = rest.get(i);
        if (a.equals("--help") || a.equals("-h")) {
          command = "help";
        } else if (a.equals("--config") && i + 1 < rest.size()) {
          file = rest.get(++i);
        } else if (a.equals("--set") && i + 1 < rest.size()) {
          String kv = rest.get(++i);
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--set needs key=value, got '" + kv + "'");
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        } else {
          throw new IllegalArgumentException("unknown argument '" + a + "'");
        }
      }
      return new CommandLine(command, file, overrides);
    }
  }
}
