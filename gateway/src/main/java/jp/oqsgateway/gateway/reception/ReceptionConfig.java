package jp.oqsgateway.gateway.reception;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param sessionTtl lifetime of a desk's sign-in token ({@code reception.session-ttl})
 * @param deskCodesFile the desks' hashed codes ({@code reception.desk-codes-file})
 */
public record ReceptionConfig(Duration sessionTtl, Path deskCodesFile) {}
