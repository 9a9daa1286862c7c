package jp.oqsgateway.gateway.audit;

import java.time.Duration;
import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the read audit's own watch ({@link AuditChainWatch}). */
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

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL = List.of(AUDIT_VERIFY_INTERVAL);

  /** How often the chain is verified. */
  public static Duration verifyInterval(ConfigSource src) {
    return src.get(AUDIT_VERIFY_INTERVAL);
  }
}
