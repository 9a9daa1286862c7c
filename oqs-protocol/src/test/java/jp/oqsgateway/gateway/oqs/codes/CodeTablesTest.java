package jp.oqsgateway.gateway.oqs.codes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeTablesTest {

  @Test
  void everyTableFromOneToFortyFourExistsAndHasLabelledValues() {
    assertThat(OqsCodeTable.values()).hasSize(44);
    for (int i = 1; i <= 44; i++) {
      OqsCodeTable table = OqsCodeTable.valueOf(String.format("OQSCD%03d", i));
      assertThat(CodeTables.values(table)).as(table.name()).isNotEmpty();
      for (OqsCode value : CodeTables.values(table)) {
        assertThat(value.table()).isEqualTo(table);
        assertThat(value.label()).isNotBlank();
      }
    }
  }

  @Test
  void codesAreUniqueWithinEveryTableExceptTheFactorDependentMethods() {
    for (OqsCodeTable table : OqsCodeTable.values()) {
      if (table == OqsCodeTable.OQSCD042) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      CodeTables.values(table)
          .forEach(v -> assertThat(seen.add(v.code())).as(table + " " + v.code()).isTrue());
    }
  }

  @Test
  void aCodeIsLabelledThroughItsTable() {
    assertThat(CodeTables.label(OqsCodeTable.OQSCD006, "3")).contains("無効（新しい資格あり）");
    assertThat(QualificationValidity.INVALID_NEW_QUALIFICATION.code()).isEqualTo("3");
    assertThat(CodeTables.label(OqsCodeTable.OQSCD012, "B09")).contains("一般Ⅱ");
    assertThat(CodeTables.label(OqsCodeTable.OQSCD006, "X9")).isEmpty();
  }

  @Test
  void anUnknownCodeIsKeptRawAndReportedAsUnknown() {
    Coded<QualificationValidity> coded = Coded.parse(QualificationValidity.class, "X9");
    assertThat(coded.raw()).isEqualTo("X9");
    assertThat(coded.isKnown()).isFalse();
    assertThat(coded.label()).isEmpty();
    assertThat(Coded.parse(QualificationValidity.class, "2").is(QualificationValidity.INVALID))
        .isTrue();
  }

  @Test
  void twoFactorMethodsAreLabelledOnlyWithTheirFactor() {
    assertThat(CodeTables.lookup(OqsCodeTable.OQSCD042, "01")).isEmpty();
    assertThat(CodeTables.lookupMethod("1", "01").map(OqsCode::label)).contains("ID/パスワード");
    assertThat(CodeTables.lookupMethod("2", "01").map(OqsCode::label)).contains("指紋");
    assertThat(CodeTables.lookupMethod("3", "02").map(OqsCode::label)).contains("ワンタイムパスワード");
    assertThat(AuthenticationMethod.of(AuthenticationFactor.KNOWLEDGE, "04")).isEmpty();
  }
}
