package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.ResFile;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.link.ProcessedFileLog.Folder;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a file in {@code res/} that {@link StableFiles} let through to the exchange it belongs
 * to: matched by name ({@code req_}→{@code res_}), verified against the request ({@link
 * RequestDocuments#mismatch}), and turned into ANSWERED, a bulk re-ask, or FAILED ({@code .err},
 * returned request, refused or mismatched result). Files that match no pending exchange are
 * recorded, counted and never applied. Runs on the link's context ({@link PendingExchanges}).
 */
final class ResultMatcher {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  private final Vertx vertx;
  private final WorkerExecutor files;
  private final LinkConfig config;
  private final LinkMetrics metrics;
  private final ExchangeStore store;
  private final PendingExchanges exchanges;
  private final BulkReasks reasks;
  private final ResultReader results;
  private final ProcessedFileLog processed;
  private final ScanSchedule scans;

  ResultMatcher(
      Vertx vertx,
      WorkerExecutor files,
      LinkConfig config,
      LinkMetrics metrics,
      ExchangeStore store,
      PendingExchanges exchanges,
      BulkReasks reasks,
      ResultReader results,
      ProcessedFileLog processed,
      ScanSchedule scans) {
    this.vertx = vertx;
    this.files = files;
    this.config = config;
    this.metrics = metrics;
    this.store = store;
    this.exchanges = exchanges;
    this.reasks = reasks;
    this.results = results;
    this.processed = processed;
    this.scans = scans;
  }

  /**
   * A file in {@code res/}, complete or stable ({@link StableFiles}); {@code parsed}: its document
   * when the scan parsed it whole.
   */
  Future<Void> handle(Seen s, Optional<ParsedDocument> parsed) {
    Optional<ResFile> classified = LinkFiles.classify(s.name());
    if (classified.isEmpty()) {
      return processed.note(s, Folder.RES, "ignored", null, false);
    }
    ResFile rf = classified.get();
    Pending p = exchanges.forRequestFile(rf.requestFile());
    if (p == null) {
      return unmatched(s, rf);
    }
    UUID id = p.exchange.id();
    if (s.bytes() == null) {
      return exchanges
          .fail(
              p,
              s.name(),
              "result file refused: "
                  + s.name()
                  + " is larger than the limit of "
                  + config.maxResultBytes()
                  + " bytes")
          .compose(x -> processed.note(s, Folder.RES, "too_large", id, false));
    }
    return switch (rf.kind()) {
      case ERR ->
          exchanges
              .fail(p, s.name(), "terminal error (.err): " + ResultPayloads.errText(s.bytes()))
              .compose(x -> processed.note(s, Folder.RES, "err", id, true));
      case REQUEST_RETURNED -> requestReturned(s, p, rf);
      case RESULT_PDF -> answered(s, p, s.bytes(), null);
      case RESULT_XML, RESULT_ZIP -> resultDocument(s, p, rf, parsed);
    };
  }

  private Future<Void> requestReturned(Seen s, Pending p, ResFile rf) {
    UUID id = p.exchange.id();
    // The .err explanation usually follows the returned request; give it a moment (§1.6).
    vertx.setTimer(
        Math.max(1, config.errGrace().toMillis()),
        t -> {
          if (!scans.closed() && exchanges.forRequestFile(rf.requestFile()) == p) {
            // Tried again until recorded, and the deadline decides nothing more meanwhile: it
            // would end the exchange OUTCOME_UNKNOWN, although the terminal refused it.
            exchanges.endSurely(
                p,
                new PendingExchanges.End(
                    ExchangeState.FAILED,
                    s.name(),
                    "the terminal returned the request unprocessed, without an .err text"));
          }
        });
    return processed.note(s, Folder.RES, "request_returned", id, true);
  }

  private Future<Void> resultDocument(
      Seen s, Pending p, ResFile rf, Optional<ParsedDocument> parsed) {
    UUID id = p.exchange.id();
    RequestKind kind = p.exchange.kind();
    return (parsed.isPresent()
            ? Future.succeededFuture(results.prepare(s, rf, kind, parsed))
            : files.executeBlocking(() -> results.prepare(s, rf, kind, parsed), false))
        .compose(
            prepared -> {
              if (prepared.unusable() != null) {
                return exchanges
                    .fail(p, s.name(), prepared.unusable())
                    .compose(x -> processed.note(s, Folder.RES, "rejected", id, false));
              }
              if (prepared.unreadable() != null) {
                // Maybe still being written by a slow writer: wait for it to change.
                p.problem = prepared.unreadable();
                return processed.note(s, Folder.RES, "unreadable", id, false);
              }
              Optional<String> mismatch =
                  RequestDocuments.mismatch(p.exchange, prepared.doc().root());
              if (mismatch.isPresent()) {
                metrics.unmatched(Unmatched.IDENTIFIER_MISMATCH);
                LOG.atWarn()
                    .addKeyValue("file", s.name())
                    .addKeyValue("exchangeId", id)
                    .addKeyValue("reason", mismatch.get())
                    .log("result rejected: it does not belong to the request");
                return exchanges
                    .fail(p, s.name(), "result rejected: " + mismatch.get())
                    .compose(x -> processed.note(s, Folder.RES, "rejected", id, false));
              }
              // A bulk download answered SegmentOfResult=2 is still being processed: ask again.
              boolean processing =
                  kind.bulkPhase2()
                      && "2"
                          .equals(
                              RequestDocuments.segmentOfResult(prepared.doc().root()).orElse(""));
              if (processing) {
                return reasks
                    .stillProcessing(p)
                    .compose(x -> processed.note(s, Folder.RES, "still_processing", id, true));
              }
              return answered(s, p, prepared.bytes(), prepared.doc());
            });
  }

  /** The exchange answered, and the result file's record, in one commit. */
  private Future<Void> answered(Seen s, Pending p, byte[] bytes, ParsedDocument doc) {
    return processed.noteWithin(
        s,
        Folder.RES,
        "answered",
        p.exchange.id(),
        true,
        record -> exchanges.finish(p, ExchangeState.ANSWERED, s.name(), bytes, null, doc, record));
  }

  private Future<Void> unmatched(Seen s, ResFile rf) {
    return store
        .findByRequestFile(rf.requestFile())
        .compose(
            found -> {
              UUID id = found.map(Exchange::id).orElse(null);
              boolean errArtefact =
                  rf.kind() == LinkFiles.ResKind.ERR
                      || rf.kind() == LinkFiles.ResKind.REQUEST_RETURNED;
              if (found.isPresent() && errArtefact && found.get().state() == ExchangeState.FAILED) {
                // The other half of an error we already recorded.
                return processed.note(s, Folder.RES, "error_artefact", id, false);
              }
              Unmatched reason =
                  found.isPresent() ? Unmatched.DUPLICATE : Unmatched.UNKNOWN_REQUEST;
              metrics.unmatched(reason);
              LOG.atInfo()
                  .addKeyValue("file", s.name())
                  .addKeyValue("reason", reason.label())
                  .log("result file matches no pending exchange; recorded, not applied");
              return processed.note(s, Folder.RES, reason.label(), id, false);
            });
  }
}
