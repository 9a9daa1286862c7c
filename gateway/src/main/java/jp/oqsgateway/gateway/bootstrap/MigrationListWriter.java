package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A build step (gateway/pom.xml, phase {@code process-classes}): writes the names of the shipped
 * migration scripts, one a line, to {@link MigrationsInForce#LIST} in the build's classes, so that
 * a start finds them without listing the jar: reopening the 47 MB jar and walking its 22,000
 * entries took the database's start some 40 ms. The scripts themselves are still read and their
 * checksums computed at each start.
 */
public final class MigrationListWriter {
  private MigrationListWriter() {}

  /**
   * @param args the build's classes folder
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: MigrationListWriter CLASSES_DIR");
    }
    Path classes = Path.of(args[0]);
    try (Stream<Path> scripts = Files.list(classes.resolve(MigrationsInForce.LOCATION))) {
      Files.write(
          classes.resolve(MigrationsInForce.LIST),
          scripts
              .filter(Files::isRegularFile)
              .map(p -> p.getFileName().toString())
              .sorted()
              .toList(),
          StandardCharsets.UTF_8);
    }
  }
}
