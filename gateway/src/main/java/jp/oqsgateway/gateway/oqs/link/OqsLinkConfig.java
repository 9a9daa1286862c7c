package jp.oqsgateway.gateway.oqs.link;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * The OQS file link as operators configure it (docs/OQS-LINK.md). Folders are absolute; {@code
 * archiveDir} empty = off.
 */
public record OqsLinkConfig(
    Path reqDir,
    Path resDir,
    Path faceDir,
    Optional<Path> archiveDir,
    String institutionCode,
    ZoneId zone,
    OqsCharset requestEncoding,
    Duration timeout,
    Map<RequestKind, Duration> timeouts,
    Duration pickupThreshold,
    Duration scanInterval,
    Duration stableDelay,
    Duration bulkReaskInterval,
    int bulkReaskMax,
    Duration faceMaxAge,
    Duration probeIdle,
    int scanBudgetMb,
    boolean acceptCompleteAtOnce,
    boolean extendedRequestNames) {}
