package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.consented.ConsentedForm;
import jp.oqsgateway.gateway.consented.ConsentedQuery;
import jp.oqsgateway.gateway.consented.ConsentedRetrievals;
import jp.oqsgateway.gateway.jobs.ItemDraft;
import jp.oqsgateway.gateway.jobs.ItemOutcome;
import jp.oqsgateway.gateway.jobs.JobItem;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.jobs.PlanContext;
import jp.oqsgateway.gateway.jobs.Processed;
import jp.oqsgateway.gateway.oqs.bulk.BulkFailure;
import jp.oqsgateway.gateway.oqs.bulk.BulkOutcome;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * The {@code consented-import} job (docs/HOME-VISIT.md, "The import job"): one item per care form,
 * each a consented-qualification retrieval whose units are imported ({@link ConsentedImports}).
 *
 * <p>Exactly once: the item's transaction records the retrieval ({@code consented_retrieval}); each
 * phase's exchange is written to that record before it is followed, so {@link #resume} takes up the
 * download or the upload already made. Only a crash after the upload was handed to the link and
 * before its exchange was recorded sends a new upload: a read, which changes nothing at OQS. The
 * import itself is idempotent (each unit once, by its fingerprint).
 */
public final class ConsentedImportJob implements JobKind {
  public static final String NAME = "consented-import";
  static final String IMPORTED = "imported";
  static final String FAILED = "failed";

  private final ConsentedRetrievals retrievals;
  private final ConsentedImports imports;
  private final ConsentedRetrievalRecords records;
  private final List<ConsentedForm> scheduledForms;

  public ConsentedImportJob(
      Pool pool,
      ConsentedRetrievals retrievals,
      ConsentedImports imports,
      List<ConsentedForm> scheduledForms) {
    this.retrievals = retrievals;
    this.imports = imports;
    this.records = new ConsentedRetrievalRecords(pool);
    this.scheduledForms = List.copyOf(scheduledForms);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> outcomes() {
    return Set.of(IMPORTED, FAILED);
  }

  @Override
  public JsonObject validate(JsonObject params) {
    return ConsentedImportParams.validate(params, retrievals, scheduledForms);
  }

  @Override
  public Future<List<ItemDraft>> plan(JsonObject params, PlanContext context) {
    return Future.succeededFuture(
        params.getJsonArray("queries").stream()
            .map(JsonObject.class::cast)
            .map(q -> new ItemDraft(q.getString("form"), q))
            .toList());
  }

  @Override
  public Future<Processed> process(JobItem item, SqlConnection tx) {
    ConsentedQuery q = ConsentedImportParams.query(item.payload());
    UUID id = RowIds.next();
    return records
        .create(tx, id, item.jobId(), q)
        .map(
            v ->
                Processed.dispatched(
                    id, () -> retrievals.fetch(q, records.recorder(id)).compose(this::imported)));
  }

  @Override
  public Future<ItemOutcome> resume(JobItem item) {
    UUID id = item.reference().orElseThrow();
    return records
        .find(id)
        .compose(
            found -> {
              ConsentedRetrievalRecords.Recorded r =
                  found.orElseThrow(() -> new IllegalStateException("no consented retrieval"));
              ConsentedForm form = r.query().form();
              Future<BulkOutcome<BulkResult>> fetched =
                  r.download()
                      .map(dl -> retrievals.followDownload(form, dl))
                      .or(
                          () ->
                              r.upload()
                                  .map(
                                      up ->
                                          retrievals.followUpload(form, up, records.recorder(id))))
                      // nothing recorded: nothing was sent, or an upload whose record a crash
                      // lost; asking again is a read
                      .orElseGet(() -> retrievals.fetch(r.query(), records.recorder(id)));
              return fetched.compose(this::imported);
            });
  }

  private Future<ItemOutcome> imported(BulkOutcome<BulkResult> outcome) {
    if (outcome instanceof BulkOutcome.Answered<BulkResult> a) {
      return imports.importResult(a.result()).map(s -> ItemOutcome.done(IMPORTED, counts(s)));
    }
    BulkFailure f = ((BulkOutcome.Failed<BulkResult>) outcome).failure();
    if (f.reason() == BulkFailure.Reason.STOPPED) {
      // the gateway is stopping: the item stays in flight and the next start resumes it
      return Promise.<ItemOutcome>promise().future();
    }
    return Future.succeededFuture(ItemOutcome.failed(FAILED, failureDetail(f)));
  }

  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_-]{1,20}");

  /**
   * A failed item's detail: the phase, the reason, how the exchange ended and OQS's ErrorCode, e.g.
   * {@code upload unanswered (failed)} or {@code download refused-by-oqs EQ0001}. Never the
   * failure's text: it carries the terminal's {@code .err} text, OQS's ErrorMessage or why a result
   * could not be read, any of which may name a patient, and job items are the ops role's (JOBS.md:
   * no patient data). That text stays on the exchange ({@code oqs_exchange.error}).
   */
  static String failureDetail(BulkFailure f) {
    return f.phase().name().toLowerCase(Locale.ROOT)
        + " "
        + slug(f.reason().name())
        + f.outcome().map(o -> " (" + slug(o.state().name()) + ")").orElse("")
        + f.errorCode()
            .map(c -> ERROR_CODE.matcher(c).matches() ? " " + c : " (ErrorCode not shown)")
            .orElse("");
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The summary in words: counts only, no patient data. */
  static String counts(ConsentedImportSummary s) {
    StringBuilder b =
        new StringBuilder()
            .append("linked ")
            .append(s.linked())
            .append(", opened ")
            .append(s.opened())
            .append(", refreshed ")
            .append(s.refreshed())
            .append(", queued ")
            .append(s.queued())
            .append(", skipped ")
            .append(s.skipped().values().stream().mapToInt(Integer::intValue).sum());
    s.skipped()
        .forEach((reason, n) -> b.append(" (").append(reason).append(' ').append(n).append(')'));
    return b.toString();
  }
}
