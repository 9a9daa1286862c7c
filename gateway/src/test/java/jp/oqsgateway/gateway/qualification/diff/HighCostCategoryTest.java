package jp.oqsgateway.gateway.qualification.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OQS-PROTOCOL.md §3 "Mapping to 高額療養費区分 used in レセコン" (Smartkarte), value by value. */
class HighCostCategoryTest {

  @ParameterizedTest(name = "{0} maps to 高額療養費区分 {1} {2}")
  @CsvSource({
    "A01, 26, 区ア",
    "A02, 27, 区イ",
    "A03, 28, 区ウ",
    "A04, 29, 区エ",
    "A05, 30, 区オ",
    "A06, 30, 区オ",
    "B01, 26, 現役Ⅲ",
    "B02, 27, 現役Ⅱ",
    "B03, 28, 現役Ⅰ",
    "B04, 0, 一般",
    "B05, 4, 低所Ⅱ",
    "B06, 5, 低所Ⅰ",
    "B07, 5, 低所Ⅰ",
    "B08, 5, 低所Ⅰ",
    "B09, 41, 一般Ⅱ",
    "B10, 0, 一般"
  })
  void everyLimitCategoryMapsAsTheReferenceSays(String code, int highCost, String label) {
    LimitCertificateCategory category = LimitCertificateCategory.fromCode(code).orElseThrow();
    assertThat(HighCostCategory.of(category)).contains(new HighCostCategory(highCost, label));
  }

  @Test
  void everyValueOfTheCodeTableHasAHighCostCategory() {
    assertThat(Arrays.stream(LimitCertificateCategory.values()).map(HighCostCategory::of))
        .allMatch(o -> o.isPresent());
  }
}
