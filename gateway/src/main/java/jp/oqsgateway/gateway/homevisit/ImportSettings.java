package jp.oqsgateway.gateway.homevisit;

import java.util.Arrays;
import java.util.List;
import jp.oqsgateway.gateway.consented.ConsentedForm;
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

  public static final Setting<List<ConsentedForm>> HOME_VISIT_IMPORT_SCHEDULED_FORMS =
      new Setting<>(
          "home-visit.import.scheduled-forms",
          "home-visit,medical-aid",
          "The retrievals a scheduled consented-import job makes (and one started without a form),"
              + " separated by commas: home-visit (OQSmuhvq), online (OQSmuonq), medical-aid"
              + " (OQSmutic). Online care is off by default: add it where the clinic offers it.",
          ImportSettings::forms);

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(HOME_VISIT_IMPORT_DEFAULT_CARE_FORM, HOME_VISIT_IMPORT_SCHEDULED_FORMS);

  public static ImportConfig read(ConfigSource src) {
    return new ImportConfig(
        CareForm.fromWire(src.get(HOME_VISIT_IMPORT_DEFAULT_CARE_FORM)).orElseThrow(),
        src.get(HOME_VISIT_IMPORT_SCHEDULED_FORMS));
  }

  private static List<ConsentedForm> forms(String raw) {
    List<ConsentedForm> forms =
        Parsers.commaSeparated(raw).stream()
            .map(
                f ->
                    ConsentedImportParams.form(f)
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "must be home-visit, online or medical-aid, got '" + f + "'")))
            .distinct()
            .toList();
    if (forms.isEmpty()) {
      throw new IllegalArgumentException("must name at least one form");
    }
    return forms;
  }
}
