package jp.oqsgateway.gateway.oqs.link;

import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * A request to hand to the terminal: its kind and the whole {@code XmlMsg} document. The link sets
 * the file name (suffix) and {@code MessageHeader/ArbitraryFileIdentifier}; whatever the caller put
 * there is replaced. The header must carry {@code MedicalInstitutionCode}; a bulk phase-2 request
 * must carry {@code MessageBody/ReceptionNumber}.
 *
 * @param charset encoding of the written file (the terminal accepts UTF-8 and Shift_JIS); empty:
 *     the link's configured {@code oqs.request-encoding}
 */
public record OqsRequest(RequestKind kind, XmlElement document, Optional<OqsCharset> charset) {
  public OqsRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(charset, "charset");
  }

  /** A request written in exactly this encoding, whatever the link is configured for. */
  public OqsRequest(RequestKind kind, XmlElement document, OqsCharset charset) {
    this(kind, document, Optional.of(charset));
  }

  /**
   * A request in the link's configured encoding ({@code oqs.request-encoding}, Shift_JIS by
   * default, as every production client writes: OQS-PROTOCOL.md §1.3).
   */
  public static OqsRequest of(RequestKind kind, XmlElement document) {
    return new OqsRequest(kind, document, Optional.empty());
  }
}
