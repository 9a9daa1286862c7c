package jp.oqsgateway.gateway.http;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A build step (gateway/pom.xml, phase {@code process-classes}): writes the router's copy of the
 * API contract ({@link ApiContract#forRouter}) as JSON beside the YAML document in the build's
 * classes, so that a start reads JSON instead of parsing the YAML. SnakeYAML on the 137 KB document
 * cost each start about 0.8 s of CPU on a thread of its own, on a machine whose two cores the rest
 * of the start keeps busy (docs/PERFORMANCE.md, "Ready on a warm start").
 */
public final class RouterCopyWriter {
  private RouterCopyWriter() {}

  /**
   * @param args the build's classes folder
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: RouterCopyWriter CLASSES_DIR");
    }
    Path classes = Path.of(args[0]);
    Buffer document = Buffer.buffer(Files.readAllBytes(classes.resolve(ApiVerticle.CONTRACT)));
    Files.writeString(
        classes.resolve(ApiContract.routerCopyOf(ApiVerticle.CONTRACT)),
        ApiContract.forRouter(document).encode(),
        StandardCharsets.UTF_8);
  }
}
