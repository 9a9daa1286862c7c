package jp.oqsgateway.gateway.oqs.link;

import java.io.IOException;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.ResFile;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * Makes a result file {@link StableFiles} let through ready for matching, on the worker pool:
 * extracts the phase-2 result from a bulk zip (in memory, bounded by {@link
 * LinkFiles#extractResult}) and parses it. Tells a result that cannot become acceptable (refused)
 * from one that may still be being written.
 */
final class ResultReader {
  /**
   * A result as read: the document, or why it cannot be used.
   *
   * @param unreadable not parseable yet: maybe still being written; waiting may help
   * @param unusable refused for what it is (DOCTYPE, limits, broken zip): waiting cannot help
   */
  record Prepared(byte[] bytes, ParsedDocument doc, String unreadable, String unusable) {}

  private final OqsXmlReader reader;
  private final LinkConfig config;

  ResultReader(OqsXmlReader reader, LinkConfig config) {
    this.reader = reader;
    this.config = config;
  }

  /**
   * Extracts (zip) and parses (worker thread); a result {@code .xml} the scan already parsed as a
   * complete document ({@code parsed}) is not parsed again.
   */
  Prepared prepare(Seen s, ResFile rf, RequestKind kind, Optional<ParsedDocument> parsed) {
    byte[] bytes = s.bytes();
    if (parsed.isPresent() && rf.kind() == LinkFiles.ResKind.RESULT_XML) {
      return new Prepared(bytes, parsed.get(), null, null);
    }
    if (rf.kind() == LinkFiles.ResKind.RESULT_ZIP) {
      try {
        bytes = ResultPayloads.extractResult(bytes, kind.resultPrefix(), config.maxResultBytes());
      } catch (IOException e) {
        return new Prepared(null, null, null, "bulk result archive unusable: " + e.getMessage());
      }
    }
    try {
      return new Prepared(bytes, reader.parse(s.name(), bytes), null, null);
    } catch (OqsXmlException e) {
      if (e.isRefused()) {
        // A DOCTYPE, an entity or a limit: waiting for the writer cannot make it acceptable.
        return new Prepared(bytes, null, null, "result file refused: " + e.getMessage());
      }
      return new Prepared(bytes, null, "result file unreadable: " + e.getMessage(), null);
    }
  }
}
