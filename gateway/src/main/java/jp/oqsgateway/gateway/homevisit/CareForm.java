package jp.oqsgateway.gateway.homevisit;

import java.util.Optional;

/**
 * The kinds of scheduled care at the patient's home that may use the re-inquiry (訪問診療等, MHLW notice
 * 2024-03-21 第2: 訪問診療, 訪問看護, 訪問薬剤管理指導, 訪問リハビリテーション, 訪問栄養食事指導, 訪問歯科衛生指導 等). 往診 and online care are
 * not among them: they are never eligible on their own.
 */
public enum CareForm {
  MEDICAL("medical", "訪問診療"),
  DENTAL("dental", "訪問歯科診療"),
  NURSING("nursing", "訪問看護"),
  PHARMACY("pharmacy", "訪問薬剤管理指導"),
  REHABILITATION("rehabilitation", "訪問リハビリテーション"),
  NUTRITION("nutrition", "訪問栄養食事指導"),
  DENTAL_HYGIENE("dental-hygiene", "訪問歯科衛生指導");

  private final String wire;
  private final String label;

  CareForm(String wire, String label) {
    this.wire = wire;
    this.label = label;
  }

  /** The name in the API and the database, e.g. {@code medical}. */
  public String wire() {
    return wire;
  }

  /** The Japanese name for staff screens. */
  public String label() {
    return label;
  }

  public static Optional<CareForm> fromWire(String wire) {
    for (CareForm f : values()) {
      if (f.wire.equals(wire)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
