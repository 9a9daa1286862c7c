package jp.oqsgateway.gateway.oqs.validate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.codes.CodeTables;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.codes.OqsCodeTable;
import jp.oqsgateway.gateway.oqs.message.FormatIssue;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsElements;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Names every problem of a document, not just the first: what the codec requires (required
 * elements, formats; see {@link OqsCodec#inspect}), plus rules a tolerant decoder lets through:
 * unknown codes, insurer-number check digits (§4.1), 後期高齢 (法別39) with a 記号 or 枝番 and a 被保険者番号 that
 * is not 8 digits with a valid check digit (§4.1 [C: S18, S11]), ArbitraryFileIdentifier over 50
 * characters (§1.4 [C: S12]), a CharacterCodeIdentifier that contradicts the encoding the file
 * declares (§1.3), and a home-visit re-inquiry ({@code OQSsihvq01req}) whose MedicalTreatmentFlag
 * is not 2 (§2.7). Unknown elements are not problems: the schema keeps growing (§1.8). A problem
 * names the element's path and the rule, never the element's value (which may be patient data).
 */
public final class OqsValidator {
  static final int MAX_ARBITRARY_FILE_IDENTIFIER = 50;

  private OqsValidator() {}

  public static List<Problem> validate(ParsedDocument doc) {
    Set<Problem> problems = new LinkedHashSet<>();
    for (FormatIssue issue : OqsCodec.inspect(doc)) {
      problems.add(new Problem(issue.path(), issue.rule()));
    }
    walk(doc, doc.root(), "/" + doc.root().name(), problems);
    checkReinquiryFlag(doc, problems);
    return new ArrayList<>(problems);
  }

  /**
   * A home-visit re-inquiry ({@code OQSsihvq01req}, layout reconstructed: §2.7) is one with
   * MedicalTreatmentFlag 2 (訪問診療等); another value makes it something the terminal may refuse. That
   * it is present at all is the codec's rule.
   */
  private static void checkReinquiryFlag(ParsedDocument doc, Set<Problem> problems) {
    if (OqsCodec.kindOf(doc).filter(k -> k == MessageKind.OQS_SIHVQ01_REQ).isEmpty()) {
      return;
    }
    String path = "/XmlMsg/MessageBody/QualificationConfirmSearchInfo/MedicalTreatmentFlag";
    doc.root()
        .at("MessageBody", "QualificationConfirmSearchInfo")
        .flatMap(s -> s.text("MedicalTreatmentFlag"))
        .filter(flag -> !flag.equals(MedicalTreatmentFlag.HOME_VISIT.code()))
        .ifPresent(
            flag ->
                problems.add(new Problem(path, "must be 2 (訪問診療等) in a home-visit re-inquiry")));
  }

  private static void walk(ParsedDocument doc, XmlElement e, String path, Set<Problem> problems) {
    checkLateStageElderly(e, path, problems);
    List<XmlElement> children = e.children();
    for (XmlElement c : children) {
      String childPath = path + "/" + c.name() + index(e, c);
      if (!c.children().isEmpty()) {
        walk(doc, c, childPath, problems);
        continue;
      }
      String text = c.trimmedText();
      if (text.isEmpty()) {
        continue;
      }
      Optional<OqsCodeTable> table = OqsElements.codeTable(c.name());
      if (table.isPresent() && CodeTables.lookup(table.get(), text).isEmpty()) {
        problems.add(
            new Problem(
                childPath,
                // the field and the table, never the value: a coded field may be a sex or a
                // relationship, and problems are printed and logged
                "is not a code of " + table.get() + " " + table.get().title()));
      }
      if (c.name().equals("InsurerNumber")) {
        InsurerNumber.parse(text)
            .filter(n -> !n.hasValidCheckDigit())
            .ifPresent(n -> problems.add(new Problem(childPath, "check digit is wrong (§4.1)")));
      }
      if (c.name().equals("ArbitraryFileIdentifier")
          && text.codePointCount(0, text.length()) > MAX_ARBITRARY_FILE_IDENTIFIER) {
        problems.add(
            new Problem(
                childPath, "must be at most " + MAX_ARBITRARY_FILE_IDENTIFIER + " characters"));
      }
      if (c.name().equals("CharacterCodeIdentifier")
          && !text.equals(doc.charset().characterCodeIdentifier())) {
        problems.add(
            new Problem(
                childPath,
                "contradicts the declared encoding "
                    + doc.charset().declaredName()
                    + " (expected "
                    + doc.charset().characterCodeIdentifier()
                    + ")"));
      }
    }
  }

  /** 後期高齢者 (insurer 39xxxxxx) have no 記号 and no 枝番, and an 8-digit checked number. */
  private static void checkLateStageElderly(XmlElement e, String path, Set<Problem> problems) {
    boolean lateStage =
        e.text("InsurerNumber")
            .flatMap(InsurerNumber::parse)
            .map(InsurerNumber::isLateStageElderly)
            .orElse(false);
    if (!lateStage) {
      return;
    }
    for (String symbol : new String[] {"InsuredCardSymbol", "InsuranceCardSymbol"}) {
      if (e.text(symbol).isPresent()) {
        problems.add(new Problem(path + "/" + symbol, "must be absent for 後期高齢者 (法別39)"));
      }
    }
    for (String branch : new String[] {"InsuredBranchNumber", "BranchNumber"}) {
      if (e.text(branch).isPresent()) {
        problems.add(new Problem(path + "/" + branch, "must be absent for 後期高齢者 (法別39)"));
      }
    }
    for (String number :
        new String[] {"InsuredIdentificationNumber", "InsuredPersonIdentificationNumber"}) {
      e.text(number)
          .filter(n -> n.length() != 8 || !InsurerNumber.isValidCheckDigit(n))
          .ifPresent(
              n ->
                  problems.add(
                      new Problem(
                          path + "/" + number,
                          "must be 8 digits with a valid check digit for 後期高齢者 (§4.1)")));
    }
  }

  /** "[n]" when the parent has several children of that name, as the codec writes paths. */
  private static String index(XmlElement parent, XmlElement child) {
    List<XmlElement> same = parent.children(child.name());
    if (same.size() <= 1 && !ALWAYS_INDEXED.contains(child.name())) {
      return "";
    }
    for (int i = 0; i < same.size(); i++) {
      if (same.get(i) == child) {
        return "[" + (i + 1) + "]";
      }
    }
    return "";
  }

  private static final Set<String> ALWAYS_INDEXED =
      Set.of(
          "ResultOfQualificationConfirmation",
          "BulkConfirmUnit",
          "BulkRegistrationUnit",
          "SpecificDiseasesCertificateInfo",
          "MedicalTicketInfo");
}
