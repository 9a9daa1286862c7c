package jp.oqsgateway.gateway.qualification.diff;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;

/**
 * What staff do about a lost qualification whose reason OQS gives as その他 (99): the reason says
 * nothing, so whom to ask. A named reason needs no such sentence.
 */
public final class LossGuidance {
  public static final String OTHER_REASON_JA = "事由が「その他」のため、詳しくは保険者またはオンライン資格確認等コールセンターに確認してください。";
  public static final String OTHER_REASON_EN =
      "The reason given is 'other': ask the insurer or the online qualification call centre.";

  private LossGuidance() {}

  /** True when the reason of loss is その他 (99). */
  public static boolean otherReason(Optional<Coded<ReasonOfLoss>> reason) {
    return reason.flatMap(Coded::value).filter(r -> r == ReasonOfLoss.OTHER).isPresent();
  }
}
