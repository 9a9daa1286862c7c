package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.sql.RowIds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops/oqsgw eligibility}: may a re-inquiry be sent for this visit, and why — the support
 * question answered without a database, by exactly the rule the gateway applies ({@link
 * ReinquiryRules#forVisit}, with the rules of the configuration in force). Prints one JSON line:
 * {@code eligible}, {@code windowEnd}, {@code reason}, a Japanese {@code message}, and {@code
 * missingClaimMonth} when a month's claim is what is missing. docs/HOME-VISIT.md explains the rule.
 */
@Command(name = "eligibility", description = "may a home visit's re-inquiry (再照会) be sent that day")
public final class EligibilityCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--care",
      required = true,
      paramLabel = "CARE",
      description =
          "訪問診療, 歯科訪問診療, 訪問看護, 訪問薬剤管理指導, 訪問リハビリテーション, 訪問栄養食事指導, 訪問歯科衛生指導,"
              + " 往診 or オンライン診療 (or the API's care form, e.g. medical)")
  String care;

  @Option(
      names = "--first-visit",
      required = true,
      paramLabel = "yyyy-MM-dd",
      description = "the first visit: the card-based confirmation at the patient's home")
  String firstVisit;

  @Option(
      names = "--on",
      required = true,
      paramLabel = "yyyy-MM-dd",
      description = "the day of the visit the re-inquiry would be for")
  String on;

  @Option(
      names = "--visits",
      split = ",",
      paramLabel = "yyyy-MM",
      description = "the months in which care was given and claimed (comma-separated)")
  String[] visits = {};

  @Option(
      names = "--withdrawn",
      paramLabel = "yyyy-MM-dd",
      description =
          "the day consent was withdrawn or the care ended: no re-inquiry from that day on")
  String withdrawn;

  private final Supplier<ReinquiryRules> rules;
  private final PrintStream out;

  public EligibilityCommand(Supplier<ReinquiryRules> rules, PrintStream out) {
    this.rules = rules;
    this.out = out;
  }

  @Override
  public Integer call() {
    VisitKind.Named visit =
        VisitKind.named(care)
            .orElseThrow(
                () ->
                    usage(
                        "--care: one of 訪問診療, 歯科訪問診療, 訪問看護, 訪問薬剤管理指導, 訪問リハビリテーション,"
                            + " 訪問栄養食事指導, 訪問歯科衛生指導, 往診, オンライン診療, got "
                            + Cli.quoted(care)));
    LocalDate first = day("--first-visit", firstVisit);
    LocalDate day = day("--on", on);
    TreeSet<YearMonth> claimed = new TreeSet<>();
    for (String v : visits) {
      try {
        claimed.add(YearMonth.parse(v.strip()));
      } catch (DateTimeParseException e) {
        throw usage("--visits: months as yyyy-MM, comma-separated, got " + Cli.quoted(v));
      }
    }
    // Withdrawn on a day: consent-withdrawn from that day, as a withdrawal recorded in the gateway.
    Optional<ConsentWithdrawal> withdrawal =
        Optional.ofNullable(withdrawn)
            .map(
                w ->
                    new ConsentWithdrawal(
                        day("--withdrawn", w), ConsentWithdrawal.By.PATIENT, Optional.empty()));
    Relationship relationship =
        new Relationship(
            RowIds.next(),
            "eligibility-command",
            visit.careForm(),
            first,
            Instant.now(),
            "eligibility-command",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            claimed,
            withdrawal);
    Eligibility e = rules.get().forVisit(visit.kind(), relationship, day);
    JsonObject line = e.toJson().put("care", care).put("on", day.toString());
    out.println(line.encode());
    out.flush();
    return Cli.OK;
  }

  private LocalDate day(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw usage(option + ": a date as yyyy-MM-dd, got " + Cli.quoted(value));
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
