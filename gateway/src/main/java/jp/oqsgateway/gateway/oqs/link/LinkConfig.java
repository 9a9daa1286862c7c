package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * Settings of one link to one terminal's folders (docs/OQS-LINK.md).
 *
 * @param archiveDir where processed result and face files are moved; empty leaves them in place
 * @param timeouts per-kind answer deadline; kinds not listed use {@code defaultTimeout}
 * @param pickupThreshold a request still in {@code req/} after this long means the terminal's link
 *     program is not running
 * @param scanInterval periodic scan of the folders, the safety net under the file watcher
 * @param stableDelay two reads this far apart must agree before a file that does not yet parse as a
 *     complete document is read
 * @param errGrace how long a request-named file in {@code res/} may wait for its {@code .err}
 * @param reaskInterval wait before asking again for a bulk result that is still processing
 * @param reaskMax re-asks before such an exchange fails
 * @param faceMaxAge face files whose name timestamp is older than this at first sight are skipped
 * @param probeIdle when positive, a harmless probe is sent after this long without any request
 * @param probeInstitutionCode MedicalInstitutionCode of the probe (probe off when empty)
 * @param requestCharset encoding of requests that name none (and of the probe)
 * @param zone the clinic's time zone (suffix dates, face-file timestamps)
 * @param maxResultBytes largest result (and extracted zip entry) accepted
 * @param scanBudgetBytes most bytes one scan reads from {@code res/} and {@code face/} together
 *     (the first file of a scan is always read); the rest waits for the next scan
 * @param acceptCompleteAtOnce a result or face XML that parses as a complete document on its first
 *     read is handed on at once, without waiting {@code stableDelay} ({@link StableFiles})
 * @param extendedNames after a day's 9,999 dated request names, go on with the 12-digit names of
 *     {@link RequestSequence} (up to 999,999 a day) instead of refusing the request
 */
public record LinkConfig(
    Path reqDir,
    Path resDir,
    Path faceDir,
    Optional<Path> archiveDir,
    Duration defaultTimeout,
    Map<RequestKind, Duration> timeouts,
    Duration pickupThreshold,
    Duration scanInterval,
    Duration stableDelay,
    Duration errGrace,
    Duration reaskInterval,
    int reaskMax,
    Duration faceMaxAge,
    Duration probeIdle,
    String probeInstitutionCode,
    OqsCharset requestCharset,
    ZoneId zone,
    long maxResultBytes,
    long scanBudgetBytes,
    boolean acceptCompleteAtOnce,
    boolean extendedNames) {

  /** Default of {@code oqs.link.scan-budget-mb}. */
  public static final long DEFAULT_SCAN_BUDGET_BYTES = 64L * 1024 * 1024;

  public LinkConfig {
    timeouts = Map.copyOf(timeouts);
    if (scanBudgetBytes < 1) {
      throw new IllegalArgumentException("scanBudgetBytes must be positive");
    }
  }

  public Duration timeout(RequestKind kind) {
    return timeouts.getOrDefault(kind, defaultTimeout);
  }

  public boolean probeEnabled() {
    return !probeIdle.isZero() && !probeIdle.isNegative() && !probeInstitutionCode.isBlank();
  }

  /** Defaults for {@code root/req}, {@code root/res}, {@code root/face} (tests shorten times). */
  public static LinkConfig defaults(Path root) {
    return new LinkConfig(
        root.resolve("req"),
        root.resolve("res"),
        root.resolve("face"),
        Optional.empty(),
        Duration.ofSeconds(120),
        Map.of(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(2),
        Duration.ofMillis(300),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10),
        3,
        Duration.ofHours(12),
        Duration.ZERO,
        "",
        OqsCharset.SHIFT_JIS,
        ZoneId.of("Asia/Tokyo"),
        32L * 1024 * 1024,
        DEFAULT_SCAN_BUDGET_BYTES,
        true,
        true);
  }

  public LinkConfig withTimeouts(Duration defaultTimeout, Map<RequestKind, Duration> timeouts) {
    return with(
        defaultTimeout,
        timeouts,
        scanInterval,
        stableDelay,
        scanBudgetBytes,
        acceptCompleteAtOnce,
        extendedNames);
  }

  public LinkConfig withScanBudgetBytes(long bytes) {
    return with(
        defaultTimeout,
        timeouts,
        scanInterval,
        stableDelay,
        bytes,
        acceptCompleteAtOnce,
        extendedNames);
  }

  /** The two-reads guard: how far apart, and whether a complete document skips it. */
  public LinkConfig withStableDelay(Duration delay, boolean completeAtOnce) {
    return with(
        defaultTimeout,
        timeouts,
        scanInterval,
        delay,
        scanBudgetBytes,
        completeAtOnce,
        extendedNames);
  }

  /** How often the folders are listed whole, under the file-system notifications. */
  public LinkConfig withScanInterval(Duration interval) {
    return with(
        defaultTimeout,
        timeouts,
        interval,
        stableDelay,
        scanBudgetBytes,
        acceptCompleteAtOnce,
        extendedNames);
  }

  /** Whether the day's request names go on after 9,999 ({@link RequestSequence}). */
  public LinkConfig withExtendedNames(boolean extended) {
    return with(
        defaultTimeout,
        timeouts,
        scanInterval,
        stableDelay,
        scanBudgetBytes,
        acceptCompleteAtOnce,
        extended);
  }

  private LinkConfig with(
      Duration defaultTimeout,
      Map<RequestKind, Duration> timeouts,
      Duration scanInterval,
      Duration stableDelay,
      long scanBudgetBytes,
      boolean acceptCompleteAtOnce,
      boolean extendedNames) {
    return new LinkConfig(
        reqDir,
        resDir,
        faceDir,
        archiveDir,
        defaultTimeout,
        timeouts,
        pickupThreshold,
        scanInterval,
        stableDelay,
        errGrace,
        reaskInterval,
        reaskMax,
        faceMaxAge,
        probeIdle,
        probeInstitutionCode,
        requestCharset,
        zone,
        maxResultBytes,
        scanBudgetBytes,
        acceptCompleteAtOnce,
        extendedNames);
  }
}
