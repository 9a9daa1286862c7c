package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system notifications for the terminal's folders, on a dedicated daemon thread (never an
 * event loop). A notification says "look again" and which file changed ({@link ChangedFiles}): the
 * link then looks at those files. Notifications can be lost (overflow, network shares, where none
 * come at all), which is why the link also lists the folders periodically.
 */
final class FolderWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

  private final WatchService service;
  private final List<Path> folders;
  private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
  private final Runnable onChange;
  private final ChangedFiles changes;
  private final Predicate<Path> isDirectory;
  private final AtomicBoolean registering = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closed;

  /** Blocking (file system): construct on a worker thread. */
  FolderWatcher(List<Path> folders, Runnable onChange) throws IOException {
    this(folders, onChange, new ChangedFiles(), Files::isDirectory);
  }

  /** Blocking (file system): construct on a worker thread. */
  FolderWatcher(List<Path> folders, Runnable onChange, ChangedFiles changes) throws IOException {
    this(folders, onChange, changes, Files::isDirectory);
  }

  /**
   * @param isDirectory how a folder's presence is checked (a test can make it block, as a hung
   *     network share would)
   */
  FolderWatcher(
      List<Path> folders, Runnable onChange, ChangedFiles changes, Predicate<Path> isDirectory)
      throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.folders = List.copyOf(folders);
    this.onChange = onChange;
    this.changes = changes;
    this.isDirectory = isDirectory;
    registerMissing();
    this.thread = new Thread(this::run, "oqsgw-oqs-watcher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Registers, on {@code files}, the folders that appeared since (a share mounted late): called by
   * the periodic scan on an event loop, which must never wait for a share. At most one such check
   * runs at a time, so a hung share does not pile checks up in the pool; nothing is done once every
   * folder is watched.
   */
  Future<Void> registerMissingOn(WorkerExecutor files) {
    if (keys.size() == folders.size() || !registering.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return files
        .executeBlocking(
            () -> {
              registerMissing();
              return (Void) null;
            },
            false)
        .onComplete(done -> registering.set(false));
  }

  /** Blocking: registers the folders not watched yet that exist now. */
  private void registerMissing() {
    for (Path folder : folders) {
      if (keys.containsKey(folder) || !isDirectory.test(folder)) {
        continue;
      }
      try {
        keys.put(
            folder,
            folder.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE));
      } catch (IOException | ClosedWatchServiceException e) {
        LOG.atWarn()
            .addKeyValue("folder", folder.toString())
            .addKeyValue("reason", String.valueOf(e.getMessage()))
            .log("cannot watch folder; the periodic scan still covers it");
      }
    }
  }

  private void run() {
    while (!closed) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path folder = (Path) key.watchable();
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW
            || !(event.context() instanceof Path name)) {
          changes.overflowed();
        } else {
          changes.changed(folder.resolve(name));
        }
      }
      if (!key.reset()) {
        keys.values().remove(key);
      }
      onChange.run();
    }
  }

  /** Whether every folder is watched, so that notifications name what changes there. */
  boolean watchingAll() {
    return keys.size() == folders.size();
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      LOG.atDebug().setCause(e).log("closing the watch service");
    }
    thread.interrupt();
  }
}
