package jp.oqsgateway.gateway.patients;

import java.util.Map;

/**
 * Why a request about patients cannot be served: becomes a problem document. Texts and extra
 * members carry ids only, never patient data.
 *
 * @param extra further members of the problem document (ids)
 */
public final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;
  private final String field;
  private final transient Map<String, String> extra;

  public Refusal(int status, String slug, String title, String detail, String field) {
    this(status, slug, title, detail, field, Map.of());
  }

  public Refusal(
      int status,
      String slug,
      String title,
      String detail,
      String field,
      Map<String, String> extra) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.field = field;
    this.extra = Map.copyOf(extra);
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String field() {
    return field;
  }

  public Map<String, String> extra() {
    return extra;
  }

  static Refusal noCheck() {
    return new Refusal(404, "not-found", "Not found", "no check with this id", "checkId");
  }

  static Refusal noQualification() {
    return new Refusal(
        404,
        "no-qualification",
        "No qualification",
        "no answered qualification check for this chart patient",
        "chartPatientId");
  }
}
