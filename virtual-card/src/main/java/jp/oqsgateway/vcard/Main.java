package jp.oqsgateway.vcard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.vcard.pcscd.Pcscd;
import jp.oqsgateway.vcard.pcscd.PcscdUnavailableException;

/**
 * Command line of the virtual My Number card.
 *
 * <p>Exit codes: 0 done, 1 failure (card material unreadable, control channel unreachable or an
 * error answer), 2 bad command line. A PKCS#12 card file's password comes from the environment
 * variable {@value #P12_PASSWORD_ENV} (empty when unset), never from the command line.
 */
public final class Main {
  static final String P12_PASSWORD_ENV = "OQS_VCARD_P12_PASSWORD";
  static final String USAGE =
      """
      oqs-virtual-card serve --card DIR|FILE [--vpcd HOST:PORT] [--pin 1234] [--tries 3]
                             [--control 127.0.0.1:PORT] [--inserted]
          run a card for vpcd (default 127.0.0.1:35963 = reader "Virtual PCD 00 00")
      oqs-virtual-card insert|remove|status --control 127.0.0.1:PORT
      oqs-virtual-card card DIR|FILE --control 127.0.0.1:PORT   swap the card while removed
      oqs-virtual-card pcscd [--run-dir DIR]
          start pcscd (or reuse a running one) until stopped; with --run-dir as a normal user, in a
          user namespace, and clients need PCSCLITE_CSOCK_NAME=DIR/pcscd/pcscd.comm
      oqs-virtual-card version""";

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code >= 0) {
      System.exit(code);
    }
  }

  /** Runs a command; -1 means "serving until the JVM stops". */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      out.println(USAGE);
      return 0;
    }
    String command = args[0];
    Map<String, String> opts = new HashMap<>();
    String operand = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--inserted")) {
        opts.put(a, "true");
      } else if (a.startsWith("--") && i + 1 < args.length) {
        opts.put(a, args[++i]);
      } else if (!a.startsWith("--") && operand == null) {
        operand = a;
      } else {
        return usage(err, "unexpected argument '" + a + "'");
      }
    }
    try {
      switch (command) {
        case "serve":
          return serve(opts, out, err);
        case "insert":
        case "remove":
        case "status":
          return control(opts, command, out, err);
        case "card":
          if (operand == null) {
            return usage(err, "card needs a DIR or FILE");
          }
          return control(opts, "card " + Path.of(operand).toAbsolutePath(), out, err);
        case "pcscd":
          return pcscd(opts, out, err);
        case "version":
          String v = Main.class.getPackage().getImplementationVersion();
          out.println("oqs-virtual-card " + (v == null ? "dev" : v));
          return 0;
        default:
          return usage(err, "unknown command '" + command + "'");
      }
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
  }

  private static int serve(Map<String, String> opts, PrintStream out, PrintStream err) {
    String cardPath = opts.get("--card");
    if (cardPath == null) {
      return usage(err, "serve needs --card DIR|FILE");
    }
    InetSocketAddress vpcd =
        hostPort(opts.getOrDefault("--vpcd", "127.0.0.1:" + VirtualCard.VPCD_PORT), "--vpcd");
    String pin = opts.getOrDefault("--pin", VirtualCard.DEFAULT_PIN);
    int tries = Integer.parseInt(opts.getOrDefault("--tries", "" + JpkiApplet.MAX_TRIES));
    char[] p12Password = System.getenv().getOrDefault(P12_PASSWORD_ENV, "").toCharArray();
    CardMaterial material;
    try {
      material = CardMaterial.load(Path.of(cardPath), p12Password);
    } catch (IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    VirtualCard card = VirtualCard.create(vpcd, material, pin, tries);
    ControlServer control = null;
    if (opts.containsKey("--control")) {
      try {
        control =
            ControlServer.start(hostPort(opts.get("--control"), "--control"), card, p12Password);
      } catch (IOException e) {
        card.close();
        err.println("error: control channel " + opts.get("--control") + ": " + e.getMessage());
        return 1;
      }
    }
    if (opts.containsKey("--inserted")) {
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
            + (opts.containsKey("--inserted") ? "inserted" : "removed"));
    out.flush();
    return untilStopped();
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

  private static int pcscd(Map<String, String> opts, PrintStream out, PrintStream err) {
    Path runDir = opts.containsKey("--run-dir") ? Path.of(opts.get("--run-dir")) : null;
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

  private static int control(
      Map<String, String> opts, String line, PrintStream out, PrintStream err) {
    String address = opts.get("--control");
    if (address == null) {
      return usage(err, "needs --control 127.0.0.1:PORT");
    }
    try (Socket s = new Socket()) {
      s.connect(hostPort(address, "--control"), 5_000);
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

  static InetSocketAddress hostPort(String value, String option) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(option + " needs HOST:PORT, got '" + value + "'");
    }
    try {
      return new InetSocketAddress(
          value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs HOST:PORT, got '" + value + "'");
    }
  }

  private static int usage(PrintStream err, String message) {
    err.println("usage error: " + message);
    err.println(USAGE);
    return 2;
  }
}
