package jp.oqsgateway.gateway.oqs.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** What the link reads and sets in request and result documents, by element name only. */
final class RequestDocuments {
  static final String HEADER = "MessageHeader";
  static final String BODY = "MessageBody";
  static final String AFI = "ArbitraryFileIdentifier";
  static final String INSTITUTION = "MedicalInstitutionCode";
  static final String RECEPTION_NUMBER = "ReceptionNumber";
  static final String SEGMENT_OF_RESULT = "SegmentOfResult";
  static final int MAX_AFI_LENGTH = 50;

  private RequestDocuments() {}

  /** Checks what the link needs of a request; the message describes the first problem. */
  static void validate(RequestKind kind, XmlElement root) {
    if (!"XmlMsg".equals(root.name())) {
      throw new IllegalArgumentException("the request document must be <XmlMsg>");
    }
    XmlElement header =
        root.child(HEADER)
            .orElseThrow(() -> new IllegalArgumentException("the request has no MessageHeader"));
    header
        .text(INSTITUTION)
        .orElseThrow(
            () -> new IllegalArgumentException("the request has no MessageHeader/" + INSTITUTION));
    if (kind.bulkPhase2() && receptionNumber(root).isEmpty()) {
      throw new IllegalArgumentException(
          "a " + kind.prefix() + " request needs MessageBody/" + RECEPTION_NUMBER);
    }
  }

  static String institutionCode(XmlElement root) {
    return root.at(HEADER).flatMap(h -> h.text(INSTITUTION)).orElse("");
  }

  /** The ReceptionNumber in the body (requests) or the header (bulk results). */
  static Optional<String> receptionNumber(XmlElement root) {
    return root.at(BODY)
        .flatMap(b -> b.text(RECEPTION_NUMBER))
        .or(() -> root.at(HEADER).flatMap(h -> h.text(RECEPTION_NUMBER)));
  }

  static Optional<String> segmentOfResult(XmlElement root) {
    return root.at(HEADER).flatMap(h -> h.text(SEGMENT_OF_RESULT));
  }

  /**
   * The document with {@code MessageHeader/ArbitraryFileIdentifier} set to {@code afi}: replaced
   * where it was, else placed right after {@code MedicalInstitutionCode} (the reference order).
   */
  static XmlElement withArbitraryFileIdentifier(XmlElement root, String afi) {
    if (afi.length() > MAX_AFI_LENGTH) {
      throw new IllegalArgumentException("ArbitraryFileIdentifier longer than 50 characters");
    }
    List<XmlElement> rootChildren = new ArrayList<>();
    for (XmlElement c : root.children()) {
      rootChildren.add(HEADER.equals(c.name()) ? withAfi(c, afi) : c);
    }
    return new XmlElement(root.name(), root.text(), rootChildren, 0);
  }

  private static XmlElement withAfi(XmlElement header, String afi) {
    List<XmlElement> kids = new ArrayList<>();
    boolean placed = false;
    for (XmlElement c : header.children()) {
      if (AFI.equals(c.name())) {
        if (!placed) {
          kids.add(XmlElement.leaf(AFI, afi));
          placed = true;
        }
        continue;
      }
      kids.add(c);
      if (!placed && INSTITUTION.equals(c.name()) && header.child(AFI).isEmpty()) {
        kids.add(XmlElement.leaf(AFI, afi));
        placed = true;
      }
    }
    if (!placed) {
      kids.add(XmlElement.leaf(AFI, afi));
    }
    return new XmlElement(header.name(), header.text(), kids, 0);
  }

  /**
   * Why a result does not belong to the exchange, or empty when it does (§1.4). Institution code
   * always; the identifier always except for bulk downloads, where sample 6 of OQS-PROTOCOL.md §5
   * shows the terminal echoing the phase-1 identifier, so the ReceptionNumber decides. Drug and
   * health-check results (layout unconfirmed) are checked only for the fields they carry.
   */
  static Optional<String> mismatch(Exchange e, XmlElement result) {
    Optional<XmlElement> header = result.child(HEADER);
    if (header.isEmpty()) {
      return Optional.of("the result has no MessageHeader");
    }
    boolean lenient = e.kind() == RequestKind.YZKSIQUC01 || e.kind() == RequestKind.TKKSIQUC01;
    Optional<String> inst = header.get().text(INSTITUTION);
    if ((inst.isPresent() || !lenient) && !Objects.equals(inst.orElse(null), e.institutionCode())) {
      return Optional.of("MedicalInstitutionCode differs from the request");
    }
    if (e.kind().bulkPhase2()) {
      if (!receptionNumber(result).equals(e.receptionNumber())) {
        return Optional.of("ReceptionNumber differs from the request");
      }
      return Optional.empty();
    }
    Optional<String> afi = header.get().text(AFI);
    if ((afi.isPresent() || !lenient)
        && !Objects.equals(afi.orElse(null), e.arbitraryFileIdentifier())) {
      return Optional.of("ArbitraryFileIdentifier differs from the request");
    }
    return Optional.empty();
  }

  /** The harmless liveness probe: a bulk download for a ReceptionNumber that cannot exist. */
  static XmlElement probe(String institutionCode) {
    return XmlElement.of(
        "XmlMsg",
        XmlElement.of(HEADER, XmlElement.leaf(INSTITUTION, institutionCode)),
        XmlElement.of(BODY, XmlElement.leaf(RECEPTION_NUMBER, "0".repeat(20))));
  }
}
