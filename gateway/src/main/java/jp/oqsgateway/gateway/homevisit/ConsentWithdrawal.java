package jp.oqsgateway.gateway.homevisit;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;

/**
 * The patient's consent under a relationship withdrawn (同意取消, OQS-PROTOCOL.md §2.10): from {@code
 * on} no re-inquiry is sent and no drug, clinical or health-check information is retrieved under
 * it.
 *
 * @param oqsReason the OQSCD031 code (同意有効期限切れ理由) when one is known: {@code 1} by the institution,
 *     {@code 2} by the patient, {@code 3} by 用途変更, {@code 0} per care form
 */
public record ConsentWithdrawal(LocalDate on, By by, Optional<String> oqsReason) {

  /** Who withdrew it. */
  public enum By {
    PATIENT("patient"),
    INSTITUTION("institution"),
    END_OF_CARE("end-of-care");

    private final String wire;

    By(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Optional<By> fromWire(String wire) {
      return Arrays.stream(values()).filter(b -> b.wire.equals(wire)).findFirst();
    }
  }
}
