package jp.oqsgateway.gateway.oqs.xml;

/**
 * A file that cannot be accepted, with where: the file name, the element path (or line) and the
 * rule. Messages never quote element content, which may be patient data.
 */
public final class OqsXmlException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String file;
  private final String where;

  public OqsXmlException(String file, String where, String problem) {
    this(file, where, problem, null);
  }

  public OqsXmlException(String file, String where, String problem, Throwable cause) {
    super(file + (where == null || where.isEmpty() ? "" : ": " + where) + ": " + problem, cause);
    this.file = file;
    this.where = where;
  }

  public String file() {
    return file;
  }

  public String where() {
    return where;
  }
}
