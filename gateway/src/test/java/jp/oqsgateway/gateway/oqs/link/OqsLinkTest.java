package jp.oqsgateway.gateway.oqs.link;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.oqs.link.LinkMetrics.Unmatched;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import jp.oqsgateway.gateway.testsupport.RecordCopies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The file link's own rules (naming, result verification, partial writes, archives, restarts, face
 * files, the probe) with a passive fake terminal, real folders and a real PostgreSQL. How the link
 * deals with a terminal's answers and faults is the contract of {@link TerminalContractTestBase}.
 */
class OqsLinkTest {
  private static final Duration WAIT = FakeTerminal.WAIT;
  private static PgEndpoint db;
  private final List<LinkHarness> harnesses = new ArrayList<>();

  @BeforeAll
  static void database() {
    db = LinkHarness.migratedDatabase("oqslink");
  }

  @AfterEach
  void stopLinks() {
    harnesses.forEach(LinkHarness::close);
  }

  private LinkHarness harness() {
    return harness(c -> c);
  }

  private LinkHarness harness(java.util.function.UnaryOperator<LinkConfig> tweak) {
    LinkHarness h = new LinkHarness(db, tweak);
    harnesses.add(h);
    return h;
  }

  static XmlElement cardCheck(String callerIdentifier) {
    return XmlElement.of(
        "XmlMsg",
        XmlElement.of(
            "MessageHeader",
            XmlElement.leaf("QualificationConfirmationDate", "20250602"),
            XmlElement.leaf("MedicalInstitutionCode", FakeTerminal.INSTITUTION),
            callerIdentifier == null
                ? null
                : XmlElement.leaf("ArbitraryFileIdentifier", callerIdentifier)),
        XmlElement.of(
            "MessageBody",
            XmlElement.of(
                "QualificationConfirmSearchInfo",
                XmlElement.leaf("InsurerNumber", "06139984"),
                XmlElement.leaf("InsuredCardSymbol", "1234"),
                XmlElement.leaf("InsuredIdentificationNumber", "567"),
                XmlElement.leaf("InsuredBranchNumber", "02"),
                XmlElement.leaf("Birthdate", "19850412"),
                XmlElement.leaf("LimitApplicationCertificateRelatedConsFlg", "1"))));
  }

  static XmlElement bulkDownload(String receptionNumber) {
    return XmlElement.of(
        "XmlMsg",
        XmlElement.of(
            "MessageHeader", XmlElement.leaf("MedicalInstitutionCode", FakeTerminal.INSTITUTION)),
        XmlElement.of("MessageBody", XmlElement.leaf("ReceptionNumber", receptionNumber)));
  }

  private static OqsRequest card() {
    return OqsRequest.of(RequestKind.SIQUC01, cardCheck(null));
  }

  @Test
  void aRequestIsWrittenUnderItsOwnNameWithOurIdentifierInPlaceOfTheCallers() {
    // What comes back is the terminal contract's concern (TerminalContractTestBase).
    LinkHarness h = harness();
    Exchange e =
        h.link.submit(OqsRequest.of(RequestKind.SIQUC01, cardCheck("set-by-caller"))).await();

    assertThat(e.state()).isEqualTo(ExchangeState.WRITTEN);
    assertThat(e.requestFile()).matches("OQSsiquc01req_\\d{12}\\.xml");
    assertThat(e.arbitraryFileIdentifier())
        .hasSizeLessThanOrEqualTo(50)
        .isNotEqualTo("set-by-caller");
    assertThat(h.terminal.allNamesInReq()).containsExactly(e.requestFile());

    ParsedDocument request = h.terminal.take("OQSsiquc01");
    XmlElement header = request.root().child("MessageHeader").orElseThrow();
    assertThat(header.children("ArbitraryFileIdentifier")).hasSize(1);
    assertThat(header.text("ArbitraryFileIdentifier")).contains(e.arbitraryFileIdentifier());
    assertThat(header.children().get(2).name()).isEqualTo("ArbitraryFileIdentifier");
    assertThat(request.charset()).isEqualTo(OqsCharset.SHIFT_JIS);
    await("picked up").atMost(WAIT).until(() -> h.state(e.id()) == ExchangeState.PICKED_UP);
    assertThat(h.registry.find("oqsgw.oqs.pickup.delay").tag("kind", "siquc01").timer().count())
        .isEqualTo(1);
  }

