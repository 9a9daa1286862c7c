package jp.oqsgateway.settings;

import java.util.List;
import java.util.function.Function;

/**
 * One configuration key: its name, default, documentation and parser. A program declares each of
 * its keys once, beside the code that uses the value, and lists them all in its {@link Catalog}, so
 * the documentation and the code cannot drift.
 *
 * @param key dotted name used in the YAML file, e.g. {@code api.port}
 * @param defaultValue the value used when neither the file, the environment nor an override sets
 *     it; empty means "not set"
 * @param description one line for operators
 * @param parser turns the raw text into a typed value, throwing {@link IllegalArgumentException}
 *     with the rule that was broken
 * @param listParser turns a YAML list into the typed value; null: a list is refused
 */
public record Setting<T>(
    String key,
    String defaultValue,
    String description,
    Function<String, T> parser,
    Function<List<?>, T> listParser) {

  /** A key whose value is one piece of text (a list in the YAML file is refused). */
  public Setting(String key, String defaultValue, String description, Function<String, T> parser) {
    this(key, defaultValue, description, parser, null);
  }
}
