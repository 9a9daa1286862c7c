package jp.oqsgateway.gateway.oqs.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When scans run. A restarted gateway's watcher reports the results the terminal wrote while it was
 * down before the link tracks the exchanges they answer: a scan then would record such a result as
 * matching nothing, and its exchange would end OUTCOME_UNKNOWN at its deadline.
 */
class ScanScheduleTest {
  @Test
  void
      aNotificationBeforeTheLinkHasResumedItsExchangesStartsNoScanAndTheOpeningScanListsEverything() {
    ScanSchedule schedule = new ScanSchedule();
    AtomicInteger cycles = new AtomicInteger();
    AtomicInteger listings = new AtomicInteger();
    schedule.runs(
        () -> {
          cycles.incrementAndGet();
          if (schedule.takeListAll()) {
            listings.incrementAndGet();
          }
          return Future.succeededFuture();
        });

    schedule.requestLook();
    schedule.requestScan();
    assertThat(cycles).as("nothing before the link has resumed").hasValue(0);

    schedule.scanNow();
    assertThat(cycles).hasValue(1);
    assertThat(listings).as("the opening scan lists every file").hasValue(1);

    schedule.requestLook();
    assertThat(cycles).as("notifications start scans from then on").hasValue(2);
    assertThat(listings).as("a notified scan looks at the named files").hasValue(1);
  }
}
