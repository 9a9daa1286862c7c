package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import jp.oqsgateway.gateway.concurrent.BoundedWorkers;
import jp.oqsgateway.gateway.concurrent.GatewayStopping;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts requests into {@code req/}: validates and encodes them, allocates a free file name (§1.4),
 * sets {@code ArbitraryFileIdentifier}, stages the file under our temporary name, inserts the
 * exchange row, and only then renames the file into place. A crash before the row leaves a staged
 * file nobody was promised (removed at the next start); a crash after it leaves a staged file the
 * next start publishes ({@link LinkFiles#settleTemporaries}): a stored exchange's request reaches
 * {@code req/} exactly once. Runs on the link's context ({@link PendingExchanges}); file I/O on the
 * worker pool.
 */
final class RequestWriter {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);
  private static final int MAX_NAME_ATTEMPTS = 20;

  private final WorkerExecutor files;
  private final LinkConfig config;
  private final ExchangeStore store;
  private final RequestSequence sequence;
  private final OqsXmlReader reader;
  private final PendingExchanges exchanges;
  private final Deadlines deadlines;
  private final LinkLiveness liveness;
  private final ScanSchedule scans;
  private final String reqDirKey;

  RequestWriter(
      WorkerExecutor files,
      LinkConfig config,
      ExchangeStore store,
      RequestSequence sequence,
      OqsXmlReader reader,
      PendingExchanges exchanges,
      Deadlines deadlines,
      LinkLiveness liveness,
      ScanSchedule scans) {
    this.files = files;
    this.config = config;
    this.store = store;
    this.sequence = sequence;
    this.reader = reader;
    this.exchanges = exchanges;
    this.deadlines = deadlines;
    this.liveness = liveness;
    this.scans = scans;
    this.reqDirKey = reqDirKey(config);
  }

  /** The {@code req/} folder as stored with each exchange. */
  static String reqDirKey(LinkConfig config) {
    return config.reqDir().toAbsolutePath().normalize().toString();
  }

  /**
   * A new exchange for {@code request} with the given id; {@code retryOf} links it to the one it
   * repeats.
   */
  Future<Exchange> submit(OqsRequest request, UUID id, UUID retryOf, boolean probe) {
    return submit(request, id, retryOf, probe, null);
  }

  /**
   * As {@link #submit(OqsRequest, UUID, UUID, boolean)}; {@code alsoStored} (or null) writes what
   * the caller records with the exchange in the transaction that stores it.
   */
  Future<Exchange> submit(
      OqsRequest request,
      UUID id,
      UUID retryOf,
      boolean probe,
      Function<SqlConnection, Future<Void>> alsoStored) {
    if (exchanges.closed()) {
      return Future.failedFuture(new GatewayStopping("the OQS link"));
    }
    OqsCharset charset = request.charset().orElse(config.requestCharset());
    try {
      RequestDocuments.validate(request.kind(), request.document());
      // Text the encoding cannot carry is refused before a name, a row or a file is spent on it
      // (the identifier set later is ASCII, so this answer holds for the final document).
      OqsXmlWriter.requireEncodable(request.document(), charset);
    } catch (IllegalArgumentException | UnencodableTextException e) {
      return Future.failedFuture(e);
    }
    liveness.activity(Instant.now());
    // The exchange's id in the identifier, so that a request name can be told from another's.
    String idHead = id.toString().substring(0, 8);
    return stageUnderFreeName(
            request.kind(),
            name ->
                encode(
                    RequestDocuments.withArbitraryFileIdentifier(
                        request.document(), identifier(request.kind(), name, idHead)),
                    charset),
            true)
        .compose(
            staged -> {
              Instant now = Instant.now();
              XmlElement doc = request.document();
              Exchange row =
                  new Exchange(
                      id,
                      request.kind(),
                      ExchangeState.WRITTEN,
                      reqDirKey,
                      staged.name(),
                      identifier(request.kind(), staged.name(), idHead),
                      RequestDocuments.institutionCode(doc),
                      request.kind().bulkPhase2()
                          ? RequestDocuments.receptionNumber(doc)
                          : Optional.empty(),
                      Optional.ofNullable(retryOf),
                      probe,
                      0,
                      charset.declaredName(),
                      staged.bytes(),
                      now,
                      Optional.empty(),
                      now.plus(config.timeout(request.kind())),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty());
              // Staged, then the row, then the rename: never a request file nobody waits for,
              // never a stored exchange whose file is lost.
              return store
                  .insert(row, alsoStored)
                  .recover(e -> discard(staged.name()).transform(x -> Future.failedFuture(e)))
                  .compose(this::publish);
            });
  }

  /** The request's {@code ArbitraryFileIdentifier}: its name's suffix and its exchange's id. */
  private static String identifier(RequestKind kind, String name, String idHead) {
    return "GW" + name.substring(kind.prefix().length() + 4, name.length() - 4) + "-" + idHead;
  }

  /** The document of a request as it was written, parsed again on the worker pool. */
  Future<ParsedDocument> sentDocument(Exchange e) {
    return files.executeBlocking(() -> reader.parse(e.requestFile(), e.requestBytes()), false);
  }

  /** The document in the file's encoding; a failed future when it cannot be encoded. */
  static Future<byte[]> encode(XmlElement doc, OqsCharset charset) {
    try {
      return Future.succeededFuture(OqsXmlWriter.write(doc, charset));
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** Removes a staged request whose exchange was not stored. */
  Future<Void> discard(String name) {
    return files.executeBlocking(
        () -> {
          LinkFiles.discard(config.reqDir(), name);
          return null;
        },
        false);
  }

  /**
   * Renames the staged request of a stored exchange into {@code req/} and tracks the exchange (if
   * not yet); a failed rename ends it FAILED.
   */
  Future<Exchange> publish(Exchange saved) {
    Pending p = tracked(saved);
    p.writing = true;
    return files
        .executeBlocking(
            () -> {
              LinkFiles.publish(config.reqDir(), saved.requestFile());
              return null;
            },
            false)
        .transform(
            ar -> {
              p.writing = false;
              if (ar.succeeded()) {
                LOG.atInfo()
                    .addKeyValue("exchangeId", saved.id())
                    .addKeyValue("kind", saved.kind().label())
                    .addKeyValue("file", saved.requestFile())
                    .log("request written");
                scans.requestLook();
                return Future.succeededFuture(saved);
              }
              return exchanges
                  .finish(
                      p,
                      ExchangeState.FAILED,
                      null,
                      null,
                      "could not write the request file: " + ar.cause().getMessage())
                  .map(o -> o.orElse(saved));
            });
  }

  private Pending tracked(Exchange saved) {
    Pending existing = exchanges.get(saved.id());
    if (existing != null) {
      return existing;
    }
    Pending p = exchanges.track(saved);
    deadlines.arm(p);
    return p;
  }

  /** A request staged under its name, with the bytes written. */
  record Staged(String name, byte[] bytes) {}

  /**
   * Takes the next sequence number whose request and result names are free in req/ and res/ (§1.4)
   * and stages there the request {@code content} makes for that name: the names looked at and the
   * file written in one file task. {@code newWork}: a new request, refused while the file pool's
   * queue is full ({@link BoundedWorkers#admitting}); else work already accepted (a bulk re-ask of
   * a pending exchange), never refused.
   */
  Future<Staged> stageUnderFreeName(
      RequestKind kind, Function<String, Future<byte[]>> content, boolean newWork) {
    return stageUnderFreeName(kind, content, newWork ? BoundedWorkers.admitting(files) : files, 0);
  }

  private Future<Staged> stageUnderFreeName(
      RequestKind kind, Function<String, Future<byte[]>> content, WorkerExecutor via, int attempt) {
    return sequence
        .next(LocalDate.now(config.zone()))
        .compose(suffix -> placeIfFree(kind.requestFileName(suffix), content, via))
        .compose(
            staged -> {
              if (staged.isPresent()) {
                return Future.succeededFuture(staged.get());
              }
              if (attempt + 1 >= MAX_NAME_ATTEMPTS) {
                return Future.failedFuture(
                    new IllegalStateException(
                        MAX_NAME_ATTEMPTS
                            + " request names in a row already had files in req/ or"
                            + " res/; another program may use the same naming"));
              }
              return stageUnderFreeName(kind, content, via, attempt + 1);
            });
  }

  /**
   * The request staged under {@code name}, or empty (a warning) when that name is taken; {@code
   * via}: the file pool, or its door for new work (the first file task of a new request, refused
   * while the pool's queue is full).
   */
  private Future<Optional<Staged>> placeIfFree(
      String name, Function<String, Future<byte[]>> content, WorkerExecutor via) {
    return content
        .apply(name)
        .compose(
            bytes ->
                via.executeBlocking(
                    () -> {
                      if (LinkFiles.nameTaken(config.reqDir(), config.resDir(), name)) {
                        return Optional.<Staged>empty();
                      }
                      LinkFiles.stage(config.reqDir(), name, bytes);
                      return Optional.of(new Staged(name, bytes));
                    },
                    false))
        .onSuccess(
            staged -> {
              if (staged.isEmpty()) {
                LOG.atWarn()
                    .addKeyValue("file", name)
                    .log("request or result name already present; skipping that number");
              }
            });
  }
}
