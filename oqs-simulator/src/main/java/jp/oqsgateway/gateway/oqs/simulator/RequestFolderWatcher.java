package jp.oqsgateway.gateway.oqs.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code req/} on its own thread ({@code oqs-sim-watch}): a WatchService wakes it early,
 * and a scan every scan interval lists the folder, so no request is missed when an event is (as on
 * network shares). Every request file name found goes to the consumer, as often as it is seen.
 */
final class RequestFolderWatcher {
  /** The simulator's log category, so one logger setting covers all of it. */
  private static final Logger LOG = LoggerFactory.getLogger(TerminalSimulator.class);

  private final SimulatorOptions options;
  private final Consumer<RequestName> found;
  private WatchService watch;
  private Thread thread;
  private volatile boolean running;

  RequestFolderWatcher(SimulatorOptions options, Consumer<RequestName> found) {
    this.options = options;
    this.found = found;
  }

  /** Registers the watch; the thread starts with {@link #start()}. */
  void open() {
    try {
      watch = options.req().getFileSystem().newWatchService();
      options
          .req()
          .register(
              watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + options.req(), e);
    }
  }

  void start() {
    running = true;
    thread = new Thread(this::loop, "oqs-sim-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /** Closes the watch and interrupts the thread; {@link #join()} waits for it. */
  void stop() {
    running = false;
    try {
      watch.close();
    } catch (IOException e) {
      LOG.warn("closing the watch service failed: {}", e.toString());
    }
    thread.interrupt();
  }

  void join() throws InterruptedException {
    thread.join(5000);
  }

  private void loop() {
    long scanMillis = Math.max(10, options.scanInterval().toMillis());
    while (running) {
      try {
        scan();
        var key = watch.poll(scanMillis, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("scan of {} failed: {}", options.req(), e.toString());
      }
    }
  }

  private void scan() {
    List<RequestName> names = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(options.req())) {
      for (Path p : dir) {
        RequestName.parse(p.getFileName().toString()).ifPresent(names::add);
      }
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", options.req(), e.toString());
      return;
    }
    names.forEach(found);
  }
}
