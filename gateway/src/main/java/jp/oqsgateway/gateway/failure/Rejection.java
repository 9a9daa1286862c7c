package jp.oqsgateway.gateway.failure;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Why the domain will not do what was asked: a kind, a stable slug, the field at fault and a detail
 * naming the rule. Domain code returns it as a failed future (or throws it); it knows no HTTP. The
 * one mapper in {@code http} ({@code RejectionProblems}) turns every rejection into the problem
 * document and the status of the map in docs/ARCHITECTURE.md ("One way to fail"). Texts and extra
 * members carry ids only, never patient data.
 */
public final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, from the caller's point of view. */
  public enum Kind {
    /** The request itself is wrong (a field breaks a rule). */
    INVALID,
    /** The caller is known but may not reach what the request names (e.g. another desk). */
    FORBIDDEN,
    /** What the request names does not exist. */
    NOT_FOUND,
    /** The request contradicts the current state (already done, not allowed now). */
    CONFLICT,
    /** OQS or the terminal refused or answered something unreadable. */
    OQS_ERROR,
    /** A part the answer needs is down or overloaded; try again later. */
    UNAVAILABLE,
    /** OQS did not answer in time. */
    OQS_TIMEOUT
  }

  private final Kind kind;
  private final String slug;
  private final String title;
  private final String field;
  private final transient Map<String, Object> extra;
  private final transient Duration retryAfter;

  private Rejection(
      Kind kind,
      String slug,
      String title,
      String detail,
      String field,
      Map<String, ?> extra,
      Duration retryAfter) {
    super(detail, null, false, false);
    this.kind = kind;
    this.slug = slug;
    this.title = title;
    this.field = field;
    // In the order given: the problem document lists them so.
    this.extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    this.retryAfter = retryAfter;
  }

  /** Why nothing can be sent to the terminal while {@code oqs.institution-code} is not set. */
  public static final String NO_INSTITUTION_CODE =
      "oqs.institution-code is not set: the gateway cannot address the terminal";

  /** {@link Kind#UNAVAILABLE} {@code not-configured}: {@link #NO_INSTITUTION_CODE}. */
  public static Rejection noInstitutionCode(String title) {
    return of(Kind.UNAVAILABLE, "not-configured", title, NO_INSTITUTION_CODE);
  }

  /** A rejection without a field. */
  public static Rejection of(Kind kind, String slug, String title, String detail) {
    return new Rejection(kind, slug, title, detail, null, Map.of(), null);
  }

  /** {@link Kind#INVALID}: {@code field} breaks {@code rule} (the detail names both). */
  public static Rejection invalid(String field, String rule) {
    return new Rejection(
        Kind.INVALID,
        "invalid-field",
        "Invalid request",
        field + ": " + rule,
        field,
        Map.of(),
        null);
  }

  /** {@link Kind#NOT_FOUND}: nothing is known under {@code field}. */
  public static Rejection notFound(String field, String detail) {
    return new Rejection(Kind.NOT_FOUND, "not-found", "Not found", detail, field, Map.of(), null);
  }

  /** {@link Kind#CONFLICT}: the state forbids it. */
  public static Rejection conflict(String slug, String title, String detail) {
    return of(Kind.CONFLICT, slug, title, detail);
  }

  /** The same rejection, naming the field at fault. */
  public Rejection onField(String field) {
    return new Rejection(kind, slug, title, getMessage(), field, extra, retryAfter);
  }

  /** The same rejection with further members for the problem document (ids, never patient data). */
  public Rejection with(Map<String, ?> extra) {
    return new Rejection(kind, slug, title, getMessage(), field, extra, retryAfter);
  }

  /**
   * The same rejection with one more member for the problem document, after those it has: a string,
   * number, boolean or JSON value (ids and codes, never patient data).
   */
  public Rejection with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(name, value);
    return new Rejection(kind, slug, title, getMessage(), field, more, retryAfter);
  }

  /** The same rejection, telling the caller when to try again. */
  public Rejection retryAfter(Duration after) {
    return new Rejection(kind, slug, title, getMessage(), field, extra, after);
  }

  public Kind kind() {
    return kind;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  /** The field at fault, or null. */
  public String field() {
    return field;
  }

  public Map<String, Object> extra() {
    return extra;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
