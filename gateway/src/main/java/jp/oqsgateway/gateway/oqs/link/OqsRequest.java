package jp.oqsgateway.gateway.oqs.link;

import java.util.Objects;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * A request to hand to the terminal: its kind and the whole {@code XmlMsg} document. The link sets
 * the file name (suffix) and {@code MessageHeader/ArbitraryFileIdentifier}; whatever the caller put
 * there is replaced. The header must carry {@code MedicalInstitutionCode}; a bulk phase-2 request
 * must carry {@code MessageBody/ReceptionNumber}.
 *
 * @param charset encoding of the written file (the terminal accepts UTF-8 and Shift_JIS)
 */
public record OqsRequest(RequestKind kind, XmlElement document, OqsCharset charset) {
  public OqsRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(charset, "charset");
  }

  /** Shift_JIS, as every production client writes (REFERENCE.md §1.3). */
  public static OqsRequest of(RequestKind kind, XmlElement document) {
    return new OqsRequest(kind, document, OqsCharset.SHIFT_JIS);
  }
}