  @Test
  void aPickupFollowedSoonByItsAnswerIsRecordedWithTheAnswerAtTheTimeTheRequestWasTaken() {
    LinkHarness h = harness();
    Exchange e = h.link.submit(card()).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    awaitPickupSeen(h);
    Instant seen = Instant.now();
    assertThat(h.state(e.id()))
        .as("not yet written on its own: an answer may come within the delay")
        .isEqualTo(ExchangeState.WRITTEN);

    h.terminal.writeResult(request, FakeTerminal.resultFor(request, "1"));

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    Exchange stored = h.link.find(e.id()).await().orElseThrow();
    assertThat(stored.pickedUpAt())
        .hasValueSatisfying(at -> assertThat(at).isBefore(seen).isAfter(e.writtenAt()));
  }

  /** The link saw the request leave req/ (known at once, recorded later or with its end). */
  private static void awaitPickupSeen(LinkHarness h) {
    await("pickup seen")
        .atMost(WAIT)
        .until(
            () ->
                h.registry.find("oqsgw.oqs.pickup.delay").tag("kind", "siquc01").timer().count()
                    == 1);
  }

  @Test
  void aResultStillBeingWrittenIsNotReadUntilItIsComplete() {
    LinkHarness h = harness();
    Exchange e = h.link.submit(card()).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    byte[] full = FakeTerminal.resultFor(request, "1");
    Path file = h.terminal.res().resolve(FakeTerminal.resultName(request, ".xml"));

    FakeTerminal.write(file, Arrays.copyOf(full, full.length / 3));
    h.awaitScans(2);
    FakeTerminal.append(file, Arrays.copyOfRange(full, full.length / 3, 2 * full.length / 3));
    h.awaitScans(3);
    assertThat(h.state(e.id())).isIn(ExchangeState.WRITTEN, ExchangeState.PICKED_UP);

    FakeTerminal.append(file, Arrays.copyOfRange(full, 2 * full.length / 3, full.length));
    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(outcome.exchange().resultBytes().orElseThrow()).isEqualTo(full);
  }

