package jp.oqsgateway.gateway.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.oqs.simulator.ChartIdentity;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;

/**
 * Finds the patient data of the fictitious test data (the simulator's standard population and the
 * the samples of OQS-PROTOCOL.md §5) in text such as log lines: names, kana, birth dates, insurer
 * and insured numbers, chart ids and addresses.
 *
 * <p>Precision matters as much as recall, or the check would be switched off the first time a port
 * collides with a number. So:
 *
 * <ul>
 *   <li>Names, kana and addresses are Japanese text and match as substrings (after JSON {@code
 *       \\uXXXX} escapes are undone); kanji name parts need two characters and kana parts three, so
 *       a one-character given name such as 浩 or a kana fragment of an ordinary word does not count.
 *   <li>Numbers and dates match only as whole tokens: neither preceded nor followed by a letter or
 *       a digit. A request id, hex key id or file name ({@code OQSsiquc01req_202506020001}) is a
 *       longer token, and the {@code ts} of every line ({@code 2026-01-02T03:...}) continues with
 *       {@code T}.
 *   <li>Birth dates match only in the date forms the gateway could print: {@code yyyyMMdd}, {@code
 *       yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code yyyy年M月d日}.
 *   <li>Insured identification numbers count from six digits: shorter ones are indistinguishable
 *       from ports and durations, and mean nothing without the insurer. Insurer numbers count in
 *       their 8-digit form and, for 国保, the 6-digit and zero-padded forms.
 *   <li>The value of an allow-listed numeric field ({@code "pid":139998}) is a number the code
 *       logged on purpose (process id, port, count, size, duration), never patient data, and may
 *       equal a 6-digit number by chance; it is not a candidate.
 * </ul>
 */
public final class PatientDataScanner {

  /** One piece of patient data found in one line. */
  public record Finding(String kind, String value, String source, int line) {
    @Override
    public String toString() {
      return source + ":" + line + ": " + kind + " " + value;
    }
  }

  private static final Pattern TOKEN =
      Pattern.compile(
          "(?<![0-9A-Za-z])(?:\\d{4}[-/]\\d{2}[-/]\\d{2}|\\d{4}年\\d{1,2}月\\d{1,2}日|P?\\d+)(?![0-9A-Za-z])");

  /** The numeric fields of {@link LogFields#ALLOWED}: values the code logs as numbers. */
  private static final Pattern NUMERIC_FIELD =
      Pattern.compile("\"(?:pid|port|count|bytes|status|durationMs|startMs|timeoutMs)\":$");

  /** Exchange ids: the first group is all digits in about one UUID of forty. */
  private static final Pattern UUID =
      Pattern.compile(
          "\\b\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}\\b");

  private static final Pattern JSON_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");
  private static final Pattern SAMPLE_VALUE =
      Pattern.compile(
          "<(Name|InsuredName|NameKana|Address|Birthdate|InsurerNumber"
              + "|InsuredIdentificationNumber|InsuredPersonIdentificationNumber)>([^<]+)</");
  private static final Pattern DECLARED_ENCODING = Pattern.compile("encoding=\"([^\"]+)\"");
  private static final DateTimeFormatter[] DATE_FORMS = {
    DateTimeFormatter.BASIC_ISO_DATE,
    DateTimeFormatter.ISO_LOCAL_DATE,
    DateTimeFormatter.ofPattern("uuuu/MM/dd"),
    DateTimeFormatter.ofPattern("uuuu年M月d日"),
    DateTimeFormatter.ofPattern("uuuu年MM月dd日")
  };
  private static final int MIN_NAME_PART = 2;
  private static final int MIN_KANA_PART = 3;
  private static final int MIN_INSURED_NUMBER = 6;

  /** Text terms (substring match) and token terms (whole-token match), each with its kind. */
  private final Map<String, String> texts = new LinkedHashMap<>();

  private final Map<String, String> tokens = new LinkedHashMap<>();

  private PatientDataScanner() {}

  /**
   * The data of {@link SimulatedPopulation#standard()} and of the given samples of OQS-PROTOCOL.md
   * §5.
   */
  public static PatientDataScanner forTestData(Collection<Path> samples) {
    PatientDataScanner s = new PatientDataScanner();
    for (SimulatedPerson p : SimulatedPopulation.standard().persons()) {
      s.addPerson(p);
    }
    samples.forEach(s::addSample);
    return s;
  }

  /** A scanner for one person only (for tests of the scanner itself). */
  public static PatientDataScanner forPerson(SimulatedPerson person) {
    PatientDataScanner s = new PatientDataScanner();
    s.addPerson(person);
    return s;
  }

  /** How many distinct values it looks for. */
  public int size() {
    return texts.size() + tokens.size();
  }

