package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.backup.BackupArchive;
import jp.oqsgateway.gateway.backup.BackupException;
import jp.oqsgateway.gateway.backup.Passphrase;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPgException;
import jp.oqsgateway.gateway.cli.Cli;
import picocli.CommandLine.Option;

/**
 * What {@code oqsgw backup} and {@code oqsgw restore} share: the configuration in force, the
 * passphrase read from a file or standard input (never an argument), and one line on failure.
 */
abstract class ArchiveCommand implements Callable<Integer> {
  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "the passphrase on the first line of FILE (- : standard input)")
  String passphraseFile;

  private final Supplier<GatewayConfig> config;
  private final InputStream stdin;
  final PrintStream out;
  private final PrintStream err;

  ArchiveCommand(
      Supplier<GatewayConfig> config, InputStream stdin, PrintStream out, PrintStream err) {
    this.config = config;
    this.stdin = stdin;
    this.out = out;
    this.err = err;
  }

  /** Does the work with the passphrase, if one was given; cleared afterwards. */
  abstract void run(GatewayConfig config, Optional<char[]> passphrase)
      throws IOException, SQLException;

  /** Puts back what a failed run left half done. */
  void undo(Exception failure) {}

  @Override
  public final Integer call() {
    GatewayConfig config = this.config.get();
    String name = getClass().getAnnotation(picocli.CommandLine.Command.class).name();
    Optional<char[]> passphrase = Optional.empty();
    try {
      if (passphraseFile != null) {
        passphrase = Optional.of(Passphrase.read(passphraseFile, stdin));
      }
      run(config, passphrase);
      return Cli.OK;
    } catch (BackupException | EmbeddedPgException e) {
      undo(e);
      err.println(name + ": " + e.getMessage());
    } catch (SQLException e) {
      // The driver's message names the server and the SQL state; never row data.
      undo(e);
      err.println(name + ": the database: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      undo(e);
      err.println(name + ": " + e);
    } finally {
      passphrase.ifPresent(p -> Arrays.fill(p, '\0'));
    }
    return Cli.FAILED;
  }

  static String describe(BackupArchive.Summary summary) {
    return "schema version "
        + summary.schemaVersion()
        + ", "
        + summary.tables()
        + " tables, "
        + summary.rows()
        + " rows, "
        + summary.keyFiles()
        + " key files";
  }
}
