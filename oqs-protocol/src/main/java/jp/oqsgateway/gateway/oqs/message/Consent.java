package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.OqsCode;

/**
 * A consent triple {@code …ConsFlg} / {@code …ConsTime} / {@code …AvailableTime} (OQS-PROTOCOL.md
 * §2.4, §4.4). The 限度額 consent uses OQSCD001, all others OQSCD016. Only the four viewing consents
 * (特定健診, 薬剤, 診療, 手術) carry an AvailableTime in known files; it is read wherever present.
 */
public record Consent<E extends Enum<E> & OqsCode>(
    Coded<E> flag, Optional<LocalDateTime> consentTime, Optional<LocalDateTime> availableTime) {

  public Consent {
    Objects.requireNonNull(flag, "flag");
  }
}
