package jp.oqsgateway.gateway.audit;

import java.time.Duration;
import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/**
 * The keys of the read audit: its commits ({@link GroupCommit}) and its watch ({@link
 * AuditChainWatch}).
 */
public final class AuditSettings {
  private AuditSettings() {}

  public static final Setting<Duration> AUDIT_VERIFY_INTERVAL =
      new Setting<>(
          "audit.verify-interval",
          "1h",
          "How often the running gateway verifies the read audit's hash chain from where it last"
              + " stopped (the whole chain once at each start): the rows written since, read once"
              + " each. A break shows as oqsgw_audit_chain_intact 0 and one ERROR line.",
          Parsers.between(Duration.ofSeconds(1), Duration.ofDays(1)));

  public static final Setting<Duration> AUDIT_COMMIT_WAIT =
      new Setting<>(
          "audit.commit-wait",
          "1ms",
          "When an audit commit ends with fewer than 16 rows waiting, how long the next one waits"
              + " for more before it starts (at once when 16 are there). Under a steady load of"
              + " reads a commit then carries several rows instead of one or two, and each commit"
              + " costs PostgreSQL about as much as the reads it carries. A row that finds no"
              + " commit in flight is written at once. 0ms never waits; at most 1s.",
          Parsers.between(Duration.ZERO, Duration.ofSeconds(1)));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL = List.of(AUDIT_VERIFY_INTERVAL, AUDIT_COMMIT_WAIT);

  /** How long an audit commit of a few rows right after another waits for more. */
  public static Duration commitWait(ConfigSource src) {
    return src.get(AUDIT_COMMIT_WAIT);
  }

  /** How often the chain is verified. */
  public static Duration verifyInterval(ConfigSource src) {
    return src.get(AUDIT_VERIFY_INTERVAL);
  }
}
