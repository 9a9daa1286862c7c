package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.ResultElements.opt;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Consents;
import jp.oqsgateway.gateway.oqs.simulator.ResultElements.Flag;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Lookup;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Match;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorState.Reception;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Computes the terminal's answer to one request document (REFERENCE §2.2–§2.9). Pure with respect
 * to the folders: it returns the result documents; {@link TerminalSimulator} writes them.
 */
final class Responder {
  /** A result to write: an XML tree (optionally zipped) or raw bytes (PDF). */
  record Answer(String fileName, XmlElement xml, byte[] raw, boolean zip) {}

  private final SimulatorOptions options;
  private final SimulatedPopulation population;
  private final StateStore store;
  private final ResultElements results;

  Responder(SimulatorOptions options, SimulatedPopulation population, StateStore store) {
    this.options = options;
    this.population = population;
    this.store = store;
    this.results = new ResultElements(options.institutionCode());
  }

  List<Answer> answer(RequestName name, ParsedDocument doc) {
    XmlElement root = doc.root();
    Instant now = options.clock().instant();
    String institution =
        root.at("MessageHeader").flatMap(h -> h.text("MedicalInstitutionCode")).orElse("");
    if (!name.isDrugOrCheckup() && !institution.equals(options.institutionCode())) {
      return List.of(
          xml(
              name,
              error(
                  root,
                  now,
                  SimulatedErrors.WRONG_INSTITUTION,
                  SimulatedErrors.MSG_WRONG_INSTITUTION)));
    }
    return switch (name.kind()) {
      case "OQSsiquc01" -> List.of(xml(name, single(root, now)));
      case "OQSsiimm01" -> List.of(xml(name, registerSingle(root, now)));
      case "OQSmuquc01", "OQSmuimm01", "OQSmuhvq01", "OQSmuonq01", "OQSmutic01" ->
          List.of(xml(name, receive(name, doc, now)));
      case "OQSmuquc02", "OQSmuimm02", "OQSmuhvq02", "OQSmuonq02", "OQSmutic02" ->
          List.of(download(name, root, now));
      case "YZKsiquc01", "TKKsiquc01" -> List.of(medicalInfo(name, root, now));
      default ->
          List.of(
              xml(
                  name,
                  error(
                      root, now, SimulatedErrors.UNKNOWN_KIND, SimulatedErrors.MSG_UNKNOWN_KIND)));
    };
  }

  // ---- OQSsiquc01 ---------------------------------------------------------------------------

