package jp.oqsgateway.vcard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.vcard.pcscd.Pcscd;
import jp.oqsgateway.vcard.pcscd.PcscdUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Command line of the virtual My Number card (picocli; {@code --help} lists the commands).
 *
 * <p>Exit codes: 0 done, 1 failure (card material unreadable, control channel unreachable or an
 * error answer), 2 usage error. A PKCS#12 card file's password comes from the environment variable
 * {@value #P12_PASSWORD_ENV} (empty when unset), never from the command line.
 */
@Command(
    name = "oqs-virtual-card",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A virtual My Number card for vpcd, and a launcher for pcscd.",
    subcommands = HelpCommand.class)
public final class Main implements Callable<Integer> {
  static final String P12_PASSWORD_ENV = "OQS_VCARD_P12_PASSWORD";

  @Spec private CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  private Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code >= 0) {
      System.exit(code);
    }
  }

  /** Runs a command; -1 means "serving until the JVM stops". */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main(out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          boolean unknownCommand =
              e instanceof UnmatchedArgumentException u
                  && !e.getCommandLine().getSubcommands().isEmpty()
                  && !u.getUnmatched().isEmpty()
                  && !u.getUnmatched().get(0).startsWith("-");
          return usage(
              e.getCommandLine(),
              unknownCommand
                  ? "unknown command '"
                      + ((UnmatchedArgumentException) e).getUnmatched().get(0)
                      + "'"
                  : e.getMessage());
        });
    return cli.execute(args);
  }

  /** Without a command: the help. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(
      name = "serve",
      description = {
        "run a card for vpcd until stopped",
        "vpcd default 127.0.0.1:35963, the reader \"Virtual PCD 00 00\"."
      })
  int serve(
      @Option(names = "--card", required = true, paramLabel = "DIR|FILE") Path cardPath,
      @Option(names = "--vpcd", paramLabel = "HOST:PORT") String vpcdAddress,
      @Option(names = "--pin", paramLabel = "PIN", defaultValue = VirtualCard.DEFAULT_PIN)
          String pin,
      @Option(names = "--tries", paramLabel = "N", defaultValue = "" + JpkiApplet.MAX_TRIES)
          int tries,
      @Option(names = "--control", paramLabel = "127.0.0.1:PORT") String controlAddress,
      @Option(names = "--inserted", description = "start with the card in the reader")
          boolean inserted) {
    InetSocketAddress vpcd =
        hostPort(
            vpcdAddress == null ? "127.0.0.1:" + VirtualCard.VPCD_PORT : vpcdAddress, "--vpcd");
    InetSocketAddress controlAt =
        controlAddress == null ? null : hostPort(controlAddress, "--control");
    char[] p12Password = System.getenv().getOrDefault(P12_PASSWORD_ENV, "").toCharArray();
    CardMaterial material;
    try {
      material = CardMaterial.load(cardPath, p12Password);
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    VirtualCard card = VirtualCard.create(vpcd, material, pin, tries);
    ControlServer control = null;
    if (controlAt != null) {
      try {
        control = ControlServer.start(controlAt, card, p12Password);
      } catch (IOException e) {
        card.close();
        err.println("error: control channel " + controlAddress + ": " + e.getMessage());
        return 1;
      }
    }
    if (inserted) {
      card.insert();
    }
    ControlServer c = control;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  card.close();
                  if (c != null) {
                    try {
                      c.close();
                    } catch (IOException e) {
                      err.println("closing the control channel: " + e.getMessage());
                    }
                  }
                },
                "vcard-shutdown"));
    out.println(
        "virtual card for vpcd "
            + vpcd.getHostString()
            + ":"
            + vpcd.getPort()
            + (c == null
                ? ""
                : ", control " + c.address().getHostString() + ":" + c.address().getPort())
            + ", "
            + (inserted ? "inserted" : "removed"));
    out.flush();
    return untilStopped();
  }

  @Command(name = "insert", description = "put the served card in the reader")
  int insert(@Mixin Control control) {
    return control(control.address, "insert");
  }

  @Command(name = "remove", description = "take the served card out")
  int remove(@Mixin Control control) {
    return control(control.address, "remove");
  }

  @Command(name = "status", description = "print the served card's state as JSON")
  int status(@Mixin Control control) {
    return control(control.address, "status");
  }

  @Command(name = "card", description = "swap the served card (while removed)")
  int card(@Parameters(paramLabel = "DIR|FILE") Path material, @Mixin Control control) {
    return control(control.address, "card " + material.toAbsolutePath());
  }

  @Command(
      name = "pcscd",
      description = {
        "start pcscd (or reuse a running one) until stopped",
        "With --run-dir as a normal user, in a user namespace; clients then need",
        "PCSCLITE_CSOCK_NAME=DIR/pcscd/pcscd.comm."
      })
  int pcscd(@Option(names = "--run-dir", paramLabel = "DIR") Path runDir) {
    return pcscd(runDir, out, err);
  }

  @Command(name = "version", description = "print the version")
  int version() {
    out.println("oqs-virtual-card " + versionText());
    return 0;
  }

  /** {@code --control 127.0.0.1:PORT}: the control channel of a running {@code serve}. */
  static final class Control {
    @Option(names = "--control", required = true, paramLabel = "127.0.0.1:PORT")
    String address;
  }

  static String versionText() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"oqs-virtual-card " + versionText()};
    }
  }

  /** Blocks until the JVM is stopped (Ctrl-C, SIGTERM); shutdown hooks clean up. */
  private static int untilStopped() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return -1;
  }

  private static int pcscd(Path runDir, PrintStream out, PrintStream err) {
    Path socket =
        runDir != null
            ? runDir.resolve("pcscd").resolve("pcscd.comm").toAbsolutePath()
            : Pcscd.clientSocket();
    Path logDir =
        runDir != null
            ? runDir
            : Path.of(System.getProperty("java.io.tmpdir"), "oqs-virtual-card-pcscd");
    Pcscd pcscd;
    try {
      pcscd = Pcscd.start(logDir, socket);
    } catch (PcscdUnavailableException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(pcscd::stop, "pcscd-stop"));
    out.println(
        "pcscd "
            + pcscd.mode()
            + ", log "
            + pcscd.logFile()
            + "; clients: "
            + Pcscd.SOCKET_ENV
            + "="
            + pcscd.socket());
    out.flush();
    return untilStopped();
  }

  private int control(String address, String line) {
    InetSocketAddress at = hostPort(address, "--control");
    try (Socket s = new Socket()) {
      s.connect(at, 5_000);
      s.setSoTimeout(10_000);
      Writer w = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
      w.write(line + "\n");
      w.flush();
      String answer =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (answer == null) {
        err.println("error: no answer from " + address);
        return 1;
      }
      out.println(answer);
      return answer.startsWith("{\"error\"") ? 1 : 0;
    } catch (IOException e) {
      err.println("error: control channel " + address + ": " + e.getMessage());
      return 1;
    }
  }

  private InetSocketAddress hostPort(String value, String option) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new ParameterException(
          spec.commandLine(), option + " needs HOST:PORT, got '" + value + "'");
    }
    try {
      return new InetSocketAddress(
          value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(), option + " needs HOST:PORT, got '" + value + "'");
    }
  }

  private static int usage(CommandLine cli, String message) {
    cli.getErr().println("usage error: " + message);
    cli.usage(cli.getErr());
    return 2;
  }
}
