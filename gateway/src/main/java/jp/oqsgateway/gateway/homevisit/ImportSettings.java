package jp.oqsgateway.gateway.homevisit;

import java.util.Arrays;
import java.util.List;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The key of the consented-patient import (docs/HOME-VISIT.md, "Consented patients come in"). */
public final class ImportSettings {
  private ImportSettings() {}

  public static final Setting<String> HOME_VISIT_IMPORT_DEFAULT_CARE_FORM =
      new Setting<>(
          "home-visit.import.default-care-form",
          "medical",
          "The care form of the home-visit relationship an imported 訪問診療等 consent (OQSmuhvq) opens"
              + " for a patient who has no active one: medical, dental, nursing, pharmacy,"
              + " rehabilitation, nutrition or dental-hygiene. A patient's active relationships are"
              + " refreshed whatever their form.",
          Parsers.oneOf(
              Arrays.stream(CareForm.values()).map(CareForm::wire).toArray(String[]::new)));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL = List.of(HOME_VISIT_IMPORT_DEFAULT_CARE_FORM);

  public static ImportConfig read(ConfigSource src) {
    return new ImportConfig(
        CareForm.fromWire(src.get(HOME_VISIT_IMPORT_DEFAULT_CARE_FORM)).orElseThrow());
  }
}