  private XmlElement single(XmlElement root, Instant now) {
    XmlElement header = root.child("MessageHeader").orElseThrow();
    Optional<XmlElement> search = root.at("MessageBody", "QualificationConfirmSearchInfo");
    Optional<LocalDate> asOf =
        header.text("QualificationConfirmationDate").flatMap(Responder::date);
    if (search.isEmpty() || asOf.isEmpty() || !complete(search.get())) {
      return error(root, now, SimulatedErrors.INVALID_REQUEST, SimulatedErrors.MSG_INVALID_REQUEST);
    }
    Lookup lookup = lookup(search.get(), asOf.get());
    String limitFlag = search.get().text("LimitApplicationCertificateRelatedConsFlg").orElse("0");
    List<XmlElement> list = new ArrayList<>();
    for (Match m : lookup.matches()) {
      list.add(
          results.result(
              m.person(),
              m.coverage(),
              asOf.get(),
              Consents.limitOnly(limitFlag, OqsDates.dateTime(now)),
              null));
    }
    XmlElement head =
        of(
            "MessageHeader",
            leaf("ProcessExecutionTime", OqsDates.dateTime(now)),
            leaf("QualificationConfirmationDate", OqsDates.date(asOf.get())),
            leaf("MedicalInstitutionCode", options.institutionCode()),
            echo(header, "ArbitraryFileIdentifier"),
            leaf("ReferenceClassification", "2"),
            leaf("SegmentOfResult", "1"),
            leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier()));
    XmlElement body =
        of(
            "MessageBody",
            leaf("ProcessingResultStatus", "1"),
            leaf("QualificationValidity", lookup.validity()),
            search.get(),
            list.isEmpty() ? null : of("ResultList", list));
    return of("XmlMsg", head, body);
  }

  private Lookup lookup(XmlElement search, LocalDate asOf) {
    return population.lookup(
        search.rawText("InsurerNumber").orElse(""),
        search.text("InsuredCardSymbol").orElse(null),
        search.text("InsuredIdentificationNumber").orElse(""),
        search.text("InsuredBranchNumber").orElse(null),
        date(search.text("Birthdate").orElse("")).orElse(LocalDate.MIN),
        asOf);
  }

  private static boolean complete(XmlElement search) {
    return search.text("InsurerNumber").isPresent()
        && search.text("InsuredIdentificationNumber").isPresent()
        && search.text("Birthdate").flatMap(Responder::date).isPresent();
  }

  // ---- 照会番号 ------------------------------------------------------------------------------

  private XmlElement registerSingle(XmlElement root, Instant now) {
    XmlElement header = root.child("MessageHeader").orElseThrow();
    Optional<XmlElement> info = root.at("MessageBody", "ReferenceNumberRegistrationInfo");
    if (info.isEmpty()) {
      return error(root, now, SimulatedErrors.INVALID_REQUEST, SimulatedErrors.MSG_INVALID_REQUEST);
    }
    List<XmlElement> outcome = register(info.get());
    List<XmlElement> body = new ArrayList<>(outcome);
    body.add(info.get());
    return of(
        "XmlMsg",
        of(
            "MessageHeader",
            leaf("ProcessExecutionTime", OqsDates.dateTime(now)),
            leaf("MedicalInstitutionCode", options.institutionCode()),
            echo(header, "ArbitraryFileIdentifier"),
            leaf("SegmentOfResult", "1"),
            leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier())),
        of("MessageBody", body));
  }

  /** Registers one 照会番号; returns ProcessingResultStatus (and code/message on error). */
  private List<XmlElement> register(XmlElement info) {
    String ref = info.text("ReferenceNumber").orElse("");
    String number = info.text("InsuredIdentificationNumber").orElse("");
    if (ref.isEmpty() || ref.length() > 50 || number.isEmpty()) {
      return status2(SimulatedErrors.PERSON_INPUT, SimulatedErrors.MSG_PERSON_INPUT);
    }
    List<Match> found =
        population.byNumbers(
            info.rawText("InsurerNumber").orElse(""),
            info.text("InsuredCardSymbol").orElse(null),
            number,
            info.text("InsuredBranchNumber").orElse(null));
    if (found.size() != 1) {
      return status2(SimulatedErrors.NOT_FOUND, SimulatedErrors.MSG_NOT_FOUND);
    }
    String personId = found.get(0).person().id();
    store.update(s -> s.referenceNumbers.put(personId, ref));
    return List.of(leaf("ProcessingResultStatus", "1"));
  }

  private static List<XmlElement> status2(String code, String message) {
    return List.of(
        leaf("ProcessingResultStatus", "2"),
        leaf("ProcessingResultCode", code),
        leaf("ProcessingResultMessage", message));
  }

  // ---- bulk: phase 1 ------------------------------------------------------------------------

  private XmlElement receive(RequestName name, ParsedDocument doc, Instant now) {
    XmlElement root = doc.root();
    XmlElement header = root.child("MessageHeader").orElseThrow();
    if (!validUpload(name.kind(), root)) {
      return error(root, now, SimulatedErrors.INVALID_REQUEST, SimulatedErrors.MSG_INVALID_REQUEST);
    }
    LocalDate today = OqsDates.today(now);
    String number =
        store.update(
            s -> {
              s.receptionSequence++;
              String n = OqsDates.date(today) + String.format("%012d", s.receptionSequence);
              Path copy = store.dir().resolve("receptions").resolve(n + ".xml");
              try {
                Files.createDirectories(copy.getParent());
                Files.write(copy, doc.raw());
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              s.receptions.put(
                  n, new Reception(n, name.family(), "receptions/" + n + ".xml", now, 0, false));
              return n;
            });
    return of(
        "XmlMsg",
        of(
            "MessageHeader",
            leaf("ProcessExecutionTime", OqsDates.dateTime(now)),
            leaf("MedicalInstitutionCode", options.institutionCode()),
            echo(header, "ArbitraryFileIdentifier"),
            leaf("SegmentOfResult", "1"),
            leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier())),
        of(
            "MessageBody",
            leaf("ProcessingResultStatus", "1"),
            leaf("ReceptionNumber", number),
            leaf("ReceptionDateTime", OqsDates.dateTime(now))));
  }

  private static boolean validUpload(String kind, XmlElement root) {
    Optional<XmlElement> body = root.child("MessageBody");
    if (body.isEmpty()) {
      return false;
    }
    Optional<XmlElement> search = body.get().child("QualificationConfirmSearchInfo");
    return switch (kind) {
      case "OQSmuquc01" ->
          root.at("MessageHeader")
                  .flatMap(h -> h.text("QualificationConfirmationDate"))
                  .flatMap(Responder::date)
                  .isPresent()
              && !body.get().children("QualificationConfirmSearchInfo").isEmpty();
      case "OQSmuimm01" -> !body.get().children("ReferenceNumberRegistrationInfo").isEmpty();
      case "OQSmuhvq01" ->
          search.isPresent()
              && "2".equals(search.get().text("MedicalTreatmentFlag").orElse(""))
              && range(search.get(), "ConsentDate").isPresent();
      case "OQSmuonq01" ->
          search.isPresent()
              && "3".equals(search.get().text("MedicalTreatmentFlag").orElse(""))
              && (range(search.get(), "ConsentDate").isPresent()
                  || range(search.get(), "ExaminationDate").isPresent());
      case "OQSmutic01" ->
          search.isPresent()
              && search.get().text("MedicalTreatmentMonth").flatMap(Responder::month).isPresent();
      default -> false;
    };
  }

  // ---- bulk: phase 2 ------------------------------------------------------------------------

  private Answer download(RequestName name, XmlElement root, Instant now) {
    String number = root.at("MessageBody").flatMap(b -> b.text("ReceptionNumber")).orElse("");
    Optional<Reception> reception =
        store.update(
            s -> {
              Reception r = s.receptions.get(number);
              if (r == null || !r.kind().equals(name.family())) {
                return Optional.<Reception>empty();
              }
              if (r.stillProcessingLeft() > 0) {
                Reception less =
                    new Reception(
                        r.number(),
                        r.kind(),
                        r.requestFile(),
                        r.receivedAt(),
                        r.stillProcessingLeft() - 1,
                        true);
                s.receptions.put(number, less);
                return Optional.of(r);
              }
              return Optional.of(r);
            });
    if (reception.isEmpty()) {
      XmlElement err =
          error(
              root,
              now,
              SimulatedErrors.UNKNOWN_RECEPTION,
              SimulatedErrors.MSG_UNKNOWN_RECEPTION,
              number.isEmpty() ? null : leaf("ReceptionNumber", number));
      return xml(name, err);
    }
    Reception r = reception.get();
    XmlElement upload = readReception(r);
    XmlElement uploadHeader = upload.child("MessageHeader").orElse(of("MessageHeader"));
    if (r.stillProcessingLeft() > 0) {
      return xml(
          name,
          of(
              "XmlMsg",
              of(
                  "MessageHeader",
                  leaf("ProcessExecutionTime", OqsDates.dateTime(now)),
                  leaf("MedicalInstitutionCode", options.institutionCode()),
                  echo(uploadHeader, "ArbitraryFileIdentifier"),
                  leaf("ReceptionNumber", number),
                  leaf("SegmentOfResult", "2"),
                  leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier()))));
    }
    List<XmlElement> units;
    String unitName = "BulkConfirmUnit";
    LocalDate asOf = OqsDates.today(now);
    XmlElement search = upload.at("MessageBody", "QualificationConfirmSearchInfo").orElse(of("x"));
    switch (name.family()) {
      case "OQSmuquc" -> {
        asOf =
            uploadHeader
                .text("QualificationConfirmationDate")
                .flatMap(Responder::date)
                .orElse(asOf);
        units = bulkCheck(upload, asOf, now);
      }
      case "OQSmuimm" -> {
        unitName = "BulkRegistrationUnit";
        units = bulkRegister(upload);
      }
      case "OQSmuhvq", "OQSmuonq" -> units = consented(name.family(), search, now);
      default -> {
        YearMonth month =
            search
                .text("MedicalTreatmentMonth")
                .flatMap(Responder::month)
                .orElse(YearMonth.from(asOf));
        units = medicalAid(month, now);
      }
    }
    final String unitTag = unitName;
    long errors =
        units.stream()
            .filter(u -> u.name().equals(unitTag))
            .filter(u -> "2".equals(u.text("ProcessingResultStatus").orElse("1")))
            .count();
    boolean withDate = name.family().equals("OQSmuquc");
    XmlElement head =
        of(
            "MessageHeader",
            leaf("ProcessExecutionTime", OqsDates.dateTime(now)),
            withDate ? leaf("QualificationConfirmationDate", OqsDates.date(asOf)) : null,
            leaf("MedicalInstitutionCode", options.institutionCode()),
            echo(uploadHeader, "ArbitraryFileIdentifier"),
            leaf("ReceptionNumber", number),
            leaf("SegmentOfResult", "1"),
            leaf("NumberOfProcessingResult", String.valueOf(units.size())),
            leaf("NumberOfNormalProcessing", String.valueOf(units.size() - errors)),
            leaf("NumberOfError", String.valueOf(errors)),
            leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier()));
    XmlElement doc = of("XmlMsg", head, of("MessageBody", units));
    return new Answer(
        name.resultName(options.zipBulkResults() ? ".zip" : ".xml"),
        doc,
        null,
        options.zipBulkResults());
  }

  private XmlElement readReception(Reception r) {
    Path file = store.dir().resolve(r.requestFile());
    try {
      return new OqsXmlReader().read(file).root();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OqsXmlException e) {
      throw new IllegalStateException("stored upload unreadable: " + e.getMessage(), e);
    }
  }

  private List<XmlElement> bulkCheck(XmlElement upload, LocalDate asOf, Instant now) {
    List<XmlElement> units = new ArrayList<>();
    var refs = store.read().referenceNumbers;
    for (XmlElement search :
        upload.at("MessageBody").orElseThrow().children("QualificationConfirmSearchInfo")) {
      if (!complete(search)) {
        List<XmlElement> u = new ArrayList<>();
        u.add(search);
        u.addAll(status2(SimulatedErrors.PERSON_INPUT, SimulatedErrors.MSG_PERSON_INPUT));
        units.add(of("BulkConfirmUnit", u));
        continue;
      }
      Lookup lookup = lookup(search, asOf);
      String limitFlag = search.text("LimitApplicationCertificateRelatedConsFlg").orElse("0");
      List<XmlElement> u = new ArrayList<>();
      String ref =
          lookup.matches().size() == 1 ? refs.get(lookup.matches().get(0).person().id()) : null;
      u.add(opt("ReferenceNumber", ref));
      u.add(search);
      u.add(leaf("ProcessingResultStatus", "1"));
      u.add(leaf("QualificationValidity", lookup.validity()));
      for (Match m : lookup.matches()) {
        u.add(
            results.result(
                m.person(),
                m.coverage(),
                asOf,
                Consents.limitOnly(limitFlag, OqsDates.dateTime(now)),
                null));
      }
      units.add(of("BulkConfirmUnit", u));
    }
    return units;
  }

  private List<XmlElement> bulkRegister(XmlElement upload) {
    List<XmlElement> units = new ArrayList<>();
    for (XmlElement info :
        upload.at("MessageBody").orElseThrow().children("ReferenceNumberRegistrationInfo")) {
      List<XmlElement> u = new ArrayList<>();
      u.add(info);
      u.addAll(register(info));
      units.add(of("BulkRegistrationUnit", u));
    }
    return units;
  }

  /** 訪問診療等 / オンライン診療等: persons who consented in the date range, not withdrawn (§2.6, §4.5). */
  private List<XmlElement> consented(String family, XmlElement search, Instant now) {
    CareMode mode = family.equals("OQSmuhvq") ? CareMode.HOME_VISIT : CareMode.ONLINE;
    LocalDate[] range =
        range(search, "ConsentDate").or(() -> range(search, "ExaminationDate")).orElseThrow();
    SimulatorState state = store.read();
    LocalDate today = OqsDates.today(now);
    List<XmlElement> units = new ArrayList<>();
    for (HomeVisitConsent c : state.consents.values()) {
      if (c.mode() != mode
          || c.withdrawn()
          || c.date().isBefore(range[0])
          || c.date().isAfter(range[1])) {
        continue;
      }
      Optional<SimulatedPerson> person = population.byId(c.personId());
      if (person.isEmpty()) {
        continue;
      }
      boolean expired = c.expiredAt(now);
      String cons = OqsDates.dateTime(c.consentTime());
      String until = OqsDates.dateTime(c.availableUntil());
      Flag yes = new Flag(expired ? "2" : "1", cons, until);
      Consents consents =
          new Consents(
              expired ? null : "1",
              expired ? null : cons,
              person.get().coverages().stream().anyMatch(x -> !x.specificDiseases().isEmpty())
                  ? yes
                  : null,
              c.scope().contains(ConsentScope.CHECKUP) ? yes : Flag.NONE,
              c.scope().contains(ConsentScope.DRUG) ? yes : Flag.NONE,
              c.scope().contains(ConsentScope.DIAGNOSIS) ? yes : Flag.NONE,
              c.scope().contains(ConsentScope.OPERATION) ? yes : Flag.NONE);
      units.add(
          personUnit(person.get(), today, consents, state.referenceNumbers.get(c.personId())));
    }
    return units;
  }

  private List<XmlElement> medicalAid(YearMonth month, Instant now) {
    SimulatorState state = store.read();
    List<XmlElement> units = new ArrayList<>();
    for (SimulatedPerson p : population.persons()) {
      for (Coverage c : p.coverages()) {
        if (!c.isMedicalAid()) {
          continue;
        }
        LocalDate asOf = month.atEndOfMonth();
        if (!c.coversOn(asOf)) {
          if (c.coversOn(month.atDay(1))) {
            asOf = c.disqualificationDate().minusDays(1);
          } else if (c.qualificationDate().getMonth() == month.getMonth()
              && c.qualificationDate().getYear() == month.getYear()) {
            asOf = c.qualificationDate();
          } else {
            continue;
          }
        }
        List<XmlElement> u = new ArrayList<>();
        u.add(opt("ReferenceNumber", state.referenceNumbers.get(p.id())));
        u.add(leaf("ProcessingResultStatus", "1"));
        u.add(leaf("QualificationValidity", c.medicalAid().ticketsRegistered() ? "1" : "6"));
        u.add(
            results.result(
                p, c, asOf, new Consents(null, null, null, null, null, null, null), null));
        units.add(of("BulkConfirmUnit", u));
      }
    }
    return units;
  }

  /** One unit for a person as of a day: every qualification in force (insurance and 医療扶助). */
  private XmlElement personUnit(SimulatedPerson p, LocalDate day, Consents consents, String ref) {
    List<Coverage> inForce =
        p.coverages().stream().filter(c -> c.registeredInOqs() && c.coversOn(day)).toList();
    String validity;
    List<Coverage> shown;
    if (!inForce.isEmpty()) {
      shown = inForce;
      Coverage last = inForce.get(inForce.size() - 1);
      validity = last.isMedicalAid() && !last.medicalAid().ticketsRegistered() ? "6" : "1";
    } else {
      Optional<Coverage> lost =
          p.coverages().stream().filter(c -> c.lostBy(day)).reduce((a, b) -> b);
      shown = lost.map(List::of).orElse(List.of());
      validity = lost.isPresent() ? "2" : "4";
    }
    List<XmlElement> u = new ArrayList<>();
    u.add(opt("ReferenceNumber", ref));
    u.add(leaf("ProcessingResultStatus", "1"));
    u.add(leaf("QualificationValidity", validity));
    for (Coverage c : shown) {
      u.add(results.result(p, c, day, consents, null));
    }
    return of("BulkConfirmUnit", u);
  }

  // ---- YZK / TKK ----------------------------------------------------------------------------

  private Answer medicalInfo(RequestName name, XmlElement root, Instant now) {
    XmlElement header = root.child("MessageHeader").orElse(of("MessageHeader"));
    XmlElement body = root.child("MessageBody").orElse(of("MessageBody"));
    boolean drug = name.kind().startsWith("YZK");
    List<Match> found =
        population.byNumbers(
            header.rawText("InsurerNumber").orElse(""),
            header.text("InsuranceCardSymbol").orElse(null),
            header.text("InsuredPersonIdentificationNumber").orElse(""),
            header.text("BranchNumber").orElse(null));
    if (found.size() != 1) {
      return xml(name, infoRefusal(header, SimulatedErrors.MSG_NOT_FOUND));
    }
    SimulatedPerson p = found.get(0).person();
    String flag = body.text("MedicalTreatmentFlag").orElse("1");
    if (!consentAllowsInfo(p.id(), flag, drug, now)) {
      return xml(name, infoRefusal(header, SimulatedErrors.MSG_NO_CONSENT));
    }
    if ("1".equals(body.text("FileCategory").orElse("2"))) {
      return new Answer(name.resultName(".pdf"), null, FictitiousMedicalInfo.pdf(drug), false);
    }
    return xml(
        name,
        drug
            ? FictitiousMedicalInfo.drug(p, header, now)
            : FictitiousMedicalInfo.checkup(p, header, now));
  }

  /**
   * Flag 1 and not expired: outpatient = last face reading + 24 h; 2/3 = home-visit/online consent.
   */
  private boolean consentAllowsInfo(
      String personId, String treatmentFlag, boolean drug, Instant now) {
    SimulatorState state = store.read();
    CareMode mode = CareMode.ofFlag(treatmentFlag);
    if (mode == null) {
      SimulatorState.FaceReading face = state.faceReadings.get(personId);
      if (face == null || !now.isBefore(face.at().plusSeconds(24 * 3600))) {
        return false;
      }
      return drug ? face.consents().pharmacists() : face.consents().checkups();
    }
    HomeVisitConsent c = state.consents.get(SimulatorState.consentKey(personId, mode));
    if (c == null || c.withdrawn() || c.expiredAt(now)) {
      return false;
    }
    return c.scope().contains(drug ? ConsentScope.DRUG : ConsentScope.CHECKUP);
  }

  private static XmlElement infoRefusal(XmlElement header, String message) {
    return of(
        "XmlMsg",
        of(
            "MessageHeader",
            echo(header, "MedicalInstitutionCode"),
            echo(header, "ArbitraryFileIdentifier"),
            leaf("ResultCode", "2"),
            leaf("MessageContents", message)));
  }

  // ---- common -------------------------------------------------------------------------------

  /** SegmentOfResult 9 (異常終了) with ErrorCode / ErrorMessage (§1.6 header level). */
  private XmlElement error(
      XmlElement root, Instant now, String code, String message, XmlElement... extra) {
    XmlElement header = root.child("MessageHeader").orElse(of("MessageHeader"));
    List<XmlElement> h = new ArrayList<>();
    h.add(leaf("ProcessExecutionTime", OqsDates.dateTime(now)));
    h.add(echo(header, "MedicalInstitutionCode"));
    h.add(echo(header, "ArbitraryFileIdentifier"));
    h.addAll(List.of(extra));
    h.add(leaf("SegmentOfResult", "9"));
    h.add(leaf("ErrorCode", code));
    h.add(leaf("ErrorMessage", message));
    h.add(leaf("CharacterCodeIdentifier", options.encoding().characterCodeIdentifier()));
    return of("XmlMsg", of("MessageHeader", h));
  }

  private static XmlElement echo(XmlElement header, String name) {
    return header.rawText(name).filter(s -> !s.isBlank()).map(s -> leaf(name, s)).orElse(null);
  }

  private static Answer xml(RequestName name, XmlElement doc) {
    return new Answer(name.resultName(".xml"), doc, null, false);
  }

  private static Optional<LocalDate[]> range(XmlElement search, String prefix) {
    Optional<LocalDate> from = search.text(prefix + "From").flatMap(Responder::date);
    Optional<LocalDate> to = search.text(prefix + "To").flatMap(Responder::date);
    if (from.isEmpty() || to.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LocalDate[] {from.get(), to.get()});
  }

  static Optional<LocalDate> date(String s) {
    try {
      return Optional.of(OqsDates.parseDate(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<YearMonth> month(String s) {
    try {
      return Optional.of(OqsDates.parseMonth(s));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