  private void addPerson(SimulatedPerson p) {
    addName(p.name());
    addKana(p.nameKana());
    addBirthDate(p.birthDate());
    addText("address", p.address());
    addText("address", p.chartAddress());
    ChartIdentity chart = p.chart();
    addToken("chart id", chart.patientId());
    addName(chart.name());
    addKana(chart.nameKana());
    addBirthDate(chart.birthDate());
    addText("address", chart.address());
    addInsurerNumber(chart.insurerNumber());
    addInsuredNumber(chart.number());
    for (Coverage c : p.coverages()) {
      addName(c.insuredName());
      addInsurerNumber(c.insurerNumber());
      addInsuredNumber(c.number());
    }
  }

  private void addSample(Path sample) {
    String xml = readDeclared(sample);
    Matcher m = SAMPLE_VALUE.matcher(xml);
    while (m.find()) {
      String value = m.group(2).strip();
      switch (m.group(1)) {
        case "Name", "InsuredName" -> addName(value);
        case "NameKana" -> addKana(value);
        case "Address" -> addText("address", value);
        case "Birthdate" -> addBirthDate(LocalDate.parse(value, DateTimeFormatter.BASIC_ISO_DATE));
        case "InsurerNumber" -> addInsurerNumber(value);
        default -> addInsuredNumber(value);
      }
    }
  }

  private static String readDeclared(Path xml) {
    try {
      byte[] bytes = Files.readAllBytes(xml);
      Matcher m =
          DECLARED_ENCODING.matcher(
              new String(bytes, 0, Math.min(bytes.length, 200), "ISO-8859-1"));
      String declared = m.find() ? m.group(1) : "UTF-8";
      Charset charset =
          declared.equalsIgnoreCase("Shift_JIS")
              ? Charset.forName("windows-31j")
              : Charset.forName(declared);
      return new String(bytes, charset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void addName(String name) {
    addWords("name", name, part -> part.codePointCount(0, part.length()) >= MIN_NAME_PART);
  }

  private void addKana(String kana) {
    addWords("kana", kana, part -> part.length() >= MIN_KANA_PART);
  }

  /** The text as written, without its spaces, and each of its space-separated parts long enough. */
  private void addWords(String label, String text, Predicate<String> longEnough) {
    if (text == null || text.isBlank()) {
      return;
    }
    addText(label, text.strip());
    addText(label, text.replaceAll("[\\s　]", ""));
    for (String part : text.strip().split("[\\s　]+")) {
      if (longEnough.test(part)) {
        addText(label, part);
      }
    }
  }

  private void addBirthDate(LocalDate birthDate) {
    if (birthDate != null) {
      for (DateTimeFormatter form : DATE_FORMS) {
        addToken("birth date", birthDate.format(form));
      }
    }
  }

  private void addInsurerNumber(String number) {
    if (number == null || !number.strip().matches("\\d{6}|\\d{8}")) {
      return;
    }
    String digits = number.strip();
    addToken("insurer number", digits);
    if (digits.length() == 6) {
      addToken("insurer number", "00" + digits);
    }
  }

  private void addInsuredNumber(String number) {
    if (number != null && number.strip().matches("\\d{" + MIN_INSURED_NUMBER + ",}")) {
      addToken("insured number", number.strip());
    }
  }

  private void addText(String kind, String value) {
    if (value != null && !value.isBlank()) {
      texts.putIfAbsent(value, kind);
    }
  }

  private void addToken(String kind, String value) {
    if (value != null && !value.isBlank()) {
      tokens.putIfAbsent(value, kind);
    }
  }

  /** The patient data in one line of text from {@code source}, line number {@code lineNo}. */
  public List<Finding> scanLine(String line, String source, int lineNo) {
    List<Finding> found = new ArrayList<>();
    String text = unescapeJson(line);
    if (!isAscii(text)) {
      texts.forEach(
          (value, kind) -> {
            if (text.contains(value)) {
              found.add(new Finding(kind, value, source, lineNo));
            }
          });
    }
    String withoutIds = UUID.matcher(text).replaceAll("uuid");
    Matcher m = TOKEN.matcher(withoutIds);
    while (m.find()) {
      String kind = tokens.get(m.group());
      if (kind != null && !isNumericFieldValue(withoutIds, m.start())) {
        found.add(new Finding(kind, m.group(), source, lineNo));
      }
    }
    return found;
  }

  /** The patient data in a file, read as UTF-8 (undecodable bytes become U+FFFD, not errors). */
  public List<Finding> scanFile(Path file) throws IOException {
    List<Finding> found = new ArrayList<>();
    String source = file.getFileName().toString();
    try (Stream<String> lines =
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()) {
      int[] no = {0};
      lines.forEach(l -> found.addAll(scanLine(l, source, ++no[0])));
    }
    return found;
  }

  private static boolean isNumericFieldValue(String text, int start) {
    int from = Math.max(0, start - 40);
    return NUMERIC_FIELD.matcher(text.substring(from, start)).find();
  }

  private static String unescapeJson(String line) {
    if (line.indexOf("\\u") < 0) {
      return line;
    }
    return JSON_ESCAPE
        .matcher(line)
        .replaceAll(
            r -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(r.group(1), 16))));
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }
}
