package jp.oqsgateway.gateway.tls;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops/oqsgw tls export-ca [--out FILE]}: the gateway CA's certificate (PEM), which the
 * clinic's PCs and reader agents install to trust the gateway's servers. Printed alone on stdout
 * (or written to FILE, readable by all: it is public), with the SHA-256 fingerprint on stderr for
 * comparing on the PC. The CA is created first if the gateway has none yet. Never the key.
 */
@Command(name = "tls", description = "export the gateway CA certificate for the clinic's PCs")
public final class TlsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  private final Supplier<Path> caDir;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param caDir the folder of the gateway's CA, as the server uses it
   */
  public TlsCommand(Supplier<Path> caDir, PrintStream out, PrintStream err) {
    this.caDir = caDir;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "needs a command: export-ca");
  }

  /** Exit codes: 0 done, 1 the CA could not be read or written, 2 usage error. */
  @Command(
      name = "export-ca",
      description = "print the gateway CA certificate (PEM) the clinic's PCs install")
  int exportCa(
      @Option(
              names = "--out",
              paramLabel = "FILE",
              description = "write it to FILE instead of stdout")
          Path target) {
    try {
      GatewayCa ca = GatewayCa.open(caDir.get());
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
      return Cli.OK;
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      err.println("tls: " + e.getMessage());
      return Cli.FAILED;
    }
  }
}
