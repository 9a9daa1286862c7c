package jp.oqsgateway.gateway.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgException;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.homevisit.EligibilityCommand;
import jp.oqsgateway.gateway.http.auth.KeysCommand;
import jp.oqsgateway.gateway.http.auth.TokenCommand;
import jp.oqsgateway.gateway.logging.AccessLogQueue;
import jp.oqsgateway.gateway.oqs.cli.OqsCommand;
import jp.oqsgateway.gateway.reception.DeskCommand;
import jp.oqsgateway.gateway.tls.TlsCommand;
import jp.oqsgateway.settings.ConfigException;
import jp.oqsgateway.settings.ConfigSource;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code oqsgw} command line (picocli): {@code serve} (the default) runs the gateway; the
 * sub-commands {@code ./ops/oqsgw --help} lists work with the same configuration (file, then
 * environment, then {@code --set}).
 *
 * <p>Exit codes ({@link Cli}): 0 done, 1 failed (one line says why: could not start, keys or
 * database unusable), 2 usage error or invalid configuration.
 */
@Command(
    name = "oqsgw",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "OQS Gateway: runs the gateway (serve, the default) and its operator commands.",
    footer = {
      "examples:",
      "  oqsgw --config ops/config/gateway.yaml --set api.port=9080",
      "  oqsgw token --role chart --subject karte-01 --ttl 30d",
      "  oqsgw keys rotate",
      "  oqsgw oqs parse FILE",
      "  oqsgw backup --to /srv/backup/oqsgw-2026-12-05.bak --passphrase-file /root/backup.pass",
      "",
      "Configuration: the file (--config, else OQSGW_CONFIG, else",
      "ops/config/gateway.yaml), then OQSGW_* environment variables, then --set.",
      "Exit codes: 0 done, 1 failed, 2 usage error or invalid configuration",
      "(audit verify: 1 means the audit chain is broken)."
    })
public final class Main implements Callable<Integer> {
  static final int EXIT_START_FAILED = Cli.FAILED;
  static final int EXIT_USAGE = Cli.USAGE;
  private static final String SERVE = "serve";
  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  @Mixin private ConfigOptions options;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  private Main(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    withoutNettyFlightRecorderEvents();
    int code = run(args, System.getenv(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Netty 4.2 registers its buffer allocator's Flight Recorder events when it allocates its first
   * chunk, whether a recording runs or not: that set up the JDK's Flight Recorder, generating a
   * handler class per event, for about 0.1 s on the event loop of the first database connection of
   * every start. Off unless {@code -Dio.netty.jfr.enabled=true} asks for them.
   */
  private static void withoutNettyFlightRecorderEvents() {
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
  }

  /** Runs a command; {@code serve} returns once the gateway is ready (Vert.x keeps the JVM up). */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (servesAsTheUnit(args)) {
      Main main = new Main(env, out, err);
      try {
        return main.serve(new ConfigOptions());
      } catch (Exception e) {
        return failed(e, SERVE, err);
      }
    }
    return commandLine(env, out, err, !serves(args)).execute(args);
  }

  /**
   * {@code oqsgw serve} alone, as the unit runs it (its settings from the file and the
   * environment): nothing to parse, so picocli is not loaded. Its classes are Java 5 bytecode,
   * which JDK 17's class-data archive cannot hold: read and verified from the jar, they took about
   * 0.15 s of every start, before anything else could begin.
   */
  private static boolean servesAsTheUnit(String[] args) {
    return args.length == 1 && args[0].equals(SERVE);
  }

  /**
   * {@code oqsgw serve …} with options: the operator commands are not needed, and building their
   * picocli models took about half a second of CPU of every start.
   */
  private static boolean serves(String[] args) {
    return args.length > 0 && args[0].equals(SERVE);
  }

  /** What a command that threw reports, and its exit code. */
  private static int failed(Exception e, String commandName, PrintStream err) {
    if (e instanceof ConfigException) {
      err.println("config error: " + e.getMessage());
      return Cli.USAGE;
    }
    LoggerFactory.getLogger(Main.class).atError().setCause(e).log("command failed");
    err.println(commandName + ": failed: " + e);
    return Cli.FAILED;
  }

  /** The whole {@code oqsgw} command, every sub-command added. */
  static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
    return commandLine(env, out, err, true);
  }

  private static CommandLine commandLine(
      Map<String, String> env, PrintStream out, PrintStream err, boolean operatorCommands) {
    Main main = new Main(env, out, err);
    CommandLine cli = new CommandLine(main);
    if (operatorCommands) {
      addOperatorCommands(cli, main, out, err);
    }
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> failed(e, Cli.topLevel(command).getCommandName(), err));
    return Cli.configure(cli, out, err);
  }

