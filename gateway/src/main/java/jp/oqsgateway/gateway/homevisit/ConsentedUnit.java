package jp.oqsgateway.gateway.homevisit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.codes.CharacterCode;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.InsuredCardClassification;
import jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.codes.ReferenceClassification;
import jp.oqsgateway.gateway.oqs.codes.SegmentOfResult;
import jp.oqsgateway.gateway.oqs.message.BulkConfirmUnit;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.Consent;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.message.ResultHeader;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;

/**
 * One person of a consented-qualification retrieval (OQS-PROTOCOL.md §2.6) as the import reads it:
 * which retrieval it came from, the qualification it is about, the consent date, the 照会番号 OQS holds
 * for the person, and the one-person answer document kept with its check.
 *
 * @param fingerprint a digest of the unit as OQS sent it (no header): the same person's unchanged
 *     unit has the same one on every retrieval, so it is imported once
 * @param consentDate the day of the latest consent time in the unit (the first visit at home);
 *     empty when it carries none (医療扶助)
 * @param referenceNumbers the 照会番号 OQS returned for the person
 * @param valid whether OQS reports the qualification valid (有効, or 有効（未登録） for 医療扶助): a lost one is
 *     linked, but opens or refreshes no relationship (OQS's answer wins)
 */
public record ConsentedUnit(
    Retrieval retrieval,
    String fingerprint,
    Optional<LocalDate> consentDate,
    List<String> referenceNumbers,
    boolean valid,
    ParsedDocument document) {

  /** The three retrievals and what they open. */
  public enum Retrieval {
    /** 訪問診療等 ({@code OQSmuhvq}): opens or refreshes the home-visit relationship. */
    HOME_VISIT("OQSmuhvq"),
    /** オンライン診療等 ({@code OQSmuonq}): a link only; online care opens no relationship. */
    ONLINE("OQSmuonq"),
    /** 医療扶助 ({@code OQSmutic}): a link only; the ticket stays with the qualification. */
    MEDICAL_AID("OQSmutic");

    private final String family;

    Retrieval(String family) {
      this.family = family;
    }

    /** The file family, as stored with a queued unit. */
    public String family() {
      return family;
    }

    static Retrieval of(MessageKind kind) {
      return switch (kind) {
        case OQS_MUHVQ02_RES -> HOME_VISIT;
        case OQS_MUONQ02_RES -> ONLINE;
        case OQS_MUTIC02_RES -> MEDICAL_AID;
        default -> throw new IllegalArgumentException("not a consented retrieval: " + kind);
      };
    }
  }

  private static final ResultHeader NO_HEADER =
      new ResultHeader(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public ConsentedUnit {
    referenceNumbers = List.copyOf(referenceNumbers);
  }

  /**
   * The unit read from its retrieval's result; empty when OQS reported no usable qualification for
   * it (an error status, or no result).
   */
  public static Optional<ConsentedUnit> of(BulkResult result, BulkConfirmUnit unit) {
    boolean refused =
        unit.processing().status().map(s -> !s.is(ProcessingResultStatus.NORMAL)).orElse(false);
    Retrieval retrieval = Retrieval.of(result.kind());
    Optional<QualificationResult> about = about(retrieval, unit.results());
    if (refused || about.isEmpty()) {
      return Optional.empty();
    }
    String fingerprint = fingerprint(result.kind(), unit);
    List<String> references =
        Stream.concat(unit.referenceNumbers().stream(), about.get().referenceNumber().stream())
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    return Optional.of(
        new ConsentedUnit(
            retrieval,
            fingerprint,
            consentDate(unit.results()),
            references,
            unit.qualificationValidity()
                .map(
                    v ->
                        v.is(QualificationValidity.VALID)
                            || v.is(QualificationValidity.VALID_UNREGISTERED))
                .orElse(false),
            document(result.header(), unit, about.get(), fingerprint)));
  }

  /**
   * The qualification the unit is about: for 医療扶助 its 医療扶助 result, otherwise the health insurance
   * (a unit may carry both, §2.6).
   */
  private static Optional<QualificationResult> about(
      Retrieval retrieval, List<QualificationResult> results) {
    boolean wantAid = retrieval == Retrieval.MEDICAL_AID;
    return results.stream()
        .filter(
            r -> r.insuredCardClassification().is(InsuredCardClassification.MEDICAL_AID) == wantAid)
        .findFirst()
        .or(() -> results.stream().findFirst());
  }

  private static Optional<LocalDate> consentDate(List<QualificationResult> results) {
    return results.stream()
        .flatMap(
            r ->
                Stream.of(
                        r.limitApplicationCertificateConsent().flatMap(Consent::consentTime),
                        r.specificDiseasesCertificateConsent().flatMap(Consent::consentTime),
                        r.specificHealthCheckupsInfoConsent().flatMap(Consent::consentTime),
                        r.pharmacistsInfoConsent().flatMap(Consent::consentTime),
                        r.diagnosisInfoConsent().flatMap(Consent::consentTime),
                        r.operationInfoConsent().flatMap(Consent::consentTime))
                    .flatMap(Optional::stream))
        .map(LocalDateTime::toLocalDate)
        .max(LocalDate::compareTo);
  }

  private static String fingerprint(MessageKind kind, BulkConfirmUnit unit) {
    try {
      byte[] alone =
          OqsCodec.encode(
              new BulkResult(kind, NO_HEADER, List.of(unit), List.of()), OqsCharset.UTF_8);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(kind.name().getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha.digest(alone));
    } catch (NoSuchAlgorithmException | UnencodableTextException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The person's qualification as the answer of an individual check, for the check store. */
  private static ParsedDocument document(
      ResultHeader bulk, BulkConfirmUnit unit, QualificationResult about, String fingerprint) {
    ResultHeader header =
        new ResultHeader(
            bulk.processExecutionTime(),
            bulk.qualificationConfirmationDate()
                .or(() -> bulk.processExecutionTime().map(LocalDateTime::toLocalDate)),
            bulk.medicalInstitutionCode(),
            Optional.empty(),
            // the consent was captured at home with the My Number card (居宅同意取得型, §2.6)
            Optional.of(Coded.of(ReferenceClassification.MY_NUMBER_CARD)),
            Optional.empty(),
            Optional.of(Coded.of(SegmentOfResult.COMPLETED)),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            bulk.characterCodeIdentifier()
                .or(
                    () ->
                        Optional.of(
                            Coded.parse(
                                CharacterCode.class, OqsCharset.UTF_8.characterCodeIdentifier()))));
    QualificationResultMessage single =
        new QualificationResultMessage(
            MessageKind.OQS_SIQUC01_RES,
            header,
            unit.processing(),
            unit.qualificationValidity(),
            Optional.empty(),
            List.of(about),
            Optional.empty(),
            List.of());
    String name = MessageKind.OQS_SIQUC01_RES.prefix() + "import_" + fingerprint + ".xml";
    try {
      return new OqsXmlReader().parse(name, OqsCodec.encode(single, OqsCharset.UTF_8));
    } catch (OqsXmlException | UnencodableTextException e) {
      throw new IllegalStateException("an encoded unit did not parse again", e);
    }
  }
}
