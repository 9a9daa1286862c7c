package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The files the file-system notifications named since the last scan took them, so that a scan
 * caused by a notification looks at those files instead of listing folders that keep every file
 * handled (thousands after a night's jobs). Lost notifications ({@code OVERFLOW}) make the next
 * scan list everything. Filled by the watcher's thread, taken on the link's context.
 */
final class ChangedFiles {
  /** What the notifications named; {@code overflow}: some were lost, list everything. */
  record Changes(boolean overflow, Set<Path> paths) {}

  private Set<Path> paths = new HashSet<>();
  private boolean overflow;

  synchronized void changed(Path path) {
    paths.add(path);
  }

  synchronized void overflowed() {
    overflow = true;
  }

  /** What was named since the last call, and forgets it. */
  synchronized Changes take() {
    Changes taken = new Changes(overflow, paths);
    paths = new HashSet<>();
    overflow = false;
    return taken;
  }
}
