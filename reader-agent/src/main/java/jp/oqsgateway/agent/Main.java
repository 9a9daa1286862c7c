package jp.oqsgateway.agent;

import java.io.PrintStream;
import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * Reader agent command line. For now it answers the first question of any installation: which PC/SC
 * readers does this PC see, and is a card present in each? The daemon that forwards card events to
 * the gateway builds on this.
 *
 * <p>Exit codes: 0 done, 1 PC/SC unavailable, 2 bad command line.
 */
public final class Main {
  static final String USAGE =
      """
      oqs-reader-agent readers   list the PC/SC readers and whether a card is present
      oqs-reader-agent version   print the version""";

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, TerminalFactory.getDefault(), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  static int run(String[] args, TerminalFactory factory, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    switch (command) {
      case "readers":
        return listReaders(factory, out, err);
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

  private static int listReaders(TerminalFactory factory, PrintStream out, PrintStream err) {
    if ("None".equals(factory.getType())) {
      err.println("PC/SC is not available: is pcscd running? (Debian: apt-get install pcscd)");
      return 1;
    }
    try {
      List<CardTerminal> terminals = factory.terminals().list();
      if (terminals.isEmpty()) {
        out.println("no readers");
      }
      for (CardTerminal t : terminals) {
        out.println(t.getName() + "\t" + (t.isCardPresent() ? "card present" : "empty"));
      }
      return 0;
    } catch (CardException e) {
      err.println("PC/SC error: " + e.getMessage());
      return 1;
    }
  }
}
