package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The {@code MessageHeader} of the terminal's results (OQS-PROTOCOL.md §1.6, §2.2–§2.7): processing
 * time, the date asked about, this terminal's institution code and the request's identifier, then
 * the kind's own fields, and the character code last; and the whole document of a segment-9 error.
 */
final class ResultHeaders {
  private final SimulatorOptions options;

  ResultHeaders(SimulatorOptions options) {
    this.options = options;
  }

  /**
   * A result header; {@code asOf} null omits QualificationConfirmationDate, a null identifier omits
   * ArbitraryFileIdentifier, and {@code fields} (SegmentOfResult among them) come after it.
   */
  XmlElement header(Instant now, LocalDate asOf, XmlElement identifier, XmlElement... fields) {
    List<XmlElement> h = new ArrayList<>();
    h.add(leaf("ProcessExecutionTime", OqsDates.dateTime(now)));
    h.add(asOf == null ? null : leaf("QualificationConfirmationDate", OqsDates.date(asOf)));
    h.add(leaf("MedicalInstitutionCode", options.institutionCode()));
    h.add(identifier);
    h.addAll(List.of(fields));
    h.add(leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier()));
    return of("MessageHeader", h);
  }

  /** SegmentOfResult 9 (異常終了) with ErrorCode / ErrorMessage (§1.6 header level). */
  XmlElement error(XmlElement root, Instant now, String code, String message, XmlElement... extra) {
    XmlElement header = root.child("MessageHeader").orElse(of("MessageHeader"));
    List<XmlElement> h = new ArrayList<>();
    h.add(leaf("ProcessExecutionTime", OqsDates.dateTime(now)));
    h.add(echo(header, "MedicalInstitutionCode"));
    h.add(echo(header, "ArbitraryFileIdentifier"));
    h.addAll(List.of(extra));
    h.add(leaf("SegmentOfResult", "9"));
    h.add(leaf("ErrorCode", code));
    h.add(leaf("ErrorMessage", message));
    h.add(leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier()));
    return of("XmlMsg", of("MessageHeader", h));
  }

  /** A segment-9 error for a request missing a mandatory item. */
  XmlElement invalidRequest(XmlElement root, Instant now) {
    return error(root, now, SimulatedErrors.INVALID_REQUEST, SimulatedErrors.MSG_INVALID_REQUEST);
  }

  /** The request header's field, as sent, when it is there and not blank. */
  static XmlElement echo(XmlElement header, String name) {
    return header.rawText(name).filter(s -> !s.isBlank()).map(s -> leaf(name, s)).orElse(null);
  }

  static XmlElement echoIdentifier(XmlElement header) {
    return echo(header, "ArbitraryFileIdentifier");
  }
}
