package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which stored {@code req/} folders are this link's at start. Exchanges are stored with the folder
 * their request was written into ({@link RequestWriter#reqDirKey}, the normalized absolute path). A
 * folder stored under another name that is the same folder (reached through a symbolic link or
 * another mount point) is this link's: its exchanges are followed as usual. The folder this gateway
 * used before its {@code req/} changed is recorded in {@code record} (a file in the gateway's
 * home): its exchanges can no longer be answered here and are ended at start. Any other folder may
 * be another gateway's on the same database, and is left alone.
 *
 * <p>{@link #decide} and {@link #remember} block (file system): {@link #own} runs them on the file
 * workers.
 */
final class RequestFolders {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  /** What a start decided: the stored names of this link's folder, and the previous one to end. */
  record Decision(List<String> own, Optional<String> previous) {}

  private RequestFolders() {}

  /**
   * The stored names of this link's {@code req/} folder (the folder reached through a symbolic link
   * or another mount point too), once the exchanges left pending in the folder this gateway used
   * before are ended: no deadline of this link's can end them, as its {@code req/} is another
   * folder now, and a check waiting on one must not wait for ever. They end OUTCOME_UNKNOWN
   * (TIMED_OUT for bulk downloads): the terminal may have taken the request; a person decides
   * whether to retry. Folders that are neither are left alone: another gateway on the same database
   * may serve them.
   */
  static Future<List<String>> own(
      ExchangeStore store,
      WorkerExecutor files,
      LinkConfig config,
      LinkMetrics metrics,
      Optional<Path> folderRecord) {
    String key = RequestWriter.reqDirKey(config);
    return store
        .pendingFoldersOtherThan(key)
        .compose(
            others ->
                files.executeBlocking(
                    () -> RequestFolders.decide(config.reqDir(), key, others, folderRecord), false))
        .compose(
            decision ->
                decision
                    .previous()
                    .map(previous -> endLeftIn(store, metrics, previous))
                    .orElseGet(Future::succeededFuture)
                    .compose(
                        v ->
                            files.executeBlocking(
                                () -> {
                                  RequestFolders.remember(folderRecord, key);
                                  return decision.own();
                                },
                                false)));
  }

  /** Text of an exchange ended because the request folder changed (no path: it names the rule). */
  static final String LEFT_IN_PREVIOUS_FOLDER =
      "the request was written to the request folder this gateway used before (oqs.req-dir or"
          + " oqs.root changed since) and can no longer be followed; the terminal may have acted"
          + " on it";

  private static Future<Void> endLeftIn(ExchangeStore store, LinkMetrics metrics, String previous) {
    return store
        .endPendingIn(previous, Instant.now(), LEFT_IN_PREVIOUS_FOLDER)
        .map(
            ended -> {
              for (Exchange e : ended) {
                metrics.outcome(e.kind(), e.state());
              }
              if (!ended.isEmpty()) {
                LOG.atWarn()
                    .addKeyValue("count", ended.size())
                    .log(
                        "ended the exchanges left pending in the request folder used before"
                            + " (req/ changed): outcome unknown");
              }
              return null;
            });
  }

  static Decision decide(Path reqDir, String key, List<String> others, Optional<Path> record) {
    List<String> own = new ArrayList<>();
    own.add(key);
    for (String other : others) {
      if (sameFolder(Path.of(other), reqDir)) {
        own.add(other);
      }
    }
    Optional<String> previous =
        record.flatMap(RequestFolders::read).filter(p -> !own.contains(p) && others.contains(p));
    return new Decision(own, previous);
  }

  /** Records {@code key} as the folder this gateway uses (written whole, then renamed). */
  static void remember(Optional<Path> record, String key) throws IOException {
    if (record.isEmpty()) {
      return;
    }
    Path file = record.get();
    if (read(file).filter(key::equals).isPresent()) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean sameFolder(Path stored, Path reqDir) {
    try {
      return Files.isDirectory(stored) && Files.isSameFile(stored, reqDir);
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  private static Optional<String> read(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? Optional.empty() : Optional.of(s);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
