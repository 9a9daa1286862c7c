package jp.oqsgateway.agent.config;

import java.util.regex.Pattern;

/**
 * One entry of {@code readers}: PC/SC reader names matching {@code match} (exact, or a glob with
 * {@code *} and {@code ?}) are reader {@code id} at desk {@code desk}.
 */
public record ReaderRule(String match, String id, String desk) {
  public boolean matches(String pcscName) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : match.toCharArray()) {
      if (c == '*' || c == '?') {
        regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    return Pattern.matches(regex.toString(), pcscName);
  }
}
