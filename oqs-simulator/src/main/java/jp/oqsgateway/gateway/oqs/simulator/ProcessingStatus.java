package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;

import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** ProcessingResultStatus of one person or registration in an answer's body (§2.2, §2.5). */
final class ProcessingStatus {
  private ProcessingStatus() {}

  static XmlElement ok() {
    return leaf("ProcessingResultStatus", "1");
  }

  /** Status 2 with the code and message of a person-level error. */
  static List<XmlElement> error(String code, String message) {
    return List.of(
        leaf("ProcessingResultStatus", "2"),
        leaf("ProcessingResultCode", code),
        leaf("ProcessingResultMessage", message));
  }
}
