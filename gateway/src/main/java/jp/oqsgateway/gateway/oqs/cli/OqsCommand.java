package jp.oqsgateway.gateway.oqs.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import jp.oqsgateway.gateway.oqs.json.NormalizedJson;
import jp.oqsgateway.gateway.oqs.validate.OqsValidator;
import jp.oqsgateway.gateway.oqs.validate.Problem;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * {@code oqs parse FILE} prints the normalized JSON of an OQS file; {@code oqs validate FILE}
 * prints each problem on its own line (exit 1) or {@code OK} (exit 0). Bad usage exits 2; an
 * unreadable or malformed file exits 1 with one line on stderr.
 */
public final class OqsCommand {
  static final String USAGE = "usage: oqs parse FILE | oqs validate FILE";

  private OqsCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 2 || !(args[0].equals("parse") || args[0].equals("validate"))) {
      err.println(USAGE);
      return 2;
    }
    ParsedDocument doc;
    try {
      doc = new OqsXmlReader().read(Path.of(args[1]));
    } catch (OqsXmlException e) {
      err.println(e.getMessage());
      return 1;
    } catch (NoSuchFileException e) {
      err.println(args[1] + ": no such file");
      return 1;
    } catch (IOException e) {
      err.println(args[1] + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      return 1;
    }
    if (args[0].equals("parse")) {
      out.println(new JsonObject(NormalizedJson.of(doc)).encodePrettily());
      return 0;
    }
    List<Problem> problems = OqsValidator.validate(doc);
    if (problems.isEmpty()) {
      out.println("OK");
      return 0;
    }
    for (Problem p : problems) {
      out.println(doc.fileName() + ": " + p);
    }
    return 1;
  }
}
