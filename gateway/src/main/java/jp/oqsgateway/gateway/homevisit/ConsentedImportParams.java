package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import jp.oqsgateway.gateway.consented.ConsentedForm;
import jp.oqsgateway.gateway.consented.ConsentedQuery;
import jp.oqsgateway.gateway.consented.ConsentedQuery.SearchBy;
import jp.oqsgateway.gateway.consented.ConsentedRetrievals;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * The params of a {@code consented-import} job (docs/HOME-VISIT.md, "The import job"): {@code
 * {form?, from?, to?, by?, month?}} read into the retrievals to make, defaults from {@link
 * ConsentedRetrievals#defaultQuery}. Without a form (a scheduled run) every scheduled form is
 * retrieved over its default range; a range needs a form. The validated params list the queries
 * ({@code queries: [{form, by, from, to}]}): dates only.
 */
final class ConsentedImportParams {
  private static final Set<String> KNOWN = Set.of("form", "from", "to", "by", "month");

  private ConsentedImportParams() {}

  /**
   * The form a param or setting names ({@code home-visit}, {@code online}, {@code medical-aid}).
   */
  static Optional<ConsentedForm> form(String wire) {
    for (ConsentedForm f : ConsentedForm.values()) {
      if (wire(f).equals(wire)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  static String wire(ConsentedForm f) {
    return f.name().toLowerCase().replace('_', '-');
  }

  /** The search a stored {@link #wire(SearchBy)} names. */
  static SearchBy by(String wire) {
    return SearchBy.valueOf(wire.toUpperCase().replace('-', '_'));
  }

  static String wire(SearchBy by) {
    return by.name().toLowerCase().replace('_', '-');
  }

  /**
   * The params as the job uses them.
   *
   * @throws Rejection naming {@code params.x} and the rule
   */
  static JsonObject validate(
      JsonObject params, ConsentedRetrievals retrievals, List<ConsentedForm> scheduled) {
    for (String key : params.fieldNames()) {
      if (!KNOWN.contains(key)) {
        throw Rejection.invalid("params." + key, "is not a param of consented-import");
      }
    }
    Optional<String> formName = text(params, "form");
    if (formName.isEmpty()) {
      for (String key : List.of("from", "to", "by", "month")) {
        if (params.containsKey(key)) {
          throw Rejection.invalid("params.form", "is required with params." + key);
        }
      }
      JsonArray queries = new JsonArray();
      scheduled.forEach(f -> queries.add(json(checked(retrievals.defaultQuery(f), retrievals))));
      return new JsonObject().put("queries", queries);
    }
    ConsentedForm form =
        form(formName.get())
            .orElseThrow(
                () ->
                    Rejection.invalid("params.form", "must be home-visit, online or medical-aid"));
    ConsentedQuery defaults = retrievals.defaultQuery(form);
    ConsentedQuery q;
    if (form == ConsentedForm.MEDICAL_AID) {
      for (String key : List.of("from", "to", "by")) {
        if (params.containsKey(key)) {
          throw Rejection.invalid("params." + key, "medical-aid is asked by month (yyyy-MM)");
        }
      }
      q = ConsentedQuery.medicalAid(parsed(params, "month", YearMonth::parse, defaults.month()));
    } else {
      if (params.containsKey("month")) {
        throw Rejection.invalid("params.month", "only medical-aid is asked by month");
      }
      SearchBy by =
          text(params, "by")
              .map(
                  b ->
                      switch (b) {
                        case "consent-date" -> SearchBy.CONSENT_DATE;
                        case "examination-date" -> SearchBy.EXAMINATION_DATE;
                        default ->
                            throw Rejection.invalid(
                                "params.by", "must be consent-date or examination-date");
                      })
              .orElse(SearchBy.CONSENT_DATE);
      q =
          new ConsentedQuery(
              form,
              by,
              parsed(params, "from", LocalDate::parse, defaults.from()),
              parsed(params, "to", LocalDate::parse, defaults.to()));
    }
    return new JsonObject()
        .put("form", formName.get())
        .put("queries", new JsonArray().add(json(checked(q, retrievals))));
  }

  /** The query of one validated entry of {@code queries}. */
  static ConsentedQuery query(JsonObject json) {
    ConsentedForm form = form(json.getString("form")).orElseThrow();
    return new ConsentedQuery(
        form,
        by(json.getString("by")),
        LocalDate.parse(json.getString("from")),
        LocalDate.parse(json.getString("to")));
  }

  static JsonObject json(ConsentedQuery q) {
    return new JsonObject()
        .put("form", wire(q.form()))
        .put("by", wire(q.by()))
        .put("from", q.from().toString())
        .put("to", q.to().toString());
  }

  /**
   * The query, unless it breaks a rule of a field; a gateway that cannot retrieve at all (no
   * institution code) plans the job and its items fail, so a scheduled run shows it in its record.
   */
  private static ConsentedQuery checked(ConsentedQuery q, ConsentedRetrievals retrievals) {
    retrievals
        .validate(q)
        .filter(r -> r.field() != null)
        .ifPresent(
            r -> {
              throw r.onField("params." + r.field());
            });
    return q;
  }

  private static Optional<String> text(JsonObject params, String key) {
    Object v = params.getValue(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw Rejection.invalid("params." + key, "must be a string");
    }
    return Optional.of(s);
  }

  private static <T> T parsed(
      JsonObject params, String key, Function<String, T> parse, T otherwise) {
    Optional<String> raw = text(params, key);
    if (raw.isEmpty()) {
      return otherwise;
    }
    try {
      return parse.apply(raw.get());
    } catch (DateTimeParseException e) {
      throw Rejection.invalid(
          "params." + key, key.equals("month") ? "must be yyyy-MM" : "must be yyyy-MM-dd");
    }
  }
}
