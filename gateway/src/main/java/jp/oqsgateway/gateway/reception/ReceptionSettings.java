package jp.oqsgateway.gateway.reception;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the reception desks' sign-in (docs/RECEPTION.md). */
public final class ReceptionSettings {
  private ReceptionSettings() {}

  /** The longest a desk's sign-in may last: one working day. */
  public static final Duration MAX_SESSION = Duration.ofHours(12);

  public static final Setting<Duration> RECEPTION_SESSION_TTL =
      new Setting<>(
          "reception.session-ttl",
          "10h",
          "Lifetime of the token a reception desk gets when it signs in with its desk code"
              + " (POST /api/v1/reception/sessions). At least 1m, at most 12h and at most"
              + " auth.max-lifetime.reception.",
          Parsers.between(Duration.ofMinutes(1), MAX_SESSION));
  public static final Setting<String> RECEPTION_DESK_CODES_FILE =
      new Setting<>(
          "reception.desk-codes-file",
          "",
          "File of the desks' sign-in codes, kept as PBKDF2 hashes (mode 0600), written by"
              + " ./ops/oqsgw desk add. Empty: reception/desk-codes under auth.keys-dir.",
          Parsers.text());

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(RECEPTION_SESSION_TTL, RECEPTION_DESK_CODES_FILE);

  /**
   * @param home relative paths resolve against it
   * @param keysDir the gateway's key folder: the codes live under it unless configured
   */
  public static ReceptionConfig read(ConfigSource src, Path home, Path keysDir) {
    String file = src.get(RECEPTION_DESK_CODES_FILE);
    return new ReceptionConfig(
        src.get(RECEPTION_SESSION_TTL),
        file.isEmpty()
            ? keysDir.resolve("reception/desk-codes").normalize()
            : home.resolve(file).normalize());
  }
}
