package jp.oqsgateway.gateway.http.auth;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.oqsgateway.settings.ConfigException;

/**
 * {@code ./ops/oqsgw token --role chart --subject karte-01 --ttl 30d}: mints a token with the
 * gateway's own signing key (the same {@code auth.*} configuration as the server), prints it alone
 * on stdout so it can be piped into the chart system's settings, and one summary line on stderr.
 */
public final class TokenCommand {
  public static final String USAGE =
      "usage: oqsgw token --role ROLE [--role ROLE ...] --subject NAME [--ttl 30d] [--desk ID ...]\n"
          + "       oqsgw token revoke --jti ID | --subject NAME [--reason TEXT]\n"
          + "       oqsgw token revocations\n"
          + "  --role     chart, reception, clinician, ops, agent or admin (repeat, or comma-separate)\n"
          + "  --subject  the system or account the token is for, e.g. karte-01\n"
          + "  --ttl      lifetime: 30d, 12h, 90m (default 30d or the roles' maximum if shorter;\n"
          + "             at most auth.max-lifetime.<role>: admin 1d, ops 30d, others 365d)\n"
          + "  --desk     agent tokens only, required: a desk the agent reports for (repeat)";

  static final Duration DEFAULT_TTL = Duration.ofDays(30);
  private static final Pattern TTL = Pattern.compile("(\\d{1,7})([dhm])");

  /** Exit codes: 0 printed, 1 the keys could not be used, 2 bad usage. */
  public static final int OK = 0;

  public static final int FAILED = 1;
  public static final int USAGE_ERROR = 2;

  private TokenCommand() {}

  /**
   * Runs the command.
   *
   * @param args the words after {@code token} (a leading {@code token} is skipped)
   * @param config the gateway's {@code auth.*} configuration, so the token is signed with the key
   *     the server verifies with
   * @return the exit code
   */
  public static int run(String[] args, AuthConfig config, PrintStream out, PrintStream err) {
    Request request;
    try {
      request = parse(args);
    } catch (UsageException e) {
      err.println("token: " + e.getMessage());
      err.println(USAGE);
      return USAGE_ERROR;
    }
    if (request == null) {
      out.println(USAGE);
      return OK;
    }
    Duration ttl =
        request.ttl != null
            ? request.ttl
            : min(DEFAULT_TTL, config.lifetimes().forRoles(request.roles));
    try {
      TokenIssuer.check(config.lifetimes(), request.roles, ttl, request.desks);
    } catch (IllegalArgumentException e) {
      err.println("token: " + e.getMessage());
      err.println(USAGE);
      return USAGE_ERROR;
    }
    Vertx vertx = Vertx.vertx();
    try {
      MintedToken minted =
          TokenIssuer.create(vertx, config)
              .mint(request.subject, request.roles, ttl, request.desks);
      out.println(minted.token());
      err.println(summary(minted, TokenLifetimes.text(ttl), config));
      return OK;
    } catch (ConfigException e) {
      err.println("token: " + e.getMessage());
      return FAILED;
    } finally {
      vertx.close().await();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** {@code ttl} null: the default. */
  private record Request(String subject, Set<Role> roles, Duration ttl, Set<String> desks) {}

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  /** The request, or null when help was asked for. */
  private static Request parse(String[] args) throws UsageException {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Set<String> desks = new TreeSet<>();
    String subject = null;
    String ttlText = null;
    int i = args.length > 0 && args[0].equals("token") ? 1 : 0;
    while (i < args.length) {
      String arg = args[i++];
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--role")
          && !name.equals("--subject")
          && !name.equals("--ttl")
          && !name.equals("--desk")) {
        throw new UsageException("unknown argument " + quoted(arg));
      }
      if (value == null) {
        if (i >= args.length || args[i].startsWith("--")) {
          throw new UsageException(name + " needs a value");
        }
        value = args[i++];
      }
      switch (name) {
        case "--role" -> {
          for (String part : value.split(",")) {
            String roleName = part.strip().toLowerCase(Locale.ROOT);
            roles.add(
                Role.fromClaim(roleName)
                    .orElseThrow(
                        () ->
                            new UsageException(
                                "--role "
                                    + quoted(part.strip())
                                    + " is not one of chart, reception, clinician, ops, agent, admin")));
          }
        }
        case "--subject" -> {
          if (subject != null) {
            throw new UsageException("--subject given twice");
          }
          if (!TokenIssuer.SUBJECT.matcher(value).matches()) {
            throw new UsageException(
                "--subject must be 1 to 128 letters, digits or . _ - @ : characters");
          }
          subject = value;
        }
        case "--desk" -> {
          for (String part : value.split(",")) {
            if (!part.strip().matches(TokenIssuer.DESK_PATTERN)) {
              throw new UsageException(
                  "--desk must be 1 to 40 letters, digits or . _ - characters, got "
                      + quoted(part.strip()));
            }
            desks.add(part.strip());
          }
        }
        default -> {
          if (ttlText != null) {
            throw new UsageException("--ttl given twice");
          }
          ttlText = value;
        }
      }
    }
    if (roles.isEmpty()) {
      throw new UsageException("--role is required");
    }
    if (subject == null) {
      throw new UsageException("--subject is required");
    }
    return new Request(subject, roles, ttlText == null ? null : ttl(ttlText), desks);
  }

  private static Duration ttl(String text) throws UsageException {
    Matcher m = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UsageException(
          "--ttl must be a number with d, h or m, e.g. 30d, got " + quoted(text));
    }
    long n = Long.parseLong(m.group(1));
    Duration ttl =
        switch (m.group(2)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
    if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new UsageException("--ttl must be at least 1m, got " + text);
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

  /** Echoes user input safely: short, printable. */
  private static String quoted(String s) {
    String printable = s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f) ? s : "?";
    return "'" + (printable.length() > 40 ? printable.substring(0, 40) + "…" : printable) + "'";
  }
}
