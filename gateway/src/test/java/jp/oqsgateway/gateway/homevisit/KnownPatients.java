package jp.oqsgateway.gateway.homevisit;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;

/** Chart patients a test gateway knows before a consented unit is imported. */
final class KnownPatients {
  private KnownPatients() {}

  /**
   * A chart patient the gateway knows: linked earlier to an older qualification of someone with
   * this kana and birth date (so the imported one is new to the gateway).
   */
  static void knownAs(
      InProcessGateway gw, String chartPatientId, String kana, LocalDate birthdate) {
    UUID check = UUID.randomUUID();
    gw.query(
        "insert into qualification_check (id, source, requested_by, state, request, result,"
            + " finished_at) values ($1, 'api', 'test', 'ANSWERED', '{}'::jsonb, '{}'::jsonb, now())",
        check);
    new PatientLinkStore(gw.gateway().pool())
        .link(
            chartPatientId,
            check,
            new LinkedQualification(
                "06139991",
                Optional.empty(),
                "OLD-" + chartPatientId,
                Optional.empty(),
                birthdate,
                Optional.empty(),
                Optional.of(kana)),
            "test")
        .await();
  }
}