  private static void addOperatorCommands(
      CommandLine cli, Main main, PrintStream out, PrintStream err) {
    ConfigOptions tokenConfig = new ConfigOptions();
    CommandLine token =
        withConfig(
            new TokenCommand(() -> main.configInForce(tokenConfig).auth(), out, err), tokenConfig);
    token.addSubcommand(
        new RevocationCommand.Revoke(() -> main.configInForce(tokenConfig).database(), err));
    token.addSubcommand(
        new RevocationCommand.Revocations(
            () -> main.configInForce(tokenConfig).database(), out, err));
    cli.addSubcommand(token);
    ConfigOptions keysConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new KeysCommand(() -> main.configInForce(keysConfig).auth(), out, err), keysConfig));
    ConfigOptions tlsConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new TlsCommand(() -> main.configInForce(tlsConfig).tls().caDir(), out, err),
            tlsConfig));
    cli.addSubcommand(new OqsCommand(out, err));
    ConfigOptions auditConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new AuditCommand(() -> main.configInForce(auditConfig).database(), out, err),
            auditConfig));
    ConfigOptions backupConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new BackupCommand(() -> main.configInForce(backupConfig), System.in, out, err),
            backupConfig));
    ConfigOptions restoreConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new RestoreCommand(() -> main.configInForce(restoreConfig), System.in, out, err),
            restoreConfig));
    ConfigOptions deskConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new DeskCommand(() -> main.configInForce(deskConfig).reception(), out, err),
            deskConfig));
    ConfigOptions eligibilityConfig = new ConfigOptions();
    cli.addSubcommand(
        withConfig(
            new EligibilityCommand(
                () -> main.configInForce(eligibilityConfig).homeVisit().rules(), out),
            eligibilityConfig));
    cli.addSubcommand(new HelpCommand());
    cli.addSubcommand(new AutoComplete.GenerateCompletion());
  }

  private static CommandLine withConfig(Object command, ConfigOptions options) {
    CommandLine cli = new CommandLine(command);
    cli.getCommandSpec().addMixin("config", CommandSpec.forAnnotatedObject(options));
    return cli;
  }

  /** Without a sub-command: serve. */
  @Override
  public Integer call() {
    return serve(options);
  }

  @Command(name = SERVE, description = "run the gateway (the default)")
  int serve(@Mixin ConfigOptions options) {
    GatewayConfig config = configInForce(options);
    applyLogLevel(config.logLevel());
    long started = System.nanoTime();
    Gateway gateway;
    try {
      gateway = Gateway.start(config, versionText());
    } catch (EmbeddedPgException | IllegalStateException e) {
      err.println("cannot start: " + e.getMessage());
      return EXIT_START_FAILED;
    } catch (Exception e) {
      LoggerFactory.getLogger(Main.class).atError().setCause(e).log("start failed");
      err.println("cannot start: " + e);
      return EXIT_START_FAILED;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.stop();
                  // Once nothing is served: the next start's class-data archive, if asked for.
                  ClassDataArchive.writeIfAsked();
                  // The access lines still queued are written before the process ends.
                  AccessLogQueue.installed().ifPresent(AccessLogQueue::stop);
                },
                "oqsgw-shutdown"));
    Banner.print(out, config, gateway, versionText(), (System.nanoTime() - started) / 1_000_000);
    return Cli.OK;
  }

  @Command(name = "config", description = "print every setting, its value and its origin")
  int config(@Mixin ConfigOptions options) {
    configInForce(options);
    ConfigTable.print(source(options, home()), out);
    return Cli.OK;
  }

  @Command(name = "version", description = "print the version")
  int printVersion() {
    out.println("oqs-gateway " + versionText());
    return Cli.OK;
  }

  /**
   * The configuration in force (file, then environment, then {@code --set}), as the server reads
   * it: the token keys, the CA folder, the database.
   *
   * @throws ConfigException reported as {@code config error: ...}, exit 2
   */
  GatewayConfig configInForce(ConfigOptions options) {
    Path home = home();
    return GatewayConfig.from(source(options, home), home, env);
  }

  private ConfigSource source(ConfigOptions options, Path home) {
    return Settings.load(configFile(options, home), env, options.overrides);
  }

  private Path home() {
    return Path.of(env.getOrDefault("OQSGW_HOME", "")).toAbsolutePath().normalize();
  }

  private Path configFile(ConfigOptions options, Path home) {
    if (options.file != null) {
      return home.resolve(options.file);
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

  static String versionText() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** {@code --config FILE} and {@code --set key=value}, on every command that reads the config. */
  static final class ConfigOptions {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "the configuration file (default OQSGW_CONFIG, else ops/config/gateway.yaml)")
    String file;

    @Option(
        names = "--set",
        paramLabel = "KEY=VALUE",
        description = "a setting above file and environment (repeat)")
    Map<String, String> overrides = new LinkedHashMap<>();
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"oqs-gateway " + versionText()};
    }
  }
}