  @Test
  void aResultIsMatchedWhenItsNotificationArrivesWithoutListingTheFoldersAgain() {
    LinkHarness h = harness(c -> c.withScanInterval(Duration.ofHours(1)));
    for (int i = 0; i < 200; i++) {
      FakeTerminal.write(
          h.terminal.res().resolve("OQSsiquc01res_20250101" + String.format("%04d", i) + ".xml"),
          "<XmlMsg/>".getBytes(StandardCharsets.UTF_8));
    }
    double listings = h.counter("oqsgw.oqs.scans", "scope", "listing");
    Exchange e = h.link.submit(card()).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    FakeTerminal.write(
        h.terminal.res().resolve(FakeTerminal.resultName(request, ".xml")),
        FakeTerminal.resultFor(request, "1"));

    assertThat(h.link.outcome(e.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(h.counter("oqsgw.oqs.scans", "scope", "notified")).isPositive();
    assertThat(h.counter("oqsgw.oqs.scans", "scope", "listing"))
        .as("no listing of the 200 old files after the start's")
        .isEqualTo(listings);
  }

  @Test
  void aResultCarryingAnotherArbitraryFileIdentifierIsRejected() {
    LinkHarness h = harness();
    ExchangeOutcome outcome = rejectedWithHeader(h, "ArbitraryFileIdentifier", "someone-else");
    assertThat(outcome.exchange().resultBytes()).isEmpty();
    assertThat(h.link.unmatched(Unmatched.IDENTIFIER_MISMATCH)).isEqualTo(1);
  }

  @Test
  void aResultFromAnotherInstitutionIsRejected() {
    rejectedWithHeader(harness(), "MedicalInstitutionCode", "2719876540");
  }

  /**
   * The outcome of a card check answered with one header field changed: failed, naming the field.
   */
  private static ExchangeOutcome rejectedWithHeader(LinkHarness h, String field, String value) {
    Exchange e = h.link.submit(card()).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    h.terminal.writeResult(request, FakeTerminal.resultFor(request, "1", Map.of(field, value)));

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(outcome.error()).hasValueSatisfying(m -> assertThat(m).contains(field));
    return outcome;
  }

  private static Exchange submitBulkDownload(
      LinkHarness h, RequestKind kind, String receptionNumber) {
    return h.link.submit(OqsRequest.of(kind, bulkDownload(receptionNumber))).await();
  }

  /** The terminal answers {@code request} with a zip of {@code entries}. */
  private static void answerZipped(
      LinkHarness h, ParsedDocument request, Map<String, byte[]> entries) {
    FakeTerminal.write(
        h.terminal.res().resolve(FakeTerminal.resultName(request, ".zip")),
        FakeTerminal.zip(entries));
  }

  @Test
  void aZippedBulkResultIsExtractedSafely() {
    LinkHarness h = harness();
    Exchange e = submitBulkDownload(h, RequestKind.MUHVQ02, "20250602000000012399");
    assertThat(e.receptionNumber()).contains("20250602000000012399");
    ParsedDocument request = h.terminal.take("OQSmuhvq02");
    byte[] xml = FakeTerminal.resultFor(request, "1");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("readme.txt", "x".getBytes(StandardCharsets.UTF_8));
    entries.put(FakeTerminal.resultName(request, ".xml"), xml);
    answerZipped(h, request, entries);

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(outcome.exchange().resultBytes().orElseThrow()).isEqualTo(xml);
    assertThat(outcome.exchange().resultFile())
        .hasValueSatisfying(f -> assertThat(f).endsWith(".zip"));
  }

  @Test
  void aZipWithAnEscapingPathOrNoResultFailsTheExchange() {
    LinkHarness h = harness();
    Exchange e = submitBulkDownload(h, RequestKind.MUQUC02, "20250602000000000001");
    ParsedDocument request = h.terminal.take("OQSmuquc02");
    answerZipped(
        h, request, Map.of("../" + FakeTerminal.resultName(request, ".xml"), new byte[10]));

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.FAILED);
    assertThat(outcome.error()).hasValueSatisfying(m -> assertThat(m).contains("unsafe path"));
  }

  @Test
  void aResultThatLandsWhileTheGatewayIsDownIsMatchedAtTheNextStart() {
    LinkHarness h = harness();
    Exchange e = h.link.submit(card()).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    awaitPickupSeen(h);

    h.stop();
    byte[] result = FakeTerminal.resultFor(request, "1");
    h.terminal.writeResult(request, result);
    h.restartStopped();

    ExchangeOutcome outcome = h.link.outcome(e.id()).await();
    assertThat(outcome.state()).isEqualTo(ExchangeState.ANSWERED);
    assertThat(outcome.exchange().resultBytes().orElseThrow()).isEqualTo(result);
  }

  @Test
  void anAnswerThatLandedWhileTheGatewayWasDownWinsOverADeadlineThatPassedMeanwhile() {
    // Regression: at the start the overdue deadline fired after one scan, which can only see a
    // file once, never read it as stable; the answer lost and the exchange ended OUTCOME_UNKNOWN.
    LinkHarness h = harness(c -> c.withTimeouts(Duration.ofSeconds(2), Map.of()));
    Exchange e = h.link.submit(card()).await();
    ParsedDocument request = h.terminal.take("OQSsiquc01");
    awaitPickupSeen(h);

    h.stop();
    h.terminal.writeResult(request, FakeTerminal.resultFor(request, "1"));
    await("deadline passed while down")
        .atMost(WAIT)
        .until(() -> java.time.Instant.now().isAfter(e.deadlineAt().plusMillis(200)));
    h.restartStopped();

    assertThat(h.link.outcome(e.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
  }

  @Test
  void aRestartRemembersTheHandledFilesStillInResAndOneThatComesBackLaterIsNotAppliedAgain()
      throws Exception {
    LinkHarness h = harness();
    List<Path> results = new ArrayList<>();
    List<java.util.UUID> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Exchange e = h.link.submit(card()).await();
      ParsedDocument request = h.terminal.take("OQSsiquc01");
      h.terminal.writeResult(request, FakeTerminal.resultFor(request, "1"));
      assertThat(h.link.outcome(e.id()).await().state()).isEqualTo(ExchangeState.ANSWERED);
      results.add(h.terminal.res().resolve(FakeTerminal.resultName(request, ".xml")));
      ids.add(e.id());
    }
    // Gone from res/ while the gateway is down (archived, or cleared by the terminal): not loaded.
    Path away = h.root.resolve(results.get(1).getFileName());
    java.nio.file.Files.move(results.get(1), away);

    h.restart();
    h.awaitScans(3);
    assertThat(h.counter("oqsgw.oqs.results.unmatched", "reason", Unmatched.DUPLICATE.label()))
        .as("the file still in res/ is remembered, not handled again")
        .isZero();
    java.nio.file.Files.move(away, results.get(1));
    await("the file back in res/ read again")
        .atMost(WAIT)
        .until(
            () ->
                h.counter("oqsgw.oqs.results.unmatched", "reason", Unmatched.DUPLICATE.label())
                    == 1);

    assertThat(h.state(ids.get(1))).isEqualTo(ExchangeState.ANSWERED);
    long recorded =
        h.pool
            .preparedQuery("select count(*) from oqs_processed_file where exchange_id = $1")
            .execute(Tuple.of(ids.get(1)))
            .await()
            .iterator()
            .next()
            .getLong(0);
    assertThat(recorded).as("its content is recorded once").isEqualTo(1);
  }

  @Test
  void suffixesSurviveARestartNeverRepeatAndSkipNamesAlreadyInRes() {
    LinkHarness h = harness();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      names.add(h.link.submit(card()).await().requestFile());
      h.terminal.take("OQSsiquc01");
    }
    // A stop leaves the number reserved ahead unused: the next start takes the one after it.
    String last = names.get(names.size() - 1);
    long held = Long.parseLong(last.substring(14, 26)) + 1;
    await("the next number reserved ahead")
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(sequence(h, today()))
                    .as(names.toString())
                    .isGreaterThanOrEqualTo((int) (held % 10_000)));
    h.restart();
    long next = held - held % 10_000 + sequence(h, today()) + 1;
    String occupied = "OQSsiquc01res_" + next + ".xml";
    FakeTerminal.write(
        h.terminal.res().resolve(occupied), "<XmlMsg/>".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 3; i++) {
      names.add(h.link.submit(card()).await().requestFile());
      h.terminal.take("OQSsiquc01");
    }

    String today =
        LocalDateTime.now(ZoneId.of("Asia/Tokyo")).format(DateTimeFormatter.BASIC_ISO_DATE);
    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.startsWith("OQSsiquc01req_" + today));
    assertThat(names).isSortedAccordingTo(String::compareTo);
    assertThat(names).doesNotContain("OQSsiquc01req_" + next + ".xml");
    assertThat(names.get(3)).as("the name after the skipped one").endsWith((next + 1) + ".xml");
  }

  @Test
  void afterTheDays9999thRequestNamesGoOnInTwelveDigitsUnlessExtendedNamesAreOff() {
    LinkHarness h = harness();
    java.time.LocalDate today = java.time.LocalDate.now(ZoneId.of("Asia/Tokyo"));
    Integer stood = sequence(h, today);
    try {
      setSequence(h, today, 9998);
      String dated = h.link.submit(card()).await().requestFile();
      String extended = h.link.submit(card()).await().requestFile();

      assertThat(dated)
          .isEqualTo(
              "OQSsiquc01req_" + today.format(DateTimeFormatter.BASIC_ISO_DATE) + "9999.xml");
      assertThat(extended)
          .isEqualTo(
              "OQSsiquc01req_"
                  + today.format(DateTimeFormatter.ofPattern("uuMMdd"))
                  + "010000.xml");
      assertThat(h.terminal.allNamesInReq()).contains(dated, extended);

      LinkHarness refusing = harness(c -> c.withExtendedNames(false));
      assertThatThrownBy(() -> refusing.link.submit(card()).await())
          .isInstanceOf(RequestNumbersUsedUp.class);
      assertThat(refusing.terminal.allNamesInReq()).as("nothing written").isEmpty();
      // The link reserves its next number ahead: it holds 10,001 once that commit is in.
      await("the next number reserved ahead")
          .atMost(Duration.ofSeconds(5))
          .until(() -> Integer.valueOf(10_001).equals(sequence(h, today)));
      setSequence(h, today, RequestSequence.EXTENDED_PER_DAY);
      assertThat(h.link.submit(card()).await().requestFile())
          .as("the number held ahead is spent")
          .endsWith("010001.xml");
      assertThatThrownBy(() -> h.link.submit(card()).await())
          .isInstanceOf(RequestNumbersUsedUp.class);
      assertThat(h.terminal.allNamesInReq()).as("nothing more written").hasSize(3);
    } finally {
      if (stood == null) {
        h.pool
            .preparedQuery("delete from oqs_request_sequence where day = $1")
            .execute(io.vertx.sqlclient.Tuple.of(today))
            .await();
      } else {
        setSequence(h, today, stood);
      }
    }
  }

  private static java.time.LocalDate today() {
    return java.time.LocalDate.now(ZoneId.of("Asia/Tokyo"));
  }

  private static Integer sequence(LinkHarness h, java.time.LocalDate day) {
    var rows =
        h.pool
            .preparedQuery("select last from oqs_request_sequence where day = $1")
            .execute(io.vertx.sqlclient.Tuple.of(day))
            .await()
            .iterator();
    return rows.hasNext() ? rows.next().getInteger(0) : null;
  }

  private static void setSequence(LinkHarness h, java.time.LocalDate day, int last) {
    h.pool
        .preparedQuery(
            "insert into oqs_request_sequence (day, last) values ($1, $2)"
                + " on conflict (day) do update set last = $2")
        .execute(io.vertx.sqlclient.Tuple.of(day, last))
        .await();
  }

  /** A face handler that stores nothing and adds each document once its transaction committed. */
  static FaceResultHandler into(List<ParsedDocument> delivered) {
    return (tx, doc) -> io.vertx.core.Future.succeededFuture(() -> delivered.add(doc));
  }

  @Test
  void aFaceFileWrittenWhileTheGatewayWasDownReachesTheConsumerRegisteredAfterStart() {
    LinkHarness h = harness();
    h.stop();
    String now =
        LocalDateTime.now(ZoneId.of("Asia/Tokyo"))
            .format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    Path waiting = h.terminal.writeFace(now, "2222222222cccccccccc");
    h.restartStopped();
    h.awaitScans(3);
    List<ParsedDocument> delivered = new CopyOnWriteArrayList<>();
    h.link.onFaceResult(into(delivered));
    await("face delivered").atMost(WAIT).until(() -> delivered.size() == 1);
    assertThat(delivered)
        .extracting(ParsedDocument::fileName)
        .containsExactly(waiting.getFileName().toString());
  }

  @Test
  void aFaceFileIsHandedOverOnceOldOnesNeverAndNothingAgainAfterARestart() {
    LinkHarness h = harness();
    List<ParsedDocument> delivered = new CopyOnWriteArrayList<>();
    h.link.onFaceResult(into(delivered));
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    String now = LocalDateTime.now(ZoneId.of("Asia/Tokyo")).format(f);
    Path fresh = h.terminal.writeFace(now, "9f3c2a7b41d0e6c5b8a2");
    h.terminal.writeFace("20200101090000", "0000000000aaaaaaaaaa");

    await("face delivered").atMost(WAIT).until(() -> delivered.size() == 1);
    h.awaitScans(4);
    assertThat(delivered)
        .extracting(ParsedDocument::fileName)
        .containsExactly(fresh.getFileName().toString());
    assertThat(h.counter("oqsgw.oqs.face.files", "outcome", "skipped_old")).isEqualTo(1);

    h.restart();
    List<ParsedDocument> afterRestart = new CopyOnWriteArrayList<>();
    h.link.onFaceResult(into(afterRestart));
    Path later = h.terminal.writeFace(now, "1111111111bbbbbbbbbb");
    await("new face delivered").atMost(WAIT).until(() -> afterRestart.size() == 1);
    h.awaitScans(4);
    assertThat(afterRestart)
        .extracting(ParsedDocument::fileName)
        .containsExactly(later.getFileName().toString());
    assertThat(fresh).exists();
  }

  @Test
  void livenessListenersHearTheLinkGoDownWhileARequestLiesUntakenAndUpWhenItIsTaken() {
    LinkHarness h = harness();
    List<LinkStatus.State> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    h.link.onLivenessChange(s -> heard.add(s.state()));
    h.link.submit(card()).await();
    await("link down").atMost(WAIT).until(() -> heard.contains(LinkStatus.State.DOWN));
    h.terminal.take("OQSsiquc01");
    await("link up again").atMost(WAIT).until(() -> heard.contains(LinkStatus.State.UP));
    assertThat(heard).containsExactly(LinkStatus.State.DOWN, LinkStatus.State.UP);
  }

  @Test
  void whenIdleTheProbeAsksForAReceptionNumberThatCannotExist() {
    LinkHarness h =
        harness(
            c ->
                RecordCopies.with(
                    c,
                    Map.of(
                        "probeIdle",
                        Duration.ofMillis(300),
                        "probeInstitutionCode",
                        FakeTerminal.INSTITUTION)));
    ParsedDocument probe = h.terminal.take("OQSmuquc02");
    assertThat(RequestDocuments.receptionNumber(probe.root())).contains("00000000000000000000");
    await("link up")
        .atMost(WAIT)
        .until(() -> h.link.status().await().state() == LinkStatus.State.UP);
  }

  private static java.util.function.UnaryOperator<LinkConfig> requestEncoding(OqsCharset cs) {
    return c -> RecordCopies.with(c, Map.of("requestCharset", cs));
  }

  /** A card check whose ArbitraryIdentifier (the chart's patient id) carries that text. */
  private static XmlElement cardCheckWithPatientId(String patientId) {
    XmlElement doc = cardCheck(null);
    XmlElement body = doc.child("MessageBody").orElseThrow();
    XmlElement search = body.child("QualificationConfirmSearchInfo").orElseThrow();
    List<XmlElement> fields = new ArrayList<>(search.children());
    fields.add(XmlElement.leaf("ArbitraryIdentifier", patientId));
    return XmlElement.of(
        "XmlMsg",
        doc.child("MessageHeader").orElseThrow(),
        XmlElement.of("MessageBody", XmlElement.of("QualificationConfirmSearchInfo", fields)));
  }

  @Test
  void aRequestIsWrittenInTheConfiguredEncodingUnlessItNamesOne() {
    LinkHarness h = harness(requestEncoding(OqsCharset.UTF_8));
    Exchange configured =
        h.link.submit(OqsRequest.of(RequestKind.SIQUC01, cardCheckWithPatientId("髙橋𠮷"))).await();
    assertThat(configured.requestCharset()).isEqualTo("UTF-8");
    ParsedDocument written = h.terminal.take("OQSsiquc01");
    assertThat(written.charset()).isEqualTo(OqsCharset.UTF_8);
    assertThat(new String(written.raw(), StandardCharsets.UTF_8))
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"")
        .contains("髙橋𠮷");

    Exchange named =
        h.link
            .submit(
                new OqsRequest(
                    RequestKind.SIQUC01, cardCheckWithPatientId("髙橋"), OqsCharset.SHIFT_JIS))
            .await();
    assertThat(named.requestCharset()).isEqualTo("Shift_JIS");
    assertThat(h.terminal.take("OQSsiquc01").charset()).isEqualTo(OqsCharset.SHIFT_JIS);
  }

  @Test
  void textTheConfiguredEncodingCannotCarryIsRefusedBeforeAnythingIsWrittenNamingTheField() {
    LinkHarness h = harness(requestEncoding(OqsCharset.SHIFT_JIS));
    long numbersBefore = numbersSpent(h);
    // 𠮷 (U+20BB7) exists in Unicode only, not in Shift_JIS (CP932)
    assertThatThrownBy(
            () ->
                h.link
                    .submit(OqsRequest.of(RequestKind.SIQUC01, cardCheckWithPatientId("𠮷野")))
                    .await())
        .hasMessageContaining(
            "/XmlMsg/MessageBody/QualificationConfirmSearchInfo/ArbitraryIdentifier")
        .hasMessageContaining("U+20BB7")
        .hasMessageNotContaining("𠮷野");
    assertThat(h.terminal.allNamesInReq()).isEmpty();
    long rows =
        h.pool
            .preparedQuery("select count(*) as n from oqs_exchange where req_dir = $1")
            .execute(Tuple.of(h.root.resolve("req").toAbsolutePath().normalize().toString()))
            .await()
            .iterator()
            .next()
            .getLong("n");
    assertThat(rows).isZero();
    assertThat(numbersSpent(h)).as("no request number spent on it").isEqualTo(numbersBefore);
  }

  private static long numbersSpent(LinkHarness h) {
    return h.pool
        .query("select coalesce(sum(last), 0) as n from oqs_request_sequence")
        .execute()
        .await()
        .iterator()
        .next()
        .getLong("n");
  }

  @Test
  void aRequestWithoutInstitutionCodeIsRefusedBeforeAnythingIsWritten() {
    LinkHarness h = harness();
    XmlElement noHeader = XmlElement.of("XmlMsg", XmlElement.of("MessageBody"));
    assertThatThrownBy(() -> h.link.submit(OqsRequest.of(RequestKind.SIQUC01, noHeader)).await())
        .hasMessageContaining("MessageHeader");
    assertThatThrownBy(
            () -> h.link.submit(OqsRequest.of(RequestKind.MUQUC02, cardCheck(null))).await())
        .hasMessageContaining("ReceptionNumber");
    assertThat(h.terminal.allNamesInReq()).isEmpty();
  }
}
