package jp.oqsgateway.gateway.oqs.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.oqs.json.NormalizedJson;
import jp.oqsgateway.gateway.oqs.validate.OqsValidator;
import jp.oqsgateway.gateway.oqs.validate.Problem;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oqs parse FILE} prints the normalized JSON of an OQS file; {@code oqs validate FILE}
 * prints each problem on its own line (exit 1) or {@code OK} (exit 0). Bad usage exits 2; an
 * unreadable or malformed file exits 1 with one line on stderr.
 */
@Command(
    name = "oqs",
    description = "parse or validate a terminal file (XML)",
    customSynopsis = "oqs parse FILE | oqs validate FILE")
public final class OqsCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  public OqsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "needs a command: parse or validate");
  }

  @Command(name = "parse", description = "print a terminal file (request or result) as JSON")
  int parse(@Parameters(paramLabel = "FILE") Path file) {
    ParsedDocument doc = read(file);
    if (doc == null) {
      return Cli.FAILED;
    }
    out.println(new JsonObject(NormalizedJson.of(doc)).encodePrettily());
    return Cli.OK;
  }

  @Command(name = "validate", description = "name every problem of a terminal file, or say OK")
  int validate(@Parameters(paramLabel = "FILE") Path file) {
    ParsedDocument doc = read(file);
    if (doc == null) {
      return Cli.FAILED;
    }
    List<Problem> problems = OqsValidator.validate(doc);
    if (problems.isEmpty()) {
      out.println("OK");
      return Cli.OK;
    }
    for (Problem p : problems) {
      out.println(doc.fileName() + ": " + p);
    }
    return Cli.FAILED;
  }

  /** The document, or null after one line on stderr. */
  private ParsedDocument read(Path file) {
    try {
      return new OqsXmlReader().read(file);
    } catch (OqsXmlException e) {
      err.println(e.getMessage());
    } catch (NoSuchFileException e) {
      err.println(file + ": no such file");
    } catch (IOException e) {
      err.println(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return null;
  }
}
