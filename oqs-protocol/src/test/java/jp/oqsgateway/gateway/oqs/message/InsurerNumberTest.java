package jp.oqsgateway.gateway.oqs.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InsurerNumberTest {

  @Test
  void theCheckDigitVectorsOfTheReferenceAreValid() {
    for (String n :
        new String[] {
          "138156", "06138093", "06110852", "63132286", "31130685", "39131156", "39131131",
          "39131040", "80137151", "41139155", "81137150", "06139984", "139998", "39139993",
          "01139997"
        }) {
      assertThat(InsurerNumber.parse(n).orElseThrow().hasValidCheckDigit()).as(n).isTrue();
    }
    assertThat(InsurerNumber.isValidCheckDigit("50123454")).isTrue();
    assertThat(InsurerNumber.isValidCheckDigit("50987650")).isTrue();
  }

  @Test
  void aWrongCheckDigitIsDetected() {
    assertThat(InsurerNumber.isValidCheckDigit("50987651")).isFalse();
    assertThat(new InsurerNumber("06139985").hasValidCheckDigit()).isFalse();
  }

  @Test
  void spacePaddedAndZeroPaddedNationalHealthNumbersReadTheSame() {
    assertThat(InsurerNumber.parse("  139998")).contains(new InsurerNumber("139998"));
    assertThat(InsurerNumber.parse("00139998")).contains(new InsurerNumber("139998"));
    assertThat(new InsurerNumber("139998").wire()).isEqualTo("  139998");
    assertThat(new InsurerNumber("06139984").wire()).isEqualTo("06139984");
  }

  @Test
  void otherLengthsAreNotInsurerNumbers() {
    assertThat(InsurerNumber.parse("1234")).isEmpty();
    assertThat(InsurerNumber.parse("1234567")).isEmpty();
    assertThat(InsurerNumber.parse("12a456")).isEmpty();
  }

  @Test
  void lateStageElderlyNumbersStartWithThirtyNine() {
    assertThat(new InsurerNumber("39139993").isLateStageElderly()).isTrue();
    assertThat(new InsurerNumber("139998").isLateStageElderly()).isFalse();
  }
}
