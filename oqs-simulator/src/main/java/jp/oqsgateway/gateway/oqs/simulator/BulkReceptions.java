package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.simulator.Responder.Answer;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorState.Reception;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The two phases of every bulk request (OQS-PROTOCOL.md §2.5–§2.9): phase 1 ({@code ...01}) keeps
 * the upload and answers a ReceptionNumber; phase 2 ({@code ...02}) answers "still processing"
 * while a planned fault says so, then the units of the kept upload, counted, zipped when
 * configured.
 */
final class BulkReceptions {
  private final SimulatorOptions options;
  private final StateStore store;
  private final ResultHeaders headers;
  private final CardNumberChecks checks;
  private final ReferenceNumberRegistration registration;
  private final ConsentedBulkUnits consented;

  BulkReceptions(
      SimulatorOptions options,
      StateStore store,
      ResultHeaders headers,
      CardNumberChecks checks,
      ReferenceNumberRegistration registration,
      ConsentedBulkUnits consented) {
    this.options = options;
    this.store = store;
    this.headers = headers;
    this.checks = checks;
    this.registration = registration;
    this.consented = consented;
  }

  // ---- phase 1 ------------------------------------------------------------------------------

  XmlElement receive(RequestName name, ParsedDocument doc, Instant now) {
    XmlElement root = doc.root();
    XmlElement header = root.child("MessageHeader").orElseThrow();
    if (!validUpload(name.kind(), root)) {
      return headers.invalidRequest(root, now);
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
        headers.header(
            now, null, ResultHeaders.echoIdentifier(header), leaf("SegmentOfResult", "1")),
        of(
            "MessageBody",
            ProcessingStatus.ok(),
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
                  .flatMap(RequestFields::date)
                  .isPresent()
              && !body.get().children("QualificationConfirmSearchInfo").isEmpty();
      case "OQSmuimm01" -> !body.get().children("ReferenceNumberRegistrationInfo").isEmpty();
      case "OQSmuhvq01" ->
          search.isPresent()
              && "2".equals(search.get().text("MedicalTreatmentFlag").orElse(""))
              && RequestFields.range(search.get(), "ConsentDate").isPresent();
      case "OQSmuonq01" ->
          search.isPresent()
              && "3".equals(search.get().text("MedicalTreatmentFlag").orElse(""))
              && (RequestFields.range(search.get(), "ConsentDate").isPresent()
                  || RequestFields.range(search.get(), "ExaminationDate").isPresent());
      case "OQSmutic01" ->
          search.isPresent()
              && search
                  .get()
                  .text("MedicalTreatmentMonth")
                  .flatMap(RequestFields::month)
                  .isPresent();
      default -> false;
    };
  }

  // ---- phase 2 ------------------------------------------------------------------------------

  Answer download(RequestName name, XmlElement root, Instant now) {
    String number = root.at("MessageBody").flatMap(b -> b.text("ReceptionNumber")).orElse("");
    Optional<Reception> reception = takeReception(name, number);
    if (reception.isEmpty()) {
      XmlElement err =
          headers.error(
              root,
              now,
              SimulatedErrors.UNKNOWN_RECEPTION,
              SimulatedErrors.MSG_UNKNOWN_RECEPTION,
              number.isEmpty() ? null : leaf("ReceptionNumber", number));
      return Responder.xml(name, err);
    }
    Reception r = reception.get();
    XmlElement upload = readReception(r);
    XmlElement uploadHeader = upload.child("MessageHeader").orElse(of("MessageHeader"));
    XmlElement identifier = ResultHeaders.echoIdentifier(uploadHeader);
    if (r.stillProcessingLeft() > 0) {
      return Responder.xml(
          name,
          of(
              "XmlMsg",
              headers.header(
                  now,
                  null,
                  identifier,
                  leaf("ReceptionNumber", number),
                  leaf("SegmentOfResult", "2"))));
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
                .flatMap(RequestFields::date)
                .orElse(asOf);
        units = checks.bulkUnits(upload, asOf, now);
      }
      case "OQSmuimm" -> {
        unitName = "BulkRegistrationUnit";
        units = registration.bulkUnits(upload);
      }
      case "OQSmuhvq", "OQSmuonq" -> units = consented.consented(name.family(), search, now);
      default -> {
        YearMonth month =
            search
                .text("MedicalTreatmentMonth")
                .flatMap(RequestFields::month)
                .orElse(YearMonth.from(asOf));
        units = consented.medicalAid(month);
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
        headers.header(
            now,
            withDate ? asOf : null,
            identifier,
            leaf("ReceptionNumber", number),
            leaf("SegmentOfResult", "1"),
            leaf("NumberOfProcessingResult", String.valueOf(units.size())),
            leaf("NumberOfNormalProcessing", String.valueOf(units.size() - errors)),
            leaf("NumberOfError", String.valueOf(errors)));
    XmlElement doc = of("XmlMsg", head, of("MessageBody", units));
    return new Answer(
        name.resultName(options.zipBulkResults() ? ".zip" : ".xml"),
        doc,
        null,
        options.zipBulkResults());
  }

  /**
   * The reception of that number and family, as it was before this download; a planned "still
   * processing" answer is used up by one.
   */
  private Optional<Reception> takeReception(RequestName name, String number) {
    return store.update(
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
          }
          return Optional.of(r);
        });
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
}
