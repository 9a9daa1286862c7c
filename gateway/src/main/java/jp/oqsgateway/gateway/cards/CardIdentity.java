package jp.oqsgateway.gateway.cards;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.HomeVisitMetrics;
import jp.oqsgateway.gateway.homevisit.HomeVisits;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.patients.PatientLink;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.qualification.CheckRequest;
import jp.oqsgateway.gateway.qualification.QualificationChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A My Number card presented at a reception desk, as a strong patient identifier (never an OQS
 * confirmation: OQS accepts card confirmations only from the face-auth reader and the official
 * apps). The certificate is verified against the JPKI CA, possession is proven by a signature over
 * the gateway's challenge, and the card is mapped to the chart patient a receptionist linked it to;
 * then the real OQS check by that patient's linked insurance numbers runs (source {@code card},
 * with desk and reader): the home-visit re-inquiry when the patient's home-visit relationship
 * allows one today (docs/HOME-VISIT.md), else the individual check. A card that maps to no patient
 * with a qualification opens a linking task.
 */
public final class CardIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(CardIdentity.class);
  static final int NONCE_BYTES = 32;

  /** How a card was identified: the {@code outcome} of the agent's reply. */
  public sealed interface Outcome {
    JsonObject toJson();

    record CheckStarted(UUID checkId) implements Outcome {
      @Override
      public JsonObject toJson() {
        return new JsonObject().put("outcome", "CHECK_STARTED").put("checkId", checkId.toString());
      }
    }

    record LinkTaskOpened(UUID taskId) implements Outcome {
      @Override
      public JsonObject toJson() {
        return new JsonObject().put("outcome", "LINK_TASK_OPENED").put("taskId", taskId.toString());
      }
    }

    record Refused(String reason) implements Outcome {
      @Override
      public JsonObject toJson() {
        return new JsonObject().put("outcome", "REFUSED").put("reason", reason);
      }
    }
  }

  private final CardStore store;
  private final PatientLinkStore patientLinks;
  private final QualificationChecks checks;
  private final Optional<HomeVisits> homeVisits;
  private final HomeVisitMetrics homeVisitMetrics;
  private final JpkiTrust trust;
  private final boolean requirePin;
  private final Duration challengeTtl;
  private final ZoneId zone;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param homeVisits the home-visit rules, when card readings of home-visit patients run the
   *     re-inquiry ({@code home-visit.reinquiry.from-cards})
   */
  public CardIdentity(
      CardStore store,
      PatientLinkStore patientLinks,
      QualificationChecks checks,
      Optional<HomeVisits> homeVisits,
      HomeVisitMetrics homeVisitMetrics,
      JpkiTrust trust,
      boolean requirePin,
      Duration challengeTtl,
      ZoneId zone,
      Clock clock) {
    this.store = store;
    this.patientLinks = patientLinks;
    this.checks = checks;
    this.homeVisits = homeVisits;
    this.homeVisitMetrics = homeVisitMetrics;
    this.trust = trust;
    this.requirePin = requirePin;
    this.challengeTtl = challengeTtl;
    this.zone = zone;
    this.clock = clock;
  }

  public CardStore store() {
    return store;
  }

  public boolean requirePin() {
    return requirePin;
  }

  /** Verifies the certificate of a card now (CPU only: no I/O). */
  public JpkiTrust.Verified verify(byte[] certificate) throws JpkiTrust.Refused {
    return trust.verify(certificate, clock.instant());
  }

  /** A fresh challenge for the card of {@code cardEventId}, valid for the configured time. */
  public Challenge challenge(
      UUID cardEventId, String agentId, String deskId, String readerId, JpkiTrust.Verified card) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      return new Challenge(
          UUID.randomUUID(),
          cardEventId,
          agentId,
          deskId,
          readerId,
          card.fingerprint(),
          card.certificate().getEncoded(),
          nonce,
          clock.instant().plus(challengeTtl));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The challenge as the agent gets it. */
  public static JsonObject toJson(Challenge c) {
    return new JsonObject()
        .put("challengeId", c.id().toString())
        .put("nonce", Base64.getEncoder().encodeToString(c.nonce()))
        .put("expiresAt", c.expiresAt().toString());
  }

  /** Checks the card's signature over the challenge, then identifies the card. */
  public Future<Outcome> proven(Challenge c, byte[] signature) {
    java.security.cert.X509Certificate cert;
    try {
      cert =
          (java.security.cert.X509Certificate)
              java.security.cert.CertificateFactory.getInstance("X.509")
                  .generateCertificate(new java.io.ByteArrayInputStream(c.certificate()));
    } catch (java.security.GeneralSecurityException e) {
      return Future.succeededFuture(new Outcome.Refused("the stored certificate is unreadable"));
    }
    if (!JpkiTrust.signs(cert, c.nonce(), signature)) {
      return Future.succeededFuture(
          new Outcome.Refused("the signature does not verify with the card's certificate"));
    }
    return identify(c.fingerprint(), c.agentId(), c.deskId(), c.readerId(), c.cardEventId());
  }

  /**
   * Maps the card to its chart patient and starts the patient's check, or opens a linking task for
   * the desk.
   */
  public Future<Outcome> identify(
      String fingerprint, String agentId, String deskId, String readerId, UUID cardEventId) {
    return store
        .activeLink(fingerprint)
        .compose(
            link -> {
              if (link.isEmpty()) {
                return task(fingerprint, "UNKNOWN_CARD", agentId, deskId, readerId, cardEventId);
              }
              String patient = link.get().chartPatientId();
              return patientLinks
                  .activeOf(List.of(patient))
                  .compose(
                      qualifications -> {
                        Optional<PatientLink> newest =
                            qualifications.stream()
                                .max(Comparator.comparing(PatientLink::linkedAt));
                        if (newest.isEmpty()) {
                          return task(
                              fingerprint,
                              "NO_QUALIFICATION_LINK",
                              agentId,
                              deskId,
                              readerId,
                              cardEventId);
                        }
                        return check(
                            patient, newest.get().qualification(), agentId, deskId, readerId);
                      });
            });
  }

  private Future<Outcome> check(
      String patient, LinkedQualification q, String agentId, String deskId, String readerId) {
    Optional<String> unavailable = checks.unavailableReason();
    if (unavailable.isPresent()) {
      return Future.succeededFuture(new Outcome.Refused(unavailable.get()));
    }
    Optional<InsurerNumber> insurer = InsurerNumber.parse(q.insurerNumber());
    if (insurer.isEmpty()) {
      return Future.succeededFuture(
          new Outcome.Refused("the linked qualification has no usable insurer number"));
    }
    LocalDate today = LocalDate.now(clock.withZone(zone));
    // No consent was asked at a generic reader: 限度額 consent is never defaulted to consent.
    CheckRequest individual =
        new CheckRequest(
            insurer.get(),
            q.symbol(),
            q.number(),
            q.branch(),
            q.birthdate(),
            today,
            false,
            Optional.of(patient));
    return homeVisitRequest(patient, individual, today)
        .compose(
            request ->
                checks.create(request, "card", agentId, Optional.of(deskId), Optional.of(readerId)))
        .<Outcome>map(c -> new Outcome.CheckStarted(c.id()))
        .recover(
            e -> {
              LOG.atWarn().setCause(e).log("cannot start the check of a proven card");
              return Future.succeededFuture(new Outcome.Refused("the check could not be started"));
            });
  }

  /**
   * The re-inquiry when the patient's home-visit relationship allows one today, else the individual
   * check (and why not, in the metrics).
   */
  private Future<CheckRequest> homeVisitRequest(
      String patient, CheckRequest individual, LocalDate today) {
    if (homeVisits.isEmpty()) {
      return Future.succeededFuture(individual);
    }
    return homeVisits
        .get()
        .decide(patient, today)
        .map(
            decision -> {
              if (decision.relationship().isEmpty()) {
                return individual;
              }
              if (decision.eligible()) {
                homeVisitMetrics.decided("card", "sent");
                return individual.asReinquiry(decision.relationship().get().id());
              }
              homeVisitMetrics.decided(
                  "card", decision.eligibility().orElseThrow().reason().wire());
              return individual;
            });
  }

  private Future<Outcome> task(
      String fingerprint,
      String reason,
      String agentId,
      String deskId,
      String readerId,
      UUID cardEventId) {
    return store
        .openTask(fingerprint, reason, deskId, readerId, agentId, cardEventId)
        .map(t -> new Outcome.LinkTaskOpened(t.id()));
  }
}
