package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Small fictitious drug (YZK) and health-check (TKK) results (OQS-PROTOCOL.md §2.9: ResultCode 1,
 * QuaInf / QualificationsInfo, CzDiInf/CzDiMonthInf, SpecificHealthCheckupInfo). Element names
 * inside the month blocks beyond those §2.9 lists (MeTrMonth, DiDateInf, DiDate, DrugInf) are [I].
 */
final class FictitiousMedicalInfo {
  private FictitiousMedicalInfo() {}

  static XmlElement drug(SimulatedPerson p, XmlElement requestHeader, Instant now) {
    YearMonth month = YearMonth.from(OqsDates.today(now)).minusMonths(1);
    return of(
        "XmlMsg",
        header(
            requestHeader,
            of(
                "QuaInf",
                leaf("Name", p.name()),
                leaf("KanaName", p.nameKana()),
                leaf("Birth", OqsDates.date(p.birthDate())),
                leaf("AdmGendCode", p.sex()))),
        of(
            "MessageBody",
            of(
                "CzDiInf",
                of(
                    "CzDiMonthInf",
                    leaf("MeTrMonth", OqsDates.month(month)),
                    of(
                        "DiDateInf",
                        leaf("DiDate", OqsDates.date(month.atDay(12))),
                        of(
                            "DrugInf",
                            leaf("DrugC", "9999999F1000"),
                            leaf("DrugN", "見本錠５ｍｇ（架空）"),
                            leaf("IngreN", "見本成分（架空）"),
                            leaf("Qua1", "1"),
                            leaf("Unit", "錠"),
                            leaf("UsageN", "１日１回朝食後"),
                            leaf("Times", "28")))))));
  }

  /** The header of a result: the request's institution and identifier, ResultCode 1, who. */
  private static XmlElement header(XmlElement requestHeader, XmlElement person) {
    return of(
        "MessageHeader",
        leaf("MedicalInstitutionCode", requestHeader.text("MedicalInstitutionCode").orElse("")),
        ResultElements.opt(
            "ArbitraryFileIdentifier", requestHeader.text("ArbitraryFileIdentifier").orElse(null)),
        leaf("ResultCode", "1"),
        person);
  }

  static XmlElement checkup(SimulatedPerson p, XmlElement requestHeader, Instant now) {
    LocalDate day = OqsDates.today(now).minusMonths(5).withDayOfMonth(10);
    return of(
        "XmlMsg",
        header(
            requestHeader,
            of(
                "QualificationsInfo",
                leaf("Name", p.name()),
                leaf("KanasName", p.nameKana()),
                leaf("Birthday", OqsDates.date(p.birthDate())),
                leaf("AdministrativeGenderCode", p.sex()))),
        of(
            "MessageBody",
            of(
                "SpecificHealthCheckupInfo",
                leaf("EffectiveTime", OqsDates.date(day)),
                of(
                    "HealthCheckupResultAndQuestionInfos",
                    item("9N001000000000001", "身長", "PQ", "165.2", "cm"),
                    item("9N006000000000001", "体重", "PQ", "61.0", "kg"),
                    item("9A751000000000001", "収縮期血圧", "PQ", "128", "mmHg")))));
  }

  private static XmlElement item(String code, String name, String type, String value, String unit) {
    return of(
        "HealthCheckupResultAndQuestionInfo",
        leaf("ItemCode", code),
        leaf("ItemName", name),
        leaf("DataType", type),
        leaf("DataValue", value),
        leaf("Unit", unit),
        leaf("Oid", "1.2.392.200119.6.1005"));
  }

  /** A one-page placeholder PDF for FileCategory 1. */
  static byte[] pdf(boolean drug) {
    String text =
        drug ? "Simulated drug information (fictitious)" : "Simulated health check (fictitious)";
    String content = "BT /F1 12 Tf 40 780 Td (" + text + ") Tj ET";
    String pdf =
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
            + "/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
            + "4 0 obj<</Length "
            + content.length()
            + ">>stream\n"
            + content
            + "\nendstream endobj\n"
            + "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    return pdf.getBytes(StandardCharsets.US_ASCII);
  }
}
