package jp.oqsgateway.gateway.oqs.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RoundTripProperties {

  record Case(MessageKind kind, OqsCharset charset, long seed) {
    OqsMessage message() {
      return new Gen(new Random(seed), charset).message(kind);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(
            Arbitraries.of(MessageKind.class),
            Arbitraries.of(OqsCharset.class),
            Arbitraries.longs())
        .as(Case::new);
  }

  @Property(tries = 1500)
  void everyMessageSurvivesEncodingReadingAndDecodingInBothCharsets(@ForAll("cases") Case c)
      throws Exception {
    OqsMessage original = c.message();
    byte[] bytes = OqsCodec.encode(original, c.charset());
    String name = c.kind().prefix() + "202506020001.xml";
    if (c.kind() == MessageKind.OQS_SIQUC01_FACE) {
      name = c.kind().prefix() + "1319876540abc_20250602103344.xml";
    }
    var doc = new OqsXmlReader().parse(name, bytes);
    assertThat(doc.charset()).isEqualTo(c.charset());
    assertThat(OqsCodec.decode(doc)).isEqualTo(original);
  }

  @Example
  void everyKindInEveryCharsetIsCoveredDeterministically() throws Exception {
    for (MessageKind kind : MessageKind.values()) {
      for (OqsCharset charset : OqsCharset.values()) {
        for (long seed = 0; seed < 20; seed++) {
          everyMessageSurvivesEncodingReadingAndDecodingInBothCharsets(
              new Case(kind, charset, seed));
        }
      }
    }
  }
}
