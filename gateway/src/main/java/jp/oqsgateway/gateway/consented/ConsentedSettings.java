package jp.oqsgateway.gateway.consented;

import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the consented-qualification retrieval (docs/OQS-PROTOCOL.md §2.6). */
public final class ConsentedSettings {
  private ConsentedSettings() {}

  public static final Setting<Integer> CONSENTED_DEFAULT_DAYS =
      new Setting<>(
          "oqs.consented.default-days",
          "2",
          "The nightly consented-qualification retrieval (OQSmuhvq, OQSmuonq) asks for consents"
              + " given from this many days before today up to today, in Japan's time (OQS-PROTOCOL.md"
              + " §2.6: clients default to two days ago). 医療扶助 (OQSmutic) always asks for this"
              + " month.",
          Parsers.integer(0, 365));
  public static final Setting<Integer> CONSENTED_MAX_SPAN_DAYS =
      new Setting<>(
          "oqs.consented.max-span-days",
          "31",
          "The longest date range, in days (both ends included), one consented-qualification"
              + " retrieval may ask for; a longer one is refused naming the field. OQS's own limit"
              + " is not published.",
          Parsers.integer(1, 366));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(CONSENTED_DEFAULT_DAYS, CONSENTED_MAX_SPAN_DAYS);

  /** The retrieval's settings as configured. */
  public static ConsentedConfig read(ConfigSource src) {
    return new ConsentedConfig(src.get(CONSENTED_DEFAULT_DAYS), src.get(CONSENTED_MAX_SPAN_DAYS));
  }
}
