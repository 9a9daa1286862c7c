package jp.oqsgateway.gateway.http.auth;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.settings.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops/oqsgw token --role chart --subject karte-01 --ttl 30d}: mints a token with the
 * gateway's own signing key (the same {@code auth.*} configuration as the server), prints it alone
 * on stdout so it can be piped into the chart system's settings, and one summary line on stderr.
 * Exit codes: 0 printed, 1 the keys could not be used, 2 usage error.
 */
@Command(
    name = "token",
    description = "mint, revoke and list API tokens",
    customSynopsis = {
      "oqsgw token --role ROLE... --subject NAME [--ttl 30d] [--desk ID...]",
      "       oqsgw token revoke --jti ID | --subject NAME [--reason TEXT]",
      "       oqsgw token revocations"
    })
public final class TokenCommand implements Callable<Integer> {
  static final Duration DEFAULT_TTL = Duration.ofDays(30);
  private static final Pattern TTL = Pattern.compile("(\\d{1,7})([dhm])");

  @Spec private CommandSpec spec;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      description = "chart, reception, clinician, ops, agent or admin (repeat, or comma-separate)")
  private List<String> roleNames = new ArrayList<>();

  @Option(
      names = "--subject",
      paramLabel = "NAME",
      description = "the system or account the token is for, e.g. karte-01")
  private String subject;

  @Option(
      names = "--ttl",
      paramLabel = "TTL",
      description =
          "lifetime: 30d, 12h, 90m; default 30d or the roles' maximum if shorter, at most"
              + " auth.max-lifetime.<role> (admin 1d, ops 30d, others 365d)")
  private String ttlText;

  @Option(
      names = "--desk",
      paramLabel = "ID",
      description =
          "agent tokens (required): a desk the agent reports for; reception tokens: a desk the"
              + " token is limited to (repeat)")
  private List<String> deskNames = new ArrayList<>();

  private final Supplier<AuthConfig> config;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param config the gateway's {@code auth.*} configuration, so the token is signed with the key
   *     the server verifies with
   */
  public TokenCommand(Supplier<AuthConfig> config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (roleNames.isEmpty()) {
      throw usage("--role is required");
    }
    if (subject == null) {
      throw usage("--subject is required");
    }
    if (!TokenIssuer.SUBJECT.matcher(subject).matches()) {
      throw usage("--subject must be 1 to 128 letters, digits or . _ - @ : characters");
    }
    Set<Role> roles = roles();
    Set<String> desks = desks();
    AuthConfig auth = config.get();
    Duration ttl =
        ttlText != null ? ttl(ttlText) : min(DEFAULT_TTL, auth.lifetimes().forRoles(roles));
    try {
      TokenIssuer.check(auth.lifetimes(), roles, ttl, desks);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    try {
      TokenIssuer issuer = TokenIssuer.create(vertx, auth);
      MintedToken minted = issuer.mint(subject, roles, ttl, desks);
      out.println(minted.token());
      err.println(summary(minted, TokenLifetimes.text(ttl), auth));
      if (issuer.keyDue().isBefore(minted.issuedAt())) {
        err.println(
            "token: note: the signing key is past auth.signing-key-lifetime (due "
                + issuer.keyDue()
                + "): replace it with oqsgw keys rotate");
      }
      return Cli.OK;
    } catch (ConfigException e) {
      err.println("token: " + e.getMessage());
      return Cli.FAILED;
    } finally {
      vertx.close().await();
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private Set<Role> roles() {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String value : roleNames) {
      for (String part : value.split(",")) {
        roles.add(
            Role.fromClaim(part.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(
                    () ->
                        usage(
                            "--role "
                                + Cli.quoted(part.strip())
                                + " is not one of chart, reception, clinician, ops, agent, admin")));
      }
    }
    return roles;
  }

  private Set<String> desks() {
    Set<String> desks = new TreeSet<>();
    for (String value : deskNames) {
      for (String part : value.split(",")) {
        if (!part.strip().matches(TokenIssuer.DESK_PATTERN)) {
          throw usage(
              "--desk must be 1 to 40 letters, digits or . _ - characters, got "
                  + Cli.quoted(part.strip()));
        }
        desks.add(part.strip());
      }
    }
    return desks;
  }

  private Duration ttl(String text) {
    Matcher m = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw usage("--ttl must be a number with d, h or m, e.g. 30d, got " + Cli.quoted(text));
    }
    long n = Long.parseLong(m.group(1));
    Duration ttl =
        switch (m.group(2)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
    if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
      throw usage("--ttl must be at least 1m, got " + text);
    }
    return ttl;
  }

  private static String summary(MintedToken minted, String ttlText, AuthConfig config) {
    StringBuilder roles = new StringBuilder();
    minted
        .roles()
        .forEach(r -> roles.append(roles.length() == 0 ? "" : ",").append(r.claimValue()));
    return "token for "
        + minted.subject()
        + " (roles "
        + roles
        + ") valid "
        + ttlText
        + " until "
        + minted.expiresAt()
        + ", jti "
        + minted.id()
        + ", kid "
        + minted.keyId()
        + (minted.desks().isEmpty() ? "" : ", desks " + String.join(",", minted.desks()))
        + (config.enabled() ? "" : "; note: auth.enabled is false, the API does not check tokens");
  }
}
