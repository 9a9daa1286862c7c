package jp.oqsgateway.bench;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.QualificationSearch;
import jp.oqsgateway.gateway.oqs.message.SingleCheckRequest;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;

/**
 * Baseline: the simulated terminal's file round trip without the gateway. Writes the single check a
 * card insertion runs ({@code OQSsiquc01req}, Shift_JIS, temporary name, fsync, atomic rename, as
 * the link writes it) into req/ and waits for the result in res/ with file-system notifications.
 */
final class FileRoundTrip {
  private FileRoundTrip() {}

  static JsonObject run(Map<String, String> opts) throws Exception {
    Path root = Path.of(Bench.required(opts, "root"));
    JsonObject body = new JsonObject(Files.readString(Path.of(Bench.required(opts, "body"))));
    int runs = Bench.intOpt(opts, "runs", 50);
    int warmup = Bench.intOpt(opts, "warmup", 3);
    byte[] request = OqsCodec.encode(request(body, Bench.required(opts, "institution")), OqsCharset.SHIFT_JIS);
    Path req = root.resolve("req");
    Path res = root.resolve("res");
    String day = LocalDate.now(ZoneId.of("Asia/Tokyo")).format(DateTimeFormatter.BASIC_ISO_DATE);
    List<Long> samples = new ArrayList<>();
    List<Long> writes = new ArrayList<>();
    try (WatchService watch = res.getFileSystem().newWatchService()) {
      res.register(watch, ENTRY_CREATE);
      for (int i = 0; i < warmup + runs; i++) {
        String suffix = day + String.format("%04d", 9000 + i);
        String result = "OQSsiquc01res_" + suffix + ".xml";
        long start = System.nanoTime();
        write(req, "OQSsiquc01req_" + suffix + ".xml", request);
        long written = System.nanoTime();
        awaitFile(watch, res, result);
        long took = (System.nanoTime() - start) / 1_000;
        if (i >= warmup) {
          samples.add(took);
          writes.add((written - start) / 1_000);
        }
        Files.deleteIfExists(res.resolve(result));
      }
    }
    return new JsonObject()
        .put("what", "request file written (fsync, rename) in req/ → result file created in res/, simulator alone")
        .put("warmup", warmup)
        .put("summary", Bench.summary(samples))
        .put("samplesMs", Bench.samplesMs(samples))
        .put("writingTheRequest", Bench.summary(writes))
        .put("machine", Bench.machine());
  }

  private static SingleCheckRequest request(JsonObject body, String institution) {
    QualificationSearch search =
        new QualificationSearch(
            InsurerNumber.parse(body.getString("insurerNumber")).orElseThrow(),
            Optional.ofNullable(body.getString("insuredCardSymbol")),
            body.getString("insuredIdentificationNumber"),
            Optional.ofNullable(body.getString("insuredBranchNumber")),
            LocalDate.parse(body.getString("birthdate")),
            Coded.of(LimitConsentFlag.NOT_CONSENTED),
            Optional.empty());
    return new SingleCheckRequest(
        LocalDate.parse(body.getString("confirmationDate")), institution, Optional.empty(), search);
  }

  private static void write(Path dir, String name, byte[] bytes) throws Exception {
    Path tmp = dir.resolve(".bench-tmp-" + UUID.randomUUID());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void awaitFile(WatchService watch, Path dir, String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(dir.resolve(name))) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no result " + name + " within 30 s: is the simulator running?");
      }
      WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
      if (key == null) {
        continue;
      }
      boolean seen = false;
      for (WatchEvent<?> e : key.pollEvents()) {
        seen |= name.equals(String.valueOf(e.context()));
      }
      key.reset();
      if (seen) {
        return;
      }
    }
  }
}
