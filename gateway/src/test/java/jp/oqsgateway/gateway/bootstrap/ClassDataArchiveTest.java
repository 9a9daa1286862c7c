package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive the launcher ({@code ops/systemd/java-cds}) asks for: written by the JVM
 * that recorded what a dump needs, whole or not at all, and mapped by the next JVM. The JVMs here
 * run from jars only, as the gateway does (the JVM maps no archive beside a class folder).
 */
class ClassDataArchiveTest {
  @TempDir Path dir;

  @Test
  void askedForByARecordingJvmTheArchiveIsWrittenWholeAndTheNextJvmMapsIt() throws Exception {
    Path archive = dir.resolve("gateway-1.jsa");
    String classPath = jarredClassPath();

    String written =
        java(
            classPath,
            "-XX:+RecordDynamicDumpInfo",
            "-Xlog:cds=error",
            "-Xlog:cds+dynamic=error",
            "-D" + ClassDataArchive.PROPERTY + "=" + archive,
            WritesTheArchive.class.getName());

    assertThat(archive).as(written).isRegularFile();
    assertThat(files())
        .as("no partial file left")
        .containsExactlyInAnyOrder("classes.jar", "gateway-1.jsa");
    // -Xshare:on: the JVM refuses to start unless it maps the archive.
    java(classPath, "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-version");
  }

  @Test
  void aJvmThatRecordedNothingWritesNoArchiveAndGoesOn() throws IOException {
    Path archive = dir.resolve("gateway-2.jsa");
    System.setProperty(ClassDataArchive.PROPERTY, archive.toString());
    try {
      ClassDataArchive.writeIfAsked();
    } finally {
      System.clearProperty(ClassDataArchive.PROPERTY);
    }

    assertThat(files()).isEmpty();
  }

  @Test
  void withoutTheLaunchersPropertyNothingIsAsked() {
    assertThat(ClassDataArchive.asked()).isEmpty();
  }

  /** What a stopping gateway does, in a JVM of its own. */
  static final class WritesTheArchive {
    public static void main(String[] args) {
      ClassDataArchive.writeIfAsked();
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** The two classes the child runs, in a jar, and the test's own jars (SLF4J, Logback). */
  private String jarredClassPath() throws IOException {
    Path jar = dir.resolve("classes.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> c : List.of(ClassDataArchive.class, WritesTheArchive.class)) {
        String entry = c.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    List<String> path = new ArrayList<>(List.of(jar.toString()));
    Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.endsWith(".jar"))
        .forEach(path::add);
    return String.join(File.pathSeparator, path);
  }

  private static String java(String classPath, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
