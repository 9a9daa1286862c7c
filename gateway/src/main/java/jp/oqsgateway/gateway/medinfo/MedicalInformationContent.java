package jp.oqsgateway.gateway.medinfo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The typed content of a drug ({@code YZKsiquc01res}) or health-check ({@code TKKsiquc01res})
 * result (OQS-PROTOCOL.md §2.9). Confirmed: the blocks {@code CzDiInf/CzDiMonthInf} (dispensing),
 * {@code ShPrInf/ShPrMonthInf} (prescriptions) and the health-check items ({@code ItemCode}, {@code
 * ItemName}, {@code DataType}, {@code DataValue}, {@code Unit}). Inferred: the names inside a month
 * block ({@code MeTrMonth}, {@code DiDateInf}, {@code DiDate}, {@code DrugInf} and the drug's
 * leaves); every other leaf of a date block (where the dispensing or prescribing institution is
 * named) is kept under {@code details} as OQS named it, so nothing it sends is lost.
 */
final class MedicalInformationContent {
  private static final Set<String> DRUG_LEAVES =
      Set.of("DrugC", "DrugN", "IngreN", "Qua1", "Unit", "UsageN", "Times");

  private MedicalInformationContent() {}

  static JsonObject drug(XmlElement root) {
    JsonArray medications = new JsonArray();
    for (String[] block :
        new String[][] {{"CzDiMonthInf", "dispensed"}, {"ShPrMonthInf", "prescribed"}}) {
      for (XmlElement month : all(root, block[0])) {
        String m = month.text("MeTrMonth").orElse(null);
        for (XmlElement date : all(month, "DiDateInf")) {
          JsonObject details = new JsonObject();
          date.children().stream()
              .filter(c -> c.children().isEmpty() && !c.name().equals("DiDate"))
              .forEach(c -> details.put(c.name(), c.trimmedText()));
          for (XmlElement drug : date.children("DrugInf")) {
            JsonObject med =
                new JsonObject()
                    .put("source", block[1])
                    .put("month", m)
                    .put("date", date.text("DiDate").orElse(null))
                    .put("drugCode", drug.text("DrugC").orElse(null))
                    .put("drugName", drug.text("DrugN").orElse(null))
                    .put("ingredient", drug.text("IngreN").orElse(null))
                    .put("quantity", drug.text("Qua1").orElse(null))
                    .put("unit", drug.text("Unit").orElse(null))
                    .put("usage", drug.text("UsageN").orElse(null))
                    .put("times", drug.text("Times").orElse(null))
                    .put("details", details.copy());
            drug.children().stream()
                .filter(c -> c.children().isEmpty() && !DRUG_LEAVES.contains(c.name()))
                .forEach(c -> med.getJsonObject("details").put(c.name(), c.trimmedText()));
            med.getMap().values().removeIf(v -> v == null);
            medications.add(med);
          }
        }
      }
    }
    return new JsonObject().put("medications", medications);
  }

  static JsonObject healthCheck(XmlElement root) {
    JsonArray checkups = new JsonArray();
    for (XmlElement info : all(root, "SpecificHealthCheckupInfo")) {
      JsonArray items = new JsonArray();
      for (XmlElement item : all(info, "HealthCheckupResultAndQuestionInfo")) {
        JsonObject i =
            new JsonObject()
                .put("code", item.text("ItemCode").orElse(null))
                .put("name", item.text("ItemName").orElse(null))
                .put("dataType", item.text("DataType").orElse(null))
                .put("value", item.text("DataValue").orElse(null))
                .put("unit", item.text("Unit").orElse(null));
        i.getMap().values().removeIf(v -> v == null);
        items.add(i);
      }
      JsonObject c = new JsonObject().put("items", items);
      info.text("EffectiveTime").ifPresent(t -> c.put("date", t));
      checkups.add(c);
    }
    return new JsonObject().put("checkups", checkups);
  }

  /** Every element of that name below {@code e}, in document order. */
  private static List<XmlElement> all(XmlElement e, String name) {
    List<XmlElement> found = new ArrayList<>();
    for (XmlElement c : e.children()) {
      if (c.name().equals(name)) {
        found.add(c);
      } else {
        found.addAll(all(c, name));
      }
    }
    return found;
  }
}
