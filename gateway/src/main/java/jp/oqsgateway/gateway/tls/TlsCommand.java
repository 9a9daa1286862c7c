package jp.oqsgateway.gateway.tls;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code ./ops/oqsgw tls export-ca [--out FILE]}: the gateway CA's certificate (PEM), which the
 * clinic's PCs and reader agents install to trust the gateway's servers. Printed alone on stdout
 * (or written to FILE, readable by all: it is public), with the SHA-256 fingerprint on stderr for
 * comparing on the PC. The CA is created first if the gateway has none yet. Never the key.
 */
public final class TlsCommand {
  public static final String USAGE =
      "usage: oqsgw tls export-ca [--out FILE]\n"
          + "  export-ca  print the gateway CA certificate (PEM) the clinic's PCs install\n"
          + "  --out      write it to FILE instead of stdout";

  /** Exit codes: 0 done, 1 the CA could not be read or written, 2 bad usage. */
  public static final int OK = 0;

  public static final int FAILED = 1;
  public static final int USAGE_ERROR = 2;

  private TlsCommand() {}

  /**
   * @param args the words after {@code tls}
   * @param caDir the folder of the gateway's CA, as the server uses it
   */
  public static int run(String[] args, Path caDir, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? USAGE_ERROR : OK;
    }
    Path target = null;
    if (!args[0].equals("export-ca")) {
      return usage(err, "unknown command '" + args[0] + "'");
    }
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        target = Path.of(args[++i]);
      } else {
        return usage(err, "unknown argument '" + args[i] + "'");
      }
    }
    try {
      GatewayCa ca = GatewayCa.open(caDir);
      String pem = Files.readString(ca.certificateFile(), StandardCharsets.US_ASCII);
      if (target == null) {
        out.print(pem);
        out.flush();
      } else {
        Path absolute = target.toAbsolutePath();
        Files.writeString(absolute, pem, StandardCharsets.US_ASCII);
        try {
          Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: nothing secret in it anyway
        }
        err.println("tls: wrote " + absolute);
      }
      err.println("tls: gateway CA SHA-256 fingerprint " + ca.fingerprint());
      return OK;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      err.println("tls: " + e.getMessage());
      return FAILED;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("tls: " + problem);
    err.println(USAGE);
    return USAGE_ERROR;
  }
}
