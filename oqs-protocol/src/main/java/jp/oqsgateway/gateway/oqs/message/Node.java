package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.OqsCode;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Reads the children of one element by name, in any order, with typed accessors that name the path
 * and the rule on failure. Empty elements are absent. In lenient mode required values that are
 * missing or broken are replaced by placeholders after the issue is recorded.
 */
final class Node {
  static final String DATE_RULE = "must be YYYYMMDD";
  static final String DATE_TIME_RULE = "must be YYYYMMDDHHmmss";
  static final String MONTH_RULE = "must be YYYYMM";
  static final String RATIO_RULE = "must be a 3-digit percentage such as 010, 020 or 030";
  static final String COUNT_RULE = "must be a whole number";
  static final String INSURER_RULE =
      "must be 6 or 8 digits, right-aligned in 8 characters (space- or zero-padded)";
  static final String REQUIRED = "is required";

  private static final LocalDate PLACEHOLDER_DATE = LocalDate.of(1, 1, 1);

  private final DecodeContext ctx;
  private final XmlElement element;
  private final String path;
  private final Set<String> used = new HashSet<>();
  private final Set<String> repeatable = new HashSet<>();

  Node(DecodeContext ctx, XmlElement element, String path) {
    this.ctx = ctx;
    this.element = element;
    this.path = path;
  }

  XmlElement element() {
    return element;
  }

  String path() {
    return path;
  }

  boolean used(String name) {
    return used.contains(name);
  }

  boolean repeatable(String name) {
    return repeatable.contains(name);
  }

  String pathOf(String name) {
    return path + "/" + name;
  }

  boolean has(String name) {
    return element.text(name).isPresent()
        || element.child(name).map(c -> !c.children().isEmpty()).orElse(false);
  }

  /** Fails for every named element that is absent or empty. */
  void require(String... names) throws OqsFormatException {
    for (String name : names) {
      if (!has(name)) {
        ctx.fail(pathOf(name), REQUIRED);
      }
    }
  }

  Optional<String> text(String name) {
    used.add(name);
    return element.text(name);
  }

  String requiredText(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      ctx.fail(pathOf(name), REQUIRED);
      return "";
    }
    return t.get();
  }

  /** Every non-empty text of a repeatable leaf. */
  List<String> texts(String name) {
    used.add(name);
    repeatable.add(name);
    List<String> out = new ArrayList<>();
    for (XmlElement c : element.children(name)) {
      String t = c.trimmedText();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  Optional<LocalDate> date(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<LocalDate> d = OqsFormats.parseDate(t.get());
    if (d.isEmpty()) {
      ctx.fail(pathOf(name), DATE_RULE);
    }
    return d;
  }

  LocalDate requiredDate(String name) throws OqsFormatException {
    if (element.text(name).isEmpty()) {
      used.add(name);
      ctx.fail(pathOf(name), REQUIRED);
      return PLACEHOLDER_DATE;
    }
    return date(name).orElse(PLACEHOLDER_DATE);
  }

  Optional<LocalDateTime> dateTime(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<LocalDateTime> d = OqsFormats.parseDateTime(t.get());
    if (d.isEmpty()) {
      ctx.fail(pathOf(name), DATE_TIME_RULE);
    }
    return d;
  }

  Optional<YearMonth> month(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<YearMonth> m = OqsFormats.parseMonth(t.get());
    if (m.isEmpty()) {
      ctx.fail(pathOf(name), MONTH_RULE);
    }
    return m;
  }

  Optional<Integer> ratio(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt r = OqsFormats.parseRatio(t.get());
    if (r.isEmpty()) {
      ctx.fail(pathOf(name), RATIO_RULE);
      return Optional.empty();
    }
    return Optional.of(r.getAsInt());
  }

  Optional<Integer> count(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt r = OqsFormats.parseCount(t.get());
    if (r.isEmpty()) {
      ctx.fail(pathOf(name), COUNT_RULE);
      return Optional.empty();
    }
    return Optional.of(r.getAsInt());
  }

  Optional<InsurerNumber> insurer(String name) throws OqsFormatException {
    Optional<String> t = text(name);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    Optional<InsurerNumber> n = InsurerNumber.parse(t.get());
    if (n.isEmpty()) {
      ctx.fail(pathOf(name), INSURER_RULE);
    }
    return n;
  }

  InsurerNumber requiredInsurer(String name) throws OqsFormatException {
    if (element.text(name).isEmpty()) {
      used.add(name);
      ctx.fail(pathOf(name), REQUIRED);
      return new InsurerNumber("000000");
    }
    return insurer(name).orElseGet(() -> new InsurerNumber("000000"));
  }

  <E extends Enum<E> & OqsCode> Optional<Coded<E>> code(String name, Class<E> type) {
    return text(name).map(raw -> Coded.parse(type, raw));
  }

  <E extends Enum<E> & OqsCode> Coded<E> requiredCode(String name, Class<E> type)
      throws OqsFormatException {
    Optional<Coded<E>> c = code(name, type);
    if (c.isEmpty()) {
      ctx.fail(pathOf(name), REQUIRED);
      return new Coded<E>("", Optional.<E>empty());
    }
    return c.get();
  }

  /** The single child container of that name, if present. */
  Optional<Node> child(String name) {
    used.add(name);
    return element.child(name).map(c -> ctx.visit(c, pathOf(name)));
  }

  Node requiredChild(String name) throws OqsFormatException {
    Optional<Node> c = child(name);
    if (c.isEmpty()) {
      ctx.fail(pathOf(name), REQUIRED);
      return ctx.visit(XmlElement.of(name), pathOf(name));
    }
    return c.get();
  }

  /** The child container, or an empty stand-in when absent (results without a body). */
  Node childOrEmpty(String name) {
    return child(name).orElseGet(() -> ctx.visit(XmlElement.of(name), pathOf(name)));
  }

  /** Unknown elements found so far; call after everything else has been read. */
  List<UnknownElement> unknownSoFar() {
    return ctx.unknownElements();
  }

  /** All children of a repeatable element, with 1-based indexes in their paths. */
  List<Node> list(String name) {
    return list(name, true);
  }

  /** As {@link #list(String)}, but indexes paths only when the element actually repeats. */
  List<Node> group(String name) {
    return list(name, false);
  }

  /** Decodes one part from a node. */
  @FunctionalInterface
  interface PartReader<T> {
    T read(Node node) throws OqsFormatException;
  }

  /** Every occurrence of a repeatable element, decoded; at least one is required. */
  <T> List<T> requiredList(String name, PartReader<T> reader) throws OqsFormatException {
    List<T> parts = new ArrayList<>();
    for (Node n : list(name)) {
      parts.add(reader.read(n));
    }
    if (parts.isEmpty()) {
      fail(name, "at least one is required");
    }
    return parts;
  }

  private List<Node> list(String name, boolean alwaysIndex) {
    used.add(name);
    repeatable.add(name);
    List<XmlElement> found = element.children(name);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      String p =
          alwaysIndex || found.size() > 1 ? pathOf(name) + "[" + (i + 1) + "]" : pathOf(name);
      nodes.add(ctx.visit(found.get(i), p));
    }
    return nodes;
  }

  void fail(String name, String rule) throws OqsFormatException {
    ctx.fail(name == null ? path : pathOf(name), rule);
  }
}
