package jp.oqsgateway.gateway.homevisit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.simulator.CareMode;
import jp.oqsgateway.gateway.oqs.simulator.ConsentScope;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retrieved unit as the import reads it, from the real simulator's files: its consent date, and a
 * one-person document that decodes as an individual check's answer (the insurance diff reads it).
 */
class ConsentedUnitTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  @TempDir static Path root;
  private static ConsentedTerminal terminal;

  @BeforeAll
  static void start() {
    terminal = new ConsentedTerminal(root, PEOPLE);
  }

  @AfterAll
  static void stop() {
    terminal.close();
  }

  @Test
  void aUnitCarriesItsConsentDateAndAnAnswerThatDecodesLikeAnIndividualCheck() throws Exception {
    SimulatedPerson p = ConsentedTerminal.insured(PEOPLE).get(0);
    LocalDate day = LocalDate.of(2025, 5, 30);
    terminal.sim.recordHomeVisitConsent(
        p.id(), day, Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    BulkResult result = terminal.consented(MessageKind.OQS_MUHVQ01_REQ, day, day);
    List<ConsentedUnit> units =
        result.units().stream().map(u -> ConsentedUnit.of(result, u).orElseThrow()).toList();

    assertThat(units).hasSize(1);
    ConsentedUnit unit = units.get(0);
    assertThat(unit.retrieval()).isEqualTo(ConsentedUnit.Retrieval.HOME_VISIT);
    assertThat(unit.consentDate()).contains(day);
    QualificationResultMessage answer =
        (QualificationResultMessage) OqsCodec.decode(unit.document());
    assertThat(answer.results()).hasSize(1);
    assertThat(answer.results().get(0).birthdate()).isEqualTo(p.birthDate());
    assertThat(ConsentedUnit.of(result, result.units().get(0)).orElseThrow().fingerprint())
        .isEqualTo(unit.fingerprint());
  }
}
