package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Stat;

/**
 * When a file in {@code res/} or {@code face/} may be read: only once two reads at least {@code
 * stableDelay} apart agree on size and SHA-256 (the terminal or another program may still be
 * writing), and only while no earlier read of it is still being handled.
 *
 * <p>Observations live on the link's context; the in-flight set is also read from the worker pool
 * while a scan lists the folders, hence the concurrent set.
 */
final class StableFiles {
  private record Observation(Seen seen, long atNanos) {}

  private final LinkConfig config;
  private final ProcessedFileLog processed;
  private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<Path, Observation> observations = new HashMap<>();

  StableFiles(LinkConfig config, ProcessedFileLog processed) {
    this.config = config;
    this.processed = processed;
  }

  /** Files not yet handled in that exact size and modification time (worker thread). */
  List<Seen> readChanged(Path dir) throws IOException {
    List<Seen> seen = new ArrayList<>();
    for (Path p : LinkFiles.list(dir)) {
      if (inFlight.contains(p)) {
        continue;
      }
      Optional<Stat> stat = LinkFiles.stat(p);
      if (stat.isEmpty() || processed.unchanged(p, stat.get())) {
        continue;
      }
      LinkFiles.read(p, stat.get(), config.maxResultBytes()).ifPresent(seen::add);
    }
    return seen;
  }

  /**
   * Whether this read agrees with one at least {@code stableDelay} earlier; if so the file is now
   * in flight until {@link #release}, else this read is remembered for the next look.
   */
  boolean stable(Seen s) {
    Path path = s.path();
    long now = System.nanoTime();
    Observation prev = observations.get(path);
    boolean same =
        prev != null && prev.seen().size() == s.size() && prev.seen().sha256().equals(s.sha256());
    if (same && now - prev.atNanos() >= config.stableDelay().toNanos()) {
      observations.remove(path);
      inFlight.add(path);
      return true;
    }
    if (!same) {
      observations.put(path, new Observation(s, now));
    }
    return false;
  }

  /**
   * Takes a file that is handled without waiting for a second read: in flight until {@link
   * #release}. True when it was never seen nor handled before.
   */
  boolean takeAtOnce(Path path) {
    boolean firstSight = !observations.containsKey(path) && !processed.handled(path);
    inFlight.add(path);
    observations.remove(path);
    return firstSight;
  }

  Future<Void> release(Path path) {
    inFlight.remove(path);
    return Future.succeededFuture();
  }

  /**
   * Whether a file in {@code res/} that belongs to this request was seen but is not stable yet (a
   * second read must agree first): its exchange must not expire before that read.
   */
  boolean settling(String requestFile) {
    for (Path path : observations.keySet()) {
      if (path.getParent() != null
          && path.getParent().equals(config.resDir())
          && LinkFiles.classify(path.getFileName().toString())
              .map(rf -> rf.requestFile().equals(requestFile))
              .orElse(false)) {
        return true;
      }
    }
    return false;
  }
}
