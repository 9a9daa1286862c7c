package jp.oqsgateway.gateway.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folders shared with the 資格確認端末 exist, are writable, and have free space. A full disk is a
 * classic way for requests to vanish silently, so it makes the gateway unready instead. The
 * file-system calls run on the bounded files worker pool, never on an event loop. The free space
 * each check finds is the gauge {@code oqsgw_oqs_share_free_bytes} (NaN until the first check), so
 * an alert can warn before the disk crosses {@code oqs.min-free-mb}.
 */
public final class ExchangeFoldersCheck implements HealthCheck {
  /** The terminal's folders (OQS-PROTOCOL.md §1.2). */
  public static final List<String> FOLDERS = List.of("req", "res", "face");

  private final Path root;
  private final long minFreeBytes;
  private final WorkerExecutor files;
  private final AtomicLong freeBytes = new AtomicLong(-1);

  public ExchangeFoldersCheck(
      Path root, long minFreeBytes, WorkerExecutor files, MeterRegistry registry) {
    this.root = root;
    this.minFreeBytes = minFreeBytes;
    this.files = files;
    Gauge.builder("oqsgw.oqs.share.free", freeBytes, f -> f.get() < 0 ? Double.NaN : f.get())
        .description("Free space on the exchange folders' disk at the last readiness check")
        .baseUnit("bytes")
        .strongReference(true)
        .register(registry);
  }

  @Override
  public String name() {
    return "oqs-folders";
  }

  @Override
  public Future<CheckResult> check() {
    return files.executeBlocking(this::probe, false);
  }

  private CheckResult probe() throws IOException {
    JsonObject details = new JsonObject().put("root", root.toString());
    for (String folder : FOLDERS) {
      Path dir = root.resolve(folder);
      if (!Files.isDirectory(dir)) {
        return CheckResult.down(folder + "/ does not exist under " + root, details);
      }
      if (!Files.isWritable(dir)) {
        return CheckResult.down(folder + "/ is not writable by the gateway", details);
      }
    }
    FileStore store = Files.getFileStore(root);
    long free = store.getUsableSpace();
    freeBytes.set(free);
    details.put("freeMb", free / (1024 * 1024)).put("minFreeMb", minFreeBytes / (1024 * 1024));
    if (free < minFreeBytes) {
      return CheckResult.down(
          "only " + free / (1024 * 1024) + " MiB free on the exchange folders' disk", details);
    }
    return CheckResult.up("folders writable, disk space sufficient", details);
  }
}
