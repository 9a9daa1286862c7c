package jp.oqsgateway.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeFoldersCheckTest {
  private static final double MIB = 1024 * 1024;

  @TempDir Path root;
  private Vertx vertx;
  private WorkerExecutor files;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeEach
  void start() throws IOException {
    for (String folder : ExchangeFoldersCheck.FOLDERS) {
      Files.createDirectories(root.resolve(folder));
    }
    vertx = Vertx.vertx();
    files = vertx.createSharedWorkerExecutor("folders-test-files", 1);
  }

  @AfterEach
  void stop() {
    files.close().await();
    vertx.close().await();
  }

  @Test
  void theShareFreeSpaceIsUnknownBeforeTheFirstCheckAndTheDisksFreeSpaceAfterIt()
      throws IOException {
    ExchangeFoldersCheck check = new ExchangeFoldersCheck(root, 1, files, registry);
    assertThat(registry.scrape()).contains("oqsgw_oqs_share_free_bytes NaN");

    assertThat(check.check().await().up()).isTrue();

    double reported = registry.get("oqsgw.oqs.share.free").gauge().value();
    double disk = Files.getFileStore(root).getUsableSpace();
    assertThat(reported).isPositive().isCloseTo(disk, within(64 * MIB));
    assertThat(registry.scrape()).containsPattern("(?m)^oqsgw_oqs_share_free_bytes [0-9.E]+$");
  }

  @Test
  void aDiskBelowTheMinimumIsDownAndStillReportsItsFreeSpace() throws IOException {
    long disk = Files.getFileStore(root).getUsableSpace();
    ExchangeFoldersCheck check = new ExchangeFoldersCheck(root, disk * 4, files, registry);

    assertThat(check.check().await().up()).isFalse();
    assertThat(registry.get("oqsgw.oqs.share.free").gauge().value())
        .isCloseTo(disk, within(64 * MIB));
  }
}
