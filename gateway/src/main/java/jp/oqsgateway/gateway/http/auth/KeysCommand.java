package jp.oqsgateway.gateway.http.auth;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.RetiredKey;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.Rotation;
import jp.oqsgateway.gateway.http.auth.KeyDirectory.SigningKey;
import jp.oqsgateway.settings.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops/oqsgw keys rotate}: replaces the gateway's token signing key with a new pair; the
 * old public key stays trusted, as a retired key, until every token it signed can have expired
 * ({@link AuthConfig#retiredKeyTrust()}). {@code ./ops/oqsgw keys list}: the signing key and the
 * retired keys with their dates. Run as the gateway's user with its configuration; a running
 * gateway signs and verifies with the new key after its restart. Nothing secret is printed. Exit
 * codes: 0 done, 1 the keys could not be used, 2 usage error.
 */
@Command(
    name = "keys",
    description = "rotate and list the token signing keys",
    customSynopsis = {"oqsgw keys rotate", "       oqsgw keys list"})
public final class KeysCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  private final Supplier<AuthConfig> config;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param config the gateway's {@code auth.*} configuration: the keys folder, the algorithm, the
   *     lifetimes
   */
  public KeysCommand(Supplier<AuthConfig> config, PrintStream out, PrintStream err) {
    this.config = config;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "needs a command: rotate or list");
  }

  @Command(
      name = "rotate",
      description =
          "make a new signing key; the old one verifies its tokens until they can have expired")
  int rotate() {
    AuthConfig auth = config.get();
    try {
      Rotation done = new KeyDirectory(auth.keysDir()).rotate(auth.algorithm());
      Instant trustedUntil = done.at().plus(auth.retiredKeyTrust());
      out.println(
          "keys: "
              + done.algorithm()
              + " kid "
              + done.nextKeyId()
              + " signs new tokens from the gateway's next restart; kid "
              + done.previousKeyId()
              + " verifies the tokens it signed until "
              + trustedUntil);
      err.println(
          "keys: restart the gateway now (systemctl restart oqs-gateway), then mint new tokens"
              + " as the old ones come up for renewal");
      return Cli.OK;
    } catch (ConfigException e) {
      err.println("keys: " + e.getMessage());
      return Cli.FAILED;
    }
  }

  @Command(name = "list", description = "the signing key and the retired keys, with their dates")
  int list() {
    AuthConfig auth = config.get();
    try {
      KeyDirectory keys = new KeyDirectory(auth.keysDir());
      SigningKey signing = keys.loadOrCreate(auth.algorithm());
      out.println(
          "signing  "
              + signing.algorithm()
              + " kid "
              + signing.keyId()
              + " created "
              + signing.created()
              + ", rotate by "
              + signing.created().plus(auth.signingKeyLifetime()));
      Instant now = Instant.now();
      for (RetiredKey retired : keys.retiredKeys()) {
        Instant until = retired.retired().plus(auth.retiredKeyTrust());
        out.println(
            "retired  "
                + retired.key().algorithm()
                + " kid "
                + retired.key().keyId()
                + " retired "
                + retired.retired()
                + (until.isAfter(now) ? ", trusted until " : ", no longer trusted since ")
                + until);
      }
      return Cli.OK;
    } catch (ConfigException e) {
      err.println("keys: " + e.getMessage());
      return Cli.FAILED;
    }
  }
}
