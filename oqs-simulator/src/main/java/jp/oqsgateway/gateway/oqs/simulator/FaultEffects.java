package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * What a planned fault does to an answer: truncated, hostile (DOCTYPE) or oversized bytes, a result
 * nobody asked for beside the real one, and "still processing" answers planned on a reception.
 */
final class FaultEffects {
  private final SimulatorOptions options;
  private final StateStore store;
  private final ResultFiles files;
  private final SecureRandom random = new SecureRandom();

  FaultEffects(SimulatorOptions options, StateStore store, ResultFiles files) {
    this.options = options;
    this.store = store;
    this.files = files;
  }

  /**
   * The result's bytes as the fault leaves them (unchanged for faults that are not about bytes).
   */
  byte[] corrupt(FaultRule fault, byte[] bytes) {
    FaultType type = fault == null ? null : fault.type();
    if (type == FaultType.MALFORMED) {
      return Arrays.copyOf(bytes, Math.max(1, bytes.length / 2));
    } else if (type == FaultType.HOSTILE) {
      return hostile(bytes);
    } else if (type == FaultType.OVERSIZED) {
      return oversized(bytes, fault.times() > 0 ? fault.times() : 33);
    }
    return bytes;
  }

  /**
   * The result with a DOCTYPE inserted after the XML declaration: ten levels of ten-fold entities
   * and an external entity naming a local file, used in the body.
   */
  private byte[] hostile(byte[] result) {
    String text = new String(result, options.encoding().charset());
    int afterDecl = text.startsWith("<?xml") ? text.indexOf("?>") + 2 : 0;
    StringBuilder dtd = new StringBuilder("\n<!DOCTYPE XmlMsg [\n  <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 10; i++) {
      dtd.append("  <!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">\n");
    }
    dtd.append("  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>");
    String body =
        text.substring(afterDecl).replaceFirst("<MessageBody>", "<MessageBody>&lol10;&xxe;");
    return (text.substring(0, afterDecl) + dtd + body).getBytes(options.encoding().charset());
  }

  /** The result followed by whitespace up to {@code mib} MiB (still well-formed XML). */
  private static byte[] oversized(byte[] result, int mib) {
    byte[] padded = Arrays.copyOf(result, Math.max(result.length, mib * 1024 * 1024 + 1));
    Arrays.fill(padded, result.length, padded.length, (byte) ' ');
    return padded;
  }

  /** The next {@code times} downloads of the request's reception answer "still processing". */
  void planStillProcessing(ParsedDocument doc, int times) {
    String number = doc.root().at("MessageBody").flatMap(b -> b.text("ReceptionNumber")).orElse("");
    store.update(
        s -> {
          SimulatorState.Reception r = s.receptions.get(number);
          if (r != null && !r.stillProcessingPlanned()) {
            s.receptions.put(
                number,
                new SimulatorState.Reception(
                    r.number(), r.kind(), r.requestFile(), r.receivedAt(), times, true));
          }
          return null;
        });
  }

  /** A copy of the answer under a result name and identifier no request of the gateway had. */
  void writeUnknown(RequestName name, XmlElement answer)
      throws IOException, UnencodableTextException {
    byte[] id = new byte[6];
    random.nextBytes(id);
    String suffix = String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
    XmlElement stranger = replaceIdentifier(answer, "UNSENT-" + HexFormat.of().formatHex(id));
    files.write(
        name.kind() + "res_" + suffix + ".xml", OqsXmlWriter.write(stranger, options.encoding()));
  }

  private static XmlElement replaceIdentifier(XmlElement doc, String id) {
    List<XmlElement> top = new ArrayList<>();
    for (XmlElement c : doc.children()) {
      if (c.name().equals("MessageHeader")) {
        List<XmlElement> h = new ArrayList<>();
        boolean replaced = false;
        for (XmlElement f : c.children()) {
          if (f.name().equals("ArbitraryFileIdentifier")) {
            h.add(leaf("ArbitraryFileIdentifier", id));
            replaced = true;
          } else {
            h.add(f);
          }
        }
        if (!replaced) {
          h.add(Math.min(2, h.size()), leaf("ArbitraryFileIdentifier", id));
        }
        top.add(of("MessageHeader", h));
      } else {
        top.add(c);
      }
    }
    return of(doc.name(), top);
  }
}
