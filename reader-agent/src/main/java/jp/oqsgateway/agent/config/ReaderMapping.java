package jp.oqsgateway.agent.config;

import java.util.List;
import java.util.Locale;
import jp.oqsgateway.agent.reader.ReaderIdentity;
import jp.oqsgateway.agent.reader.ReaderNaming;

/**
 * Names readers from the configured rules, first match wins; a reader no rule matches gets an id
 * derived from its PC/SC name ({@code Virtual PCD 00 00} → {@code virtual-pcd-00-00}) and the
 * default desk.
 */
public record ReaderMapping(List<ReaderRule> rules, String defaultDesk) implements ReaderNaming {
  public ReaderMapping {
    rules = List.copyOf(rules);
  }

  @Override
  public ReaderIdentity identify(String pcscName) {
    for (ReaderRule r : rules) {
      if (r.matches(pcscName)) {
        return new ReaderIdentity(r.id(), r.desk());
      }
    }
    return new ReaderIdentity(derivedId(pcscName), defaultDesk);
  }

  static String derivedId(String pcscName) {
    String id =
        pcscName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return id.isEmpty() ? "reader" : id;
  }
}
