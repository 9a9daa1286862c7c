package jp.oqsgateway.gateway.oqs.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import jp.oqsgateway.gateway.oqs.codes.CodeTables;
import jp.oqsgateway.gateway.oqs.codes.OqsCodeTable;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsElements;
import jp.oqsgateway.gateway.oqs.message.OqsFormats;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The JSON operators see for any OQS document, known kind or not: keys are the element names in
 * lowerCamelCase (the terminal's own JSON API uses the XML names, OQS-PROTOCOL.md §1.7), elements
 * that may repeat (or do) are arrays, codes are {@code {"code","label"}} ({@code "unknown":true}
 * when the table has no such code), dates ISO-8601, ratios integer percent, insurer numbers 8 or 6
 * digits without padding. Empty elements are left out. A value that breaks its format is kept as
 * the original string, so nothing is hidden; the validator reports it.
 *
 * <p>Objects are insertion-ordered maps and arrays lists, so any JSON library takes them as they
 * are (Vert.x: {@code new JsonObject(map)}).
 */
public final class NormalizedJson {
  private NormalizedJson() {}

  /** {@code {"xmlMsg": {...}}} for the document. */
  public static Map<String, Object> of(ParsedDocument doc) {
    Optional<MessageKind> kind = OqsCodec.kindOf(doc);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(key(doc.root().name()), container(kind, doc.root()));
    return out;
  }

  static String key(String elementName) {
    if (elementName.isEmpty()) {
      return elementName;
    }
    int upper = 0;
    while (upper < elementName.length() && Character.isUpperCase(elementName.charAt(upper))) {
      upper++;
    }
    // "XMLData" -> "xmlData", "Name" -> "name", "URL" -> "url"
    int lower = upper <= 1 || upper == elementName.length() ? upper : upper - 1;
    return elementName.substring(0, lower).toLowerCase(java.util.Locale.ROOT)
        + elementName.substring(lower);
  }

  private static Object node(Optional<MessageKind> kind, XmlElement e) {
    return e.children().isEmpty() ? leaf(e) : container(kind, e);
  }

  private static Map<String, Object> container(Optional<MessageKind> kind, XmlElement e) {
    Map<String, List<XmlElement>> byName = new LinkedHashMap<>();
    for (XmlElement c : e.children()) {
      if (c.children().isEmpty() && c.trimmedText().isEmpty()) {
        continue; // empty element = absent
      }
      byName.computeIfAbsent(c.name(), n -> new ArrayList<>()).add(c);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    byName.forEach(
        (name, list) -> {
          if (list.size() > 1 || OqsElements.repeats(kind, e.name(), name)) {
            List<Object> array = new ArrayList<>();
            list.forEach(c -> array.add(node(kind, c)));
            out.put(key(name), array);
          } else {
            out.put(key(name), node(kind, list.get(0)));
          }
        });
    return out;
  }

  private static Object leaf(XmlElement e) {
    String text = e.trimmedText();
    switch (OqsElements.format(e.name())) {
      case DATE:
        return OqsFormats.parseDate(text).<Object>map(Object::toString).orElse(text);
      case DATE_TIME:
        return OqsFormats.parseDateTime(text).<Object>map(Object::toString).orElse(text);
      case MONTH:
        return OqsFormats.parseMonth(text).<Object>map(Object::toString).orElse(text);
      case RATIO:
        OptionalInt r = OqsFormats.parseRatio(text);
        return r.isPresent() ? (Object) r.getAsInt() : text;
      case COUNT:
        OptionalInt c = OqsFormats.parseCount(text);
        return c.isPresent() ? (Object) c.getAsInt() : text;
      case INSURER_NUMBER:
        return InsurerNumber.parse(text).<Object>map(InsurerNumber::digits).orElse(text);
      case CODE:
        return code(OqsElements.codeTable(e.name()).orElseThrow(), text);
      default:
        return text;
    }
  }

  static Map<String, Object> code(OqsCodeTable table, String code) {
    Optional<String> label = CodeTables.label(table, code);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("code", code);
    out.put("label", label.orElse(null));
    if (label.isEmpty()) {
      out.put("unknown", true);
    }
    return out;
  }
}
