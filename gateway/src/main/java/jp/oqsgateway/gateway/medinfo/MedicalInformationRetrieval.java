package jp.oqsgateway.gateway.medinfo;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.ConsentScope;
import jp.oqsgateway.gateway.homevisit.ConsentScopes;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.homevisit.InformationKind;
import jp.oqsgateway.gateway.homevisit.Relationship;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.link.ExchangeOutcome;
import jp.oqsgateway.gateway.oqs.link.ExchangeState;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.link.OqsRequest;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.MedicalInformationRequest;
import jp.oqsgateway.gateway.oqs.message.MedicalInformationResult;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * Retrieves drug, clinical or health-check information (OQS-PROTOCOL.md §2.9) for a patient, only
 * while {@link InformationConsent} allows it: nothing is written into {@code req/} otherwise. Drug
 * and clinical information are asked for with {@code YZKsiquc01} (OQSCD029 YZK 薬剤情報等, which
 * OQSCD040 pattern 5 names 診療／薬剤情報; whether {@code PrDiInfClassification} selects 診療 alone is
 * unconfirmed, so it stays {@code 1} as the one known client sends it), health checks with {@code
 * TKKsiquc01}; MedicalTreatmentFlag is 2 under a home-visit relationship, 1 otherwise. The answer
 * is stored, typed, or as the PDF OQS sent.
 */
public final class MedicalInformationRetrieval {
  /**
   * What a clinician asks for.
   *
   * @param id the id the stored result will have (known before, so the audit can name it)
   * @param from first month of a drug request (YYYYMM), empty: OQS's default period
   */
  public record Ask(
      UUID id,
      String chartPatientId,
      InformationKind kind,
      Optional<YearMonth> from,
      Optional<YearMonth> to,
      boolean pdf,
      String requestedBy) {}

  private final HomeVisits homeVisits;
  private final ConsentScopes scopes;
  private final MedicalInformationStore store;
  private final OqsLink link;
  private final String institutionCode;
  private final Clock clock;

  public MedicalInformationRetrieval(
      HomeVisits homeVisits,
      ConsentScopes scopes,
      MedicalInformationStore store,
      OqsLink link,
      String institutionCode,
      Clock clock) {
    this.homeVisits = homeVisits;
    this.scopes = scopes;
    this.store = store;
    this.link = link;
    this.institutionCode = institutionCode;
    this.clock = clock;
  }

  public MedicalInformationStore store() {
    return store;
  }

  /** The stored answer, or a {@code Rejection} naming why nothing was asked. */
  public Future<MedicalInformation> retrieve(Ask ask) {
    if (institutionCode.isEmpty()) {
      return Future.failedFuture(Rejection.noInstitutionCode("Medical information unavailable"));
    }
    Future<Optional<ConsentScopes.Stored>> latest = scopes.latest(ask.chartPatientId());
    Future<List<Relationship>> relationships = homeVisits.store().ofPatient(ask.chartPatientId());
    return Future.all(latest, relationships)
        .map(
            v -> {
              InformationConsent.check(
                      latest.result(),
                      relationships.result(),
                      ask.kind(),
                      homeVisits.rules(),
                      Instant.now(clock),
                      homeVisits.today())
                  .ifPresent(
                      refusal -> {
                        throw refusal.rejection(ask.kind());
                      });
              return InformationConsent.allowed(latest.result().orElseThrow());
            })
        .compose(allowed -> send(ask, allowed));
  }

  private Future<MedicalInformation> send(Ask ask, InformationConsent.Allowed allowed) {
    boolean drug = ask.kind() != InformationKind.HEALTH_CHECK;
    ConsentScope.Numbers n = allowed.numbers();
    MedicalInformationRequest message =
        new MedicalInformationRequest(
            drug ? MessageKind.YZK_SIQUC01_REQ : MessageKind.TKK_SIQUC01_REQ,
            institutionCode,
            InsurerNumber.parse(n.insurerNumber()).orElseThrow(),
            n.symbol(),
            n.number(),
            n.branch(),
            Optional.empty(),
            drug ? ask.from() : Optional.empty(),
            drug ? ask.to() : Optional.empty(),
            Optional.of(ask.pdf() ? "1" : "2"),
            Optional.of("1"),
            Optional.of(
                Coded.of(
                    allowed.relationshipId().isPresent()
                        ? MedicalTreatmentFlag.HOME_VISIT
                        : MedicalTreatmentFlag.OUTPATIENT)),
            List.of());
    RequestKind kind = drug ? RequestKind.YZKSIQUC01 : RequestKind.TKKSIQUC01;
    return link.submit(OqsRequest.of(kind, OqsCodec.toDocument(message, OqsCharset.SHIFT_JIS)))
        .compose(exchange -> link.outcome(exchange.id()))
        .compose(outcome -> stored(ask, allowed, outcome));
  }

  private Future<MedicalInformation> stored(
      Ask ask, InformationConsent.Allowed allowed, ExchangeOutcome outcome) {
    String state = "failed";
    Optional<String> message = Optional.of(outcome.state().name());
    Optional<io.vertx.core.json.JsonObject> content = Optional.empty();
    byte[] pdf = null;
    if (outcome.state() == ExchangeState.ANSWERED) {
      boolean isPdf =
          outcome
              .exchange()
              .resultFile()
              .filter(f -> f.toLowerCase(Locale.ROOT).endsWith(".pdf"))
              .isPresent();
      if (isPdf) {
        state = "answered";
        message = Optional.empty();
        pdf = outcome.exchange().resultBytes().orElseThrow();
      } else if (outcome.result().isPresent()) {
        MedicalInformationResult r =
            MedicalInformationResult.of(
                ask.kind() == InformationKind.HEALTH_CHECK
                    ? MessageKind.TKK_SIQUC01_RES
                    : MessageKind.YZK_SIQUC01_RES,
                outcome.result().get().root());
        state = r.isSuccess() ? "answered" : "refused";
        message = r.isSuccess() ? Optional.empty() : r.messageContents();
        if (r.isSuccess()) {
          content =
              Optional.of(
                  ask.kind() == InformationKind.HEALTH_CHECK
                      ? MedicalInformationContent.healthCheck(r.root())
                      : MedicalInformationContent.drug(r.root()));
        }
      }
    }
    MedicalInformation m =
        new MedicalInformation(
            ask.id(),
            ask.chartPatientId(),
            ask.kind(),
            allowed.relationshipId(),
            ask.requestedBy(),
            Instant.now(clock),
            state,
            message,
            content,
            pdf != null);
    return store.insert(m, Optional.of(outcome.exchangeId()), pdf);
  }
}
