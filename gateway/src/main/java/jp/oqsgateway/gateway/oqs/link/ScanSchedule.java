package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the folders are scanned, and whether a scan lists them whole. Scans never overlap: a request
 * during a scan causes one more scan afterwards. A look ({@link #requestLook}) asks only for the
 * files the notifications named; any other request makes the next scan list every file. Runs on the
 * link's context ({@link PendingExchanges}); what one scan does is {@link FolderScanner}'s.
 */
final class ScanSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  private Supplier<Future<Void>> cycle = Future::succeededFuture;
  private boolean scanning;
  private boolean rescan;
  private boolean listAll = true;
  private boolean closed;

  /**
   * Set by the first {@link #scanNow}, once the link has loaded what it handled and tracks its
   * pending exchanges: a notification before that (the watcher runs first) starts no scan, which
   * would judge a pending exchange's result as matching nothing. That first scan lists everything.
   */
  private boolean open;

  private long scans;
  private List<Promise<Void>> current = new ArrayList<>();
  private List<Promise<Void>> next = new ArrayList<>();

  /**
   * Binds the scan to run. Set once, while the link is built: the scanner needs the parts that ask
   * for scans (writer, deadlines, through re-asks), so it is built after them.
   */
  void runs(Supplier<Future<Void>> cycle) {
    this.cycle = cycle;
  }

  /** Completed scans (tests wait on this instead of sleeping). */
  long scans() {
    return scans;
  }

  boolean closed() {
    return closed;
  }

  /** A scan that lists every file of the folders (the periodic scan, a deadline, the start). */
  void requestScan() {
    listAll = true;
    requestLook();
  }

  /** A scan of the files the notifications named, and of those waiting for a second read. */
  void requestLook() {
    if (closed || !open) {
      return;
    }
    if (scanning) {
      rescan = true;
      return;
    }
    startCycle();
  }

  /** Completes after a scan that started after this call. */
  Future<Void> scanNow() {
    open = true;
    listAll = true;
    if (closed) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    if (scanning) {
      next.add(p);
      rescan = true;
    } else {
      current.add(p);
      startCycle();
    }
    return p.future();
  }

  /** No more scans; completes when the one running, if any, is done. */
  Future<Void> close() {
    closed = true;
    if (!scanning) {
      return Future.succeededFuture();
    }
    Promise<Void> p = Promise.promise();
    current.add(p);
    return p.future();
  }

  /** Whether the scan starting now lists every file; the request is used up. */
  boolean takeListAll() {
    boolean all = listAll;
    listAll = false;
    return all;
  }

  private void startCycle() {
    scanning = true;
    cycle
        .get()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.atWarn().setCause(ar.cause()).log("scan of the exchange folders failed");
              }
              scans++;
              scanning = false;
              List<Promise<Void>> done = current;
              current = next;
              next = new ArrayList<>();
              done.forEach(Promise::tryComplete);
              if (closed) {
                current.forEach(Promise::tryComplete);
                current.clear();
              } else if (rescan || !current.isEmpty()) {
                rescan = false;
                startCycle();
              }
            });
  }
}
