package jp.oqsgateway.gateway.oqs.xml;

/**
 * A file that cannot be accepted, with where: the file name, the element path (or line and column)
 * and the rule. Messages never quote element content, which may be patient data: not even through
 * the XML parser's own message, which quotes the text around a mistake, so a malformed file is
 * reported as "malformed XML (not well-formed)" at its line and column only. These messages reach
 * logs, exchange errors and API callers.
 */
public final class OqsXmlException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String where;
  private final boolean refused;

  public OqsXmlException(String file, String where, String problem) {
    this(file, where, problem, null);
  }

  public OqsXmlException(String file, String where, String problem, Throwable cause) {
    this(file, where, problem, cause, false);
  }

  private OqsXmlException(
      String file, String where, String problem, Throwable cause, boolean refused) {
    super(file + (where == null || where.isEmpty() ? "" : ": " + where) + ": " + problem, cause);
    this.file = file;
    this.where = where;
    this.refused = refused;
  }

  /**
   * A file refused for what it is, not for being incomplete: a DOCTYPE or entity, a size, depth or
   * element count over the limits, an encoding the terminal never uses. Waiting for the writer to
   * finish cannot make it acceptable.
   */
  public static OqsXmlException refused(String file, String where, String problem) {
    return new OqsXmlException(file, where, problem, null, true);
  }

  /** True for {@link #refused} files; false for malformed or undecodable (maybe truncated) ones. */
  public boolean isRefused() {
    return refused;
  }

  public String file() {
    return file;
  }

  public String where() {
    return where;
  }
}
