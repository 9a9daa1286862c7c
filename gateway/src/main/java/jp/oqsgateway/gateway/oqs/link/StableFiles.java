package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.ResKind;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Seen;
import jp.oqsgateway.gateway.oqs.link.LinkFiles.Stat;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Refused;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Taken;
import jp.oqsgateway.gateway.oqs.link.ProcessedFileLog.Folder;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a file in {@code res/} or {@code face/} may be read: at once when the read holds a complete
 * XML document (a result {@code .xml} or a face file), else only once two reads at least {@code
 * stableDelay} apart agree on size and SHA-256 (the terminal or another program may still be
 * writing); and only while no earlier read of it is still being handled.
 *
 * <p>Why a complete document needs no second read: an XML document has exactly one root element and
 * is well-formed only once that root's end tag is written. Every shorter prefix of it leaves an
 * element open, or cuts a tag or a multi-byte character in two, and fails to parse. So a read that
 * parses (with the link's hardened {@link OqsXmlReader}: no DOCTYPE, no entities, strict decoding)
 * already holds all the writer had to say. A document refused for what it is (a DOCTYPE, a limit)
 * does not count as complete here: it waits for two reads and is then refused as before. What a
 * writer may still add after the root is only white space, a comment or a processing instruction;
 * that changes no content, but it does change the file's hash, so the file is read again as new: a
 * result then counts as a duplicate, a face file would be delivered twice. The terminal writes in
 * place (OQS-PROTOCOL.md §1.6, partial writes); should one ever append like that, {@code
 * oqs.link.accept-complete-at-once=false} puts every file behind the two reads again. Files whose
 * end cannot be told from their bytes always wait for two reads: a zip (its entry is complete
 * before the archive's directory is written), a PDF, an {@code .err} text, a returned request.
 *
 * <p>What is read at all: a file's name is classified before any byte of it is read (a name that is
 * no result, {@code .err} or face file of the terminal's is never opened), a symbolic link is never
 * followed (whatever it points to), and one scan reads at most its byte budget ({@link
 * ScanBudget}); the files beyond it wait for the next scan, which starts where this one stopped so
 * that a flood cannot starve the files at the end of the listing. Files refused are counted once
 * while they stay; each scan logs the new ones in one line per reason.
 *
 * <p>Observations live on the link's context; the in-flight set is also read from the worker pool
 * while a scan lists the folders, hence the concurrent set.
 */
final class StableFiles {
  private static final Logger LOG = LoggerFactory.getLogger(FolderScanner.class);

  private record Observation(Seen seen, long atNanos) {}

  /**
   * What one scan may read, in bytes, across {@code res/} and {@code face/}. The first file of a
   * scan is always read (up to {@code maxResultBytes}), so one large result cannot wait forever.
   * Used on the worker thread of one scan only.
   */
  static final class ScanBudget {
    private final long limit;
    private long used;
    private int deferred;

    ScanBudget(long limit) {
      this.limit = limit;
    }

    private boolean allows(long bytes) {
      return used == 0 || used + bytes <= limit;
    }

    /** Bytes read by this scan. */
    long used() {
      return used;
    }

    /** Files left for the next scan. */
    int deferred() {
      return deferred;
    }

    /**
     * Whether a parsed tree of that estimated heap cost may be kept until the scan's files are
     * handled; if so it is charged. A tree not kept is parsed again when its file is handled, one
     * file at a time.
     */
    boolean keeps(long treeCost) {
      if (used + treeCost > limit) {
        return false;
      }
      used += treeCost;
      return true;
    }
  }

  /**
   * Estimated heap of a parsed tree, in bytes: an element costs about 35 bytes even when empty
   * (measured: 2,000,000 {@code <a/>} took 70 MB), counted here as {@value #ELEMENT_COST}, and its
   * text two bytes a character.
   */
  static long treeCost(ParsedDocument doc) {
    long cost = 0;
    ArrayDeque<XmlElement> todo = new ArrayDeque<>();
    todo.push(doc.root());
    while (!todo.isEmpty()) {
      XmlElement e = todo.pop();
      cost += ELEMENT_COST + 2L * e.text().length();
      e.children().forEach(todo::push);
    }
    return cost;
  }

  static final long ELEMENT_COST = 64;

  private final LinkConfig config;
  private final ProcessedFileLog processed;
  private final LinkMetrics metrics;
  private final OqsXmlReader reader;
  private final Set<Path> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<Path, Observation> observations = new HashMap<>();
  private final Set<Path> refused = ConcurrentHashMap.newKeySet();
  private final Map<Folder, String> resumeAt = new ConcurrentHashMap<>();

  StableFiles(
      LinkConfig config, ProcessedFileLog processed, LinkMetrics metrics, OqsXmlReader reader) {
    this.config = config;
    this.processed = processed;
    this.metrics = metrics;
    this.reader = reader;
  }

  /**
   * Files of a folder not yet handled in that exact size and modification time, read within the
   * scan's budget (worker thread): every file of the folder, or {@code only} those of them that
   * still exist. A listing of every file that is not {@code thorough} looks only at names not yet
   * handled: a folder keeps every result, and a {@code stat} of each handled one on every listing
   * costs more as a night goes on; a handled file rewritten in place is seen by its notification,
   * or by the next thorough listing.
   */
  List<Seen> readChanged(
      Folder folder, ScanBudget budget, Optional<Set<Path>> only, boolean thorough)
      throws IOException {
    boolean statHandled = thorough || only.isPresent();
    Path dir = folder == Folder.RES ? config.resDir() : config.faceDir();
    // Each name taken once: a folder keeps every file handled, so a listing walks thousands.
    List<Named> listed = new ArrayList<>();
    if (only.isEmpty()) {
      for (Path p : LinkFiles.list(dir)) {
        listed.add(new Named(p.getFileName().toString(), p));
      }
    } else {
      for (Path p : only.get()) {
        if (!dir.equals(p.getParent())) {
          continue;
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          listed.add(new Named(p.getFileName().toString(), p));
        } else {
          refused.remove(p);
        }
      }
    }
    listed.sort(Comparator.comparing(Named::name));
    int start = startIndex(listed, resumeAt.remove(folder));
    List<Seen> seen = new ArrayList<>();
    Set<Path> refusedNow = new HashSet<>();
    Map<Refused, Fresh> fresh = new EnumMap<>(Refused.class);
    boolean full = false;
    for (int k = 0; k < listed.size(); k++) {
      Named named = listed.get((start + k) % listed.size());
      Path p = named.path();
      if (inFlight.contains(p)) {
        continue;
      }
      // A file handled before had a name of the folder's: only a new name is classified.
      boolean handled = processed.handled(p);
      if (!handled && !knownName(folder, named.name())) {
        refuse(p, Refused.UNKNOWN_NAME, refusedNow, fresh);
        continue;
      }
      if (handled && !statHandled) {
        continue;
      }
      Optional<Stat> stat = LinkFiles.stat(p);
      if (stat.isEmpty()) {
        if (LinkFiles.symbolicLink(p)) {
          refuse(p, Refused.SYMLINK, refusedNow, fresh);
        }
        continue;
      }
      if (processed.unchanged(p, stat.get())) {
        continue;
      }
      long cost = Math.min(stat.get().size(), config.maxResultBytes() + 1);
      if (full || !budget.allows(cost)) {
        if (!full) {
          resumeAt.put(folder, named.name());
          full = true;
        }
        budget.deferred++;
        continue;
      }
      Optional<Seen> read = LinkFiles.read(p, stat.get(), config.maxResultBytes());
      if (read.isPresent()) {
        budget.used += read.get().bytes() == null ? cost : read.get().bytes().length;
        seen.add(read.get());
      } else if (LinkFiles.symbolicLink(p)) {
        // Swapped for a link between the look and the open: O_NOFOLLOW refused it.
        refuse(p, Refused.SYMLINK, refusedNow, fresh);
      }
    }
    if (only.isEmpty()) {
      refused.removeIf(p -> dir.equals(p.getParent()) && !refusedNow.contains(p));
    }
    logRefused(dir, fresh);
    return seen;
  }

  /** Whether files wait beyond a scan's byte budget: the next scan must list the folders. */
  boolean deferring() {
    return !resumeAt.isEmpty();
  }

  /** The files seen once and waiting for a second read (link's context). */
  Set<Path> waiting() {
    return new HashSet<>(observations.keySet());
  }

  /** A listed file and its name. */
  private record Named(String name, Path path) {}

  private static int startIndex(List<Named> sorted, String resumeAt) {
    if (resumeAt == null) {
      return 0;
    }
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).name().compareTo(resumeAt) >= 0) {
        return i;
      }
    }
    return 0;
  }

  /** By name alone: a result or {@code .err} in {@code res/}, a face file in {@code face/}. */
  private static boolean knownName(Folder folder, String name) {
    return folder == Folder.RES
        ? LinkFiles.classify(name).isPresent()
        : LinkFiles.faceTimestamp(name).isPresent();
  }

  /** Files newly refused by one scan for one reason: how many, and the first one's name. */
  private record Fresh(int count, String firstName) {
    Fresh plus(Fresh other) {
      return new Fresh(count + other.count, firstName);
    }
  }

  /** Counts a file never opened, once while it stays; the scan logs what is new in one line. */
  private void refuse(Path p, Refused reason, Set<Path> refusedNow, Map<Refused, Fresh> fresh) {
    refusedNow.add(p);
    if (refused.add(p)) {
      metrics.refused(reason);
      fresh.merge(reason, new Fresh(1, p.getFileName().toString()), Fresh::plus);
    }
  }

  private static void logRefused(Path dir, Map<Refused, Fresh> fresh) {
    fresh.forEach(
        (reason, f) ->
            LOG.atWarn()
                .addKeyValue("folder", String.valueOf(dir.getFileName()))
                .addKeyValue("reason", reason.label())
                .addKeyValue("count", f.count())
                .addKeyValue("file", TerminalText.clean(f.firstName()))
                .log("files in the terminal's folder not opened; they stay where they are"));
  }

  /**
   * Whether this read holds a complete document that may be handed on without a second read: a
   * result {@code .xml} in {@code res/} or a face file that parses as a whole (worker thread: it
   * parses). False when {@code oqs.link.accept-complete-at-once} is off.
   */
  Optional<ParsedDocument> complete(Folder folder, Seen s) {
    if (!config.acceptCompleteAtOnce() || s.bytes() == null) {
      return Optional.empty();
    }
    boolean document =
        folder == Folder.FACE
            || LinkFiles.classify(s.name())
                .map(rf -> rf.kind() == ResKind.RESULT_XML)
                .orElse(false);
    if (!document) {
      return Optional.empty();
    }
    try {
      return Optional.of(reader.parse(s.name(), s.bytes()));
    } catch (OqsXmlException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the file may be handed on now: this read is {@code complete} ({@link #complete}), or it
   * agrees with one at least {@code stableDelay} earlier. If so the file is now in flight until
   * {@link #release}, else this read is remembered for the next look.
   */
  boolean stable(Seen s, boolean complete) {
    Path path = s.path();
    if (complete) {
      observations.remove(path);
      inFlight.add(path);
      metrics.taken(Taken.COMPLETE_DOCUMENT);
      return true;
    }
    long now = System.nanoTime();
    Observation prev = observations.get(path);
    boolean same =
        prev != null && prev.seen().size() == s.size() && prev.seen().sha256().equals(s.sha256());
    if (same && now - prev.atNanos() >= config.stableDelay().toNanos()) {
      observations.remove(path);
      inFlight.add(path);
      metrics.taken(Taken.TWO_READS);
      return true;
    }
    if (!same) {
      // size and hash are all a second read is compared with: the bytes are not kept, or files
      // waiting for their second read (unparseable, refused) would hold theirs across scans
      observations.put(
          path,
          new Observation(
              new Seen(path, s.name(), s.size(), s.mtimeMillis(), s.sha256(), null), now));
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
