package jp.oqsgateway.gateway.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/OPERATIONS.md stays in step with what it describes: every {@code oqsgw} command in its code
 * blocks (the vendor's walkthrough above all) names sub-commands and options the command line has,
 * every link leads to a file and a heading that exist, and the walkthrough quotes the shipped unit
 * and the package's Java dependency as they are.
 */
class OperationsWalkthroughTest {
  private static final Path REPO =
      Path.of(System.getProperty("oqsgw.repoRoot", "..")).toAbsolutePath().normalize();
  private static final Path DOCS = REPO.resolve("docs");
  private static final Path OPERATIONS = DOCS.resolve("OPERATIONS.md");
  private static final String WALKTHROUGH =
      "## From a blank Debian 12 machine to a running appliance";

  private static final Pattern FENCE = Pattern.compile("^\\s*```");

  /** A command substitution that holds no oqsgw command, e.g. {@code $(date +%F)}. */
  private static final Pattern OTHER_SUBSTITUTION =
      Pattern.compile("\\$+\\((?![^()]*\\boqsgw\\s)[^()]*\\)");

  /**
   * {@code oqsgw ARGS} or {@code ./ops/oqsgw ARGS} where the shell expects a command (a line's
   * start, after {@code ;}, {@code &&}, {@code |}, {@code $(} or {@code sh -c '}), ARGS ending
   * where the shell's syntax begins.
   */
  private static final Pattern COMMAND =
      Pattern.compile("(?:^|[;&|('\"])\\s*(?:\\./ops/)?oqsgw\\s+([^|;&<>)\\n]*)");

  private static final Pattern WORD = Pattern.compile("\"[^\"]*\"|'[^']*'|\\S+");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern UNIT_SETTING = Pattern.compile("`([A-Z][A-Za-z]+=[^`\\s]+)`");

  @Test
  void everyOqsgwCommandInTheGuideExistsWithTheOptionsWritten() throws IOException {
    CommandSpec oqsgw = commandTree();
    List<String> lines = Files.readAllLines(OPERATIONS);
    List<String> problems = new ArrayList<>();
    Set<String> usedInWalkthrough = new LinkedHashSet<>();
    for (Block block : codeBlocks(lines)) {
      boolean walkthrough = block.section().equals(WALKTHROUGH);
      for (String line : block.lines()) {
        for (List<String> args : commands(line)) {
          check(oqsgw, args, line, problems);
          if (walkthrough) {
            usedInWalkthrough.add(args.get(0));
          }
        }
      }
    }
    assertThat(problems).as("oqsgw commands in docs/OPERATIONS.md that do not exist").isEmpty();
    assertThat(usedInWalkthrough)
        .as("the sub-commands the walkthrough's code blocks use")
        .contains("config", "tls", "token", "desk", "backup", "restore", "audit", "version");
  }

  @Test
  void everyLinkInTheGuideLeadsToAFileAndAHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    List<String> lines = Files.readAllLines(OPERATIONS);
    boolean inCode = false;
    for (String line : lines) {
      if (FENCE.matcher(line).find()) {
        inCode = !inCode;
        continue;
      }
      Matcher link = LINK.matcher(inCode ? "" : line);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path path = file.isEmpty() ? OPERATIONS : DOCS.resolve(file).normalize();
        if (!Files.exists(path)) {
          broken.add(target + " (no such file)");
        } else if (hash >= 0) {
          Set<String> headings = anchors.computeIfAbsent(path, OperationsWalkthroughTest::anchors);
          if (!headings.contains(target.substring(hash + 1))) {
            broken.add(target + " (no such heading in " + path.getFileName() + ")");
          }
        }
      }
    }
    assertThat(broken).as("links in docs/OPERATIONS.md that lead nowhere").isEmpty();
  }

  @Test
  void theWalkthroughQuotesTheShippedUnitAndTheJavaDependencyAsTheyAre() throws IOException {
    String walkthrough = walkthroughText();
    List<String> unit = Files.readAllLines(REPO.resolve("ops/systemd/oqs-gateway.service"));
    Matcher setting = UNIT_SETTING.matcher(walkthrough);
    List<String> quoted = new ArrayList<>();
    while (setting.find()) {
      quoted.add(setting.group(1));
    }
    assertThat(quoted).contains("RequiresMountsFor=/srv/oqs", "ReadWritePaths=/srv/oqs");
    assertThat(quoted)
        .as("unit settings the walkthrough quotes, each a line of ops/systemd/oqs-gateway.service")
        .allSatisfy(s -> assertThat(unit).contains(s));

    String depends =
        Files.readAllLines(REPO.resolve("debian-package/src/deb/control/control")).stream()
            .filter(l -> l.startsWith("Depends:"))
            .findFirst()
            .orElseThrow();
    Matcher java = Pattern.compile("`([^`]*java17-runtime-headless[^`]*)`").matcher(walkthrough);
    assertThat(java.find()).as("the walkthrough names the package's Java dependency").isTrue();
    assertThat(depends).contains(java.group(1));
  }

  /** Walks the picocli tree as the shell would hand it the words: sub-commands, then options. */
  private static void check(CommandSpec root, List<String> args, String line, List<String> out) {
    CommandSpec spec = root;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-") && arg.length() > 1) {
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        OptionSpec option = spec.findOption(name);
        if (option == null) {
          out.add(spec.qualifiedName() + " has no option " + name + ": " + line.strip());
          return;
        } else if (!arg.contains("=") && option.arity().max() > 0) {
          i++;
        }
      } else if (spec.subcommands().containsKey(arg)) {
        spec = spec.subcommands().get(arg).getCommandSpec();
      } else if (spec.positionalParameters().isEmpty()) {
        out.add(spec.qualifiedName() + " has no sub-command " + arg + ": " + line.strip());
        return;
      }
    }
  }

  /** The arguments of each oqsgw command on a line of a code block. */
  private static List<List<String>> commands(String line) {
    String text = OTHER_SUBSTITUTION.matcher(line).replaceAll("X").replaceFirst("\\s#.*$", "");
    List<List<String>> commands = new ArrayList<>();
    Matcher command = COMMAND.matcher(text);
    while (command.find()) {
      List<String> args = new ArrayList<>();
      Matcher word = WORD.matcher(command.group(1));
      while (word.find()) {
        args.add(word.group().replaceAll("^['\"]|['\"]$", ""));
      }
      if (!args.isEmpty()) {
        commands.add(args);
      }
    }
    return commands;
  }

  private record Block(String section, List<String> lines) {}

  /** The fenced code blocks of a Markdown file, each with the level-2 heading it stands under. */
  private static List<Block> codeBlocks(List<String> lines) {
    List<Block> blocks = new ArrayList<>();
    String section = "";
    List<String> current = null;
    for (String line : lines) {
      if (FENCE.matcher(line).find()) {
        if (current == null) {
          current = new ArrayList<>();
        } else {
          blocks.add(new Block(section, current));
          current = null;
        }
      } else if (current != null) {
        current.add(line);
      } else if (line.startsWith("## ")) {
        section = line.strip();
      }
    }
    return blocks;
  }

  private static String walkthroughText() throws IOException {
    String text = Files.readString(OPERATIONS);
    int start = text.indexOf(WALKTHROUGH + "\n");
    assertThat(start).as("docs/OPERATIONS.md has the section " + WALKTHROUGH).isNotNegative();
    int end = text.indexOf("\n## ", start + WALKTHROUGH.length());
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** GitHub's anchors of a Markdown file's headings (outside code blocks; repeats get -1, -2…). */
  private static Set<String> anchors(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inCode = false;
    for (String line : lines) {
      if (FENCE.matcher(line).find()) {
        inCode = !inCode;
      } else if (!inCode && line.matches("^#{1,6}\\s.*")) {
        String slug =
            line.replaceFirst("^#+\\s*", "")
                .strip()
                .toLowerCase()
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum);
        anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return anchors;
  }

  private static CommandSpec commandTree() {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    return Main.commandLine(Map.of(), quiet, quiet).getCommandSpec();
  }
}
