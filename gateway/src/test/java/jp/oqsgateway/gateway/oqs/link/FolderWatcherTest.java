package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal's folders can sit on a network share that hangs: the periodic look for a folder that
 * appeared late must never make an event loop wait for it, nor pile up checks while it hangs.
 */
class FolderWatcherTest {
  @TempDir Path dir;
  private Vertx vertx;
  private WorkerExecutor files;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    files = vertx.createSharedWorkerExecutor("oqsgw-files-test", 2);
  }

  @AfterEach
  void stop() {
    files.close();
    vertx.close().await();
  }

  @Test
  void aFolderThatAppearsLaterIsLookedForOnTheFilePoolNeverOnTheEventLoop() throws Exception {
    Path late = dir.resolve("res");
    List<String> checkedOn = new CopyOnWriteArrayList<>();
    try (FolderWatcher watcher =
        new FolderWatcher(
            List.of(late),
            () -> {},
            new ChangedFiles(),
            folder -> {
              checkedOn.add(Thread.currentThread().getName());
              return Files.isDirectory(folder);
            })) {
      checkedOn.clear(); // the constructor's own look runs wherever the link constructs it
      Files.createDirectories(late);
      CompletableFuture<Void> done = new CompletableFuture<>();
      vertx.runOnContext(
          v -> watcher.registerMissingOn(files).onComplete(r -> done.complete(null)));
      done.get(10, TimeUnit.SECONDS);

      assertThat(checkedOn).hasSize(1);
      assertThat(checkedOn.get(0)).startsWith("oqsgw-files-test").doesNotContain("eventloop");
      // Watched now: the next periodic call does not touch the file system at all.
      watcher.registerMissingOn(files).await();
      assertThat(checkedOn).hasSize(1);
    }
  }

  @Test
  void whileAShareHangsTheEventLoopGoesOnAndNoSecondCheckIsQueued() throws Exception {
    CountDownLatch shareAnswers = new CountDownLatch(1);
    AtomicBoolean hang = new AtomicBoolean(false);
    AtomicInteger checks = new AtomicInteger();
    try (FolderWatcher watcher =
        new FolderWatcher(
            List.of(dir.resolve("face")),
            () -> {},
            new ChangedFiles(),
            folder -> {
              if (hang.get()) {
                checks.incrementAndGet();
                try {
                  shareAnswers.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return false;
            })) {
      hang.set(true);
      try {
        CompletableFuture<Integer> loopWentOn = new CompletableFuture<>();
        vertx.runOnContext(
            v -> {
              watcher.registerMissingOn(files);
              watcher.registerMissingOn(files);
              watcher.registerMissingOn(files);
              loopWentOn.complete(checks.get());
            });
        // The event loop returned from all three calls while the share still hangs.
        loopWentOn.get(10, TimeUnit.SECONDS);
        assertThat(shareAnswers.getCount()).isEqualTo(1);
        await("the first check has started")
            .atMost(Duration.ofSeconds(10))
            .until(() -> checks.get() == 1);
        assertThat(checks.get()).as("checks started while the first one hangs").isEqualTo(1);
      } finally {
        shareAnswers.countDown(); // the share answers at last, whatever happened above
      }
    }
  }
}
