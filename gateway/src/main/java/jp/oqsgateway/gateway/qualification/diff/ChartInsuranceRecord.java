package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;

/**
 * The insurance of one patient as a chart system (電子カルテ/レセコン) holds it. Text is taken as the chart
 * wrote it (any width, any spacing); comparison normalises. Nullable components mean "the chart has
 * no value".
 *
 * @param insurerNumber 保険者番号, 6 or 8 digits, padded or not, half- or full-width
 * @param symbol 記号 (none for 後期高齢 and 医療扶助)
 * @param number 番号
 * @param branch 枝番, 2 digits (none for 後期高齢 and 医療扶助)
 * @param personalFamily 本人/家族 (OQSCD009), none for 後期高齢
 * @param name patient name in kanji
 * @param nameKana patient name in kana
 * @param birthDate 生年月日
 * @param address 住所
 * @param postNumber 郵便番号
 * @param validFrom 有効開始日
 * @param validTo 有効終了日, null = open-ended (期限なし)
 * @param copayPercent 負担割合 in percent (後期高齢: 10/20/30; 未就学: 20; otherwise usually 30)
 * @param elderlyRecipientPercent 高齢受給者 一部負担金割合 in percent (20/30), null when not one
 * @param limitCategory 限度額適用区分 as an OQSCD012 code ({@code A01}…{@code B10})
 * @param specificDiseases 特定疾病療養受療証
 * @param medicalAid 医療扶助 numbers, null when none
 */
public record ChartInsuranceRecord(
    String insurerNumber,
    String symbol,
    String number,
    String branch,
    PersonalFamilyClassification personalFamily,
    String name,
    String nameKana,
    LocalDate birthDate,
    String address,
    String postNumber,
    LocalDate validFrom,
    LocalDate validTo,
    Integer copayPercent,
    Integer elderlyRecipientPercent,
    String limitCategory,
    List<ChartSpecificDisease> specificDiseases,
    ChartMedicalAid medicalAid) {

  public ChartInsuranceRecord {
    specificDiseases = specificDiseases == null ? List.of() : List.copyOf(specificDiseases);
  }

  public Optional<ChartMedicalAid> medicalAidOpt() {
    return Optional.ofNullable(medicalAid);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .insurerNumber(insurerNumber)
        .symbol(symbol)
        .number(number)
        .branch(branch)
        .personalFamily(personalFamily)
        .name(name)
        .nameKana(nameKana)
        .birthDate(birthDate)
        .address(address)
        .postNumber(postNumber)
        .validFrom(validFrom)
        .validTo(validTo)
        .copayPercent(copayPercent)
        .elderlyRecipientPercent(elderlyRecipientPercent)
        .limitCategory(limitCategory)
        .specificDiseases(specificDiseases)
        .medicalAid(medicalAid);
  }

  /** Builds a record field by field (the record has many optional parts). */
  public static final class Builder {
    private String insurerNumber;
    private String symbol;
    private String number;
    private String branch;
    private PersonalFamilyClassification personalFamily;
    private String name;
    private String nameKana;
    private LocalDate birthDate;
    private String address;
    private String postNumber;
    private LocalDate validFrom;
    private LocalDate validTo;
    private Integer copayPercent;
    private Integer elderlyRecipientPercent;
    private String limitCategory;
    private List<ChartSpecificDisease> specificDiseases = List.of();
    private ChartMedicalAid medicalAid;

    private Builder() {}

    public Builder insurerNumber(String v) {
      insurerNumber = v;
      return this;
    }

    public Builder symbol(String v) {
      symbol = v;
      return this;
    }

    public Builder number(String v) {
      number = v;
      return this;
    }

    public Builder branch(String v) {
      branch = v;
      return this;
    }

    public Builder personalFamily(PersonalFamilyClassification v) {
      personalFamily = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder nameKana(String v) {
      nameKana = v;
      return this;
    }

    public Builder birthDate(LocalDate v) {
      birthDate = v;
      return this;
    }

    public Builder address(String v) {
      address = v;
      return this;
    }

    public Builder postNumber(String v) {
      postNumber = v;
      return this;
    }

    public Builder validFrom(LocalDate v) {
      validFrom = v;
      return this;
    }

    public Builder validTo(LocalDate v) {
      validTo = v;
      return this;
    }

    public Builder copayPercent(Integer v) {
      copayPercent = v;
      return this;
    }

    public Builder elderlyRecipientPercent(Integer v) {
      elderlyRecipientPercent = v;
      return this;
    }

    public Builder limitCategory(String v) {
      limitCategory = v;
      return this;
    }

    public Builder specificDiseases(List<ChartSpecificDisease> v) {
      specificDiseases = Objects.requireNonNullElse(v, List.of());
      return this;
    }

    public Builder medicalAid(ChartMedicalAid v) {
      medicalAid = v;
      return this;
    }

    public ChartInsuranceRecord build() {
      return new ChartInsuranceRecord(
          insurerNumber,
          symbol,
          number,
          branch,
          personalFamily,
          name,
          nameKana,
          birthDate,
          address,
          postNumber,
          validFrom,
          validTo,
          copayPercent,
          elderlyRecipientPercent,
          limitCategory,
          specificDiseases,
          medicalAid);
    }
  }
}
