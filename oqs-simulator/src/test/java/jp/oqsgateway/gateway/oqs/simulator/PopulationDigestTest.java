package jp.oqsgateway.gateway.oqs.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Pins the generated populations to a digest of every field of every person, so that a change to
 * the generator that shifts one draw from the seeded {@link java.util.Random} (and with it the ids,
 * numbers and dates the demo, the docs and other machines rely on) fails here. If the population is
 * changed on purpose, update the digests in the same commit and say why.
 */
class PopulationDigestTest {
  private static final String STANDARD =
      "d4080c1c37b0bbdf6a4e54d6cd38d1cbdd5bf275ea9949b546f6bbd79e7bf888";
  private static final String OTHER_SEED =
      "d3d640e43dd632030b75cbbd3f5871b2c5d0dd3160d52a9ab77fa105fc579436";

  @Test
  void theStandardPopulationIsTheSameAsEver() {
    assertThat(digest(SimulatedPopulation.standard())).isEqualTo(STANDARD);
  }

  @Test
  void anotherSeedSizeAndBaseGiveTheSamePersonsAsEver() {
    SimulatedPopulation other = SimulatedPopulation.generate(7L, 600, LocalDate.of(2024, 2, 29));
    assertThat(digest(other)).isEqualTo(OTHER_SEED);
  }

  /**
   * One line a person: the record's fields with the tags sorted (a {@code Set.copyOf} iterates in
   * an order that changes between runs); nested records print every field.
   */
  static String digest(SimulatedPopulation population) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (SimulatedPerson p : population.persons()) {
        String line =
            String.join(
                    "|",
                    p.id(),
                    p.category(),
                    new TreeSet<>(p.tags()).toString(),
                    p.name(),
                    p.nameKana(),
                    p.sex(),
                    p.birthDate().toString(),
                    p.address(),
                    p.postNumber(),
                    p.chartAddress(),
                    p.chart().toString(),
                    p.coverages().toString(),
                    p.consents().toString())
                + "\n";
        sha.update(line.getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
