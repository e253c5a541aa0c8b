package dev.tierkit.cdn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tierkit.cdn.policy.Lifetime;
import dev.tierkit.cdn.purge.PurgeGenerations;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
  private static final long MINUTE = 60_000;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final PurgeGenerations generations = PurgeGenerations.inMemory();
  private ObjectStore store;

  @TempDir Path dir;

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private ObjectStore memoryStore(long memoryBytes, long maxObject, long keep) throws IOException {
    store =
        ObjectStore.open(
            StoreConfig.memoryOnly(memoryBytes, maxObject, keep), generations, clock::get);
    return store;
  }

  private ObjectStore diskStore(long diskBytes, long writeQueueBytes) throws IOException {
    store =
        ObjectStore.open(
            new StoreConfig(1 << 20, dir, diskBytes, Math.min(256 * 1024, diskBytes), 0),
            generations,
            clock::get,
            writeQueueBytes);
    return store;
  }

  private CachedObject object(String key, String variant, int bodyBytes, long freshMillis) {
    return object(
        key, List.of(), variant, bodyBytes, new Lifetime(freshMillis, 0, 0, 0, false, false));
  }

  private CachedObject object(
      String key, List<String> vary, String variant, int bodyBytes, Lifetime lifetime) {
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.add("content-type", "text/plain");
    headers.add("etag", "\"" + key + variant + "\"");
    headers.add("x-multi", "a");
    headers.add("x-multi", "b");
    byte[] body = new byte[bodyBytes];
    Arrays.fill(body, (byte) (key.hashCode() + variant.hashCode()));
    if (bodyBytes > 0) {
      body[bodyBytes - 1] = 7;
    }
    return new CachedObject(
        key,
        "a.test",
        "/" + key,
        vary,
        variant,
        200,
        headers,
        StoredBody.copyOf(body),
        clock.get() - 5,
        clock.get(),
        lifetime,
        List.of("tag-" + key, "all"),
        generations.current());
  }

  private static void assertSameObject(CachedObject actual, CachedObject expected) {
    assertThat(actual.primaryKey()).isEqualTo(expected.primaryKey());
    assertThat(actual.variantKey()).isEqualTo(expected.variantKey());
    assertThat(actual.varyNames()).isEqualTo(expected.varyNames());
    assertThat(actual.host()).isEqualTo(expected.host());
    assertThat(actual.path()).isEqualTo(expected.path());
    assertThat(actual.status()).isEqualTo(expected.status());
    assertThat(fields(actual.headers())).isEqualTo(fields(expected.headers()));
    assertThat(actual.headers()).isEqualTo(expected.headers());
    assertThat(actual.body().toByteArray()).isEqualTo(expected.body().toByteArray());
    assertThat(actual.requestTimeMillis()).isEqualTo(expected.requestTimeMillis());
    assertThat(actual.responseTimeMillis()).isEqualTo(expected.responseTimeMillis());
    assertThat(actual.lifetime()).isEqualTo(expected.lifetime());
    assertThat(actual.tags()).isEqualTo(expected.tags());
    assertThat(actual.storedGeneration()).isEqualTo(expected.storedGeneration());
  }

  private static List<String> fields(HttpHeaders headers) {
    return headers.entries().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
  }

  private void flush() throws Exception {
    store.flush().get(5, TimeUnit.SECONDS);
  }

  private long objectFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private List<Path> objectFileList() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void configErrorsNameTheOption() {
    assertThatThrownBy(() -> StoreConfig.memoryOnly(0, 1, 0)).hasMessageContaining("--memory-mb");
    assertThatThrownBy(() -> new StoreConfig(10, dir, 0, 1, 0)).hasMessageContaining("--disk-gb");
    assertThatThrownBy(() -> StoreConfig.memoryOnly(10, 11, 0))
        .hasMessageContaining("--max-object-size");
    assertThatThrownBy(() -> StoreConfig.memoryOnly(10, 5, -1)).hasMessageContaining("--keep");
  }

  @Test
  void storedObjectIsReturnedFromMemory() throws Exception {
    memoryStore(1 << 20, 1 << 16, 0);
    CachedObject o = object("k", "", 100, MINUTE);
    assertThat(store.put(o)).isTrue();
    assertThat(store.memoryVariants("k")).containsExactly(o);
    assertThat(store.variants("k")).isCompletedWithValue(List.of(o));
    assertThat(store.variants("missing")).isCompletedWithValue(List.of());
    assertThat(store.stats().memoryObjects()).isEqualTo(1);
  }

  @Test
  void weightBoundHoldsAfterManyPuts() throws Exception {
    long bound = 64 * 1024;
    memoryStore(bound, 8 * 1024, 0);
    for (int i = 0; i < 2000; i++) {
      assertThat(store.put(object("k" + i, "", 1000 + (i % 7) * 300, MINUTE))).isTrue();
    }
    store.cleanUp();
    ObjectStore.Stats stats = store.stats();
    assertThat(stats.memoryBytes()).isLessThanOrEqualTo(bound).isPositive();
    assertThat(store.memory().policy().eviction().orElseThrow().weightedSize().orElseThrow())
        .isLessThanOrEqualTo(bound);
    assertThat(stats.evictions()).isPositive();
    assertThat(stats.memoryObjects()).isEqualTo(store.memory().estimatedSize());
  }

  @Test
  void objectHeavierThanTheLimitIsRefused() throws Exception {
    memoryStore(1 << 20, 4096, 0);
    assertThat(store.put(object("big", "", 5000, MINUTE))).isFalse();
    assertThat(store.memoryVariants("big")).isEmpty();
    assertThat(store.stats().memoryObjects()).isZero();
  }

  @Test
  void sameVariantKeyIsReplacedAndOthersKept() throws Exception {
    memoryStore(1 << 20, 1 << 16, 0);
    List<String> vary = List.of("accept-encoding");
    Lifetime l = new Lifetime(MINUTE, 0, 0, 0, false, false);
    CachedObject gzip = object("k", vary, "gzip", 10, l);
    CachedObject br = object("k", vary, "br", 10, l);
    CachedObject gzip2 = object("k", vary, "gzip", 20, l);
    store.put(gzip);
    store.put(br);
    store.put(gzip2);
    assertThat(store.memoryVariants("k")).containsExactlyInAnyOrder(br, gzip2);
    assertThat(store.stats().memoryObjects()).isEqualTo(2);
  }

  @Test
  void changedVaryDropsTheOldVariants() throws Exception {
    memoryStore(1 << 20, 1 << 16, 0);
    Lifetime l = new Lifetime(MINUTE, 0, 0, 0, false, false);
    store.put(object("k", List.of("accept-encoding"), "gzip", 10, l));
    store.put(object("k", List.of("accept-encoding"), "br", 10, l));
    CachedObject lang = object("k", List.of("accept-language"), "en", 10, l);
    store.put(lang);
    assertThat(store.memoryVariants("k")).containsExactly(lang);
    assertThat(store.stats().memoryObjects()).isEqualTo(1);
  }

  @Test
  void removeOneVariantOrAllOrEverything() throws Exception {
    memoryStore(1 << 20, 1 << 16, 0);
    Lifetime l = new Lifetime(MINUTE, 0, 0, 0, false, false);
    List<String> vary = List.of("accept-encoding");
    CachedObject br = object("k", vary, "br", 10, l);
    store.put(object("k", vary, "gzip", 10, l));
    store.put(br);
    store.put(object("j", "", 10, MINUTE));
    store.put(object("i", "", 10, MINUTE));
    store.remove("k", "gzip");
    assertThat(store.memoryVariants("k")).containsExactly(br);
    store.remove("k", "br");
    assertThat(store.memoryVariants("k")).isEmpty();
    store.remove("j");
    assertThat(store.memoryVariants("j")).isEmpty();
    assertThat(store.memoryVariants("i")).hasSize(1);
    store.clear();
    assertThat(store.memoryVariants("i")).isEmpty();
    store.cleanUp();
    assertThat(store.stats().memoryObjects()).isZero();
    assertThat(store.stats().memoryBytes()).isZero();
  }

  @Test
  void objectLivesThroughItsStaleWindowsThenExpires() throws Exception {
    memoryStore(1 << 20, 1 << 16, 0);
    store.put(
        object("k", List.of(), "", 10, new Lifetime(10_000, 2_000, 5_000, 20_000, false, false)));
    // fresh for 8 s (10 s minus the initial age), then up to 20 s of stale-if-error.
    clock.addAndGet(27_999);
    assertThat(store.memoryVariants("k")).hasSize(1);
    clock.addAndGet(1);
    assertThat(store.memoryVariants("k")).isEmpty();
    store.cleanUp();
    assertThat(store.stats().memoryObjects()).isZero();
    assertThat(store.stats().evictions()).isZero();
  }

  @Test
  void keepExtendsLifeForRevalidation() throws Exception {
    memoryStore(1 << 20, 1 << 16, 30_000);
    store.put(object("k", "", 10, 1_000));
    clock.addAndGet(30_999);
    assertThat(store.memoryVariants("k")).hasSize(1);
    clock.addAndGet(1);
    assertThat(store.memoryVariants("k")).isEmpty();
  }

  @Test
  void keyLivesUntilItsLastVariantExpires() throws Exception {
    memoryStore(1 << 20, 1 << 16, 0);
    List<String> vary = List.of("accept-encoding");
    store.put(object("k", vary, "short", 10, new Lifetime(1_000, 0, 0, 0, false, false)));
    store.put(object("k", vary, "long", 10, new Lifetime(5_000, 0, 0, 0, false, false)));
    clock.addAndGet(4_000);
    assertThat(store.memoryVariants("k")).hasSize(2);
    clock.addAndGet(1_000);
    assertThat(store.memoryVariants("k")).isEmpty();
  }

  @Test
  void objectsSurviveARestartAndArePromotedOnFirstRead() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    List<String> vary = List.of("accept-encoding");
    Lifetime l = new Lifetime(MINUTE, 1_000, 2_000, 3_000, true, false);
    CachedObject gzip = object("k", vary, "gzip", 200_000, l);
    CachedObject br = object("k", vary, "br", 0, l);
    CachedObject other = object("other", "", 77, MINUTE);
    store.put(gzip);
    store.put(br);
    store.put(other);
    store.close();
    assertThat(store.stats().diskWrites()).isEqualTo(3);

    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    assertThat(store.stats().diskObjects()).isEqualTo(3);
    assertThat(store.memoryVariants("k")).isEmpty();
    List<CachedObject> read = store.variants("k").get(5, TimeUnit.SECONDS);
    assertThat(read).hasSize(2);
    CachedObject readGzip = read.get(0).variantKey().equals("gzip") ? read.get(0) : read.get(1);
    CachedObject readBr = read.get(0).variantKey().equals("gzip") ? read.get(1) : read.get(0);
    assertSameObject(readGzip, gzip);
    assertSameObject(readBr, br);
    assertThat(store.memoryVariants("k")).hasSize(2);
    assertThat(store.memoryVariants("other")).isEmpty();
    assertSameObject(store.variants("other").get(5, TimeUnit.SECONDS).get(0), other);
    assertThat(store.stats().diskReads()).isEqualTo(3);
    assertThat(store.stats().diskErrors()).isZero();
  }

  @Test
  void memoryEvictionLeavesTheDiskCopy() throws Exception {
    store =
        ObjectStore.open(
            new StoreConfig(8 * 1024, dir, 1 << 20, 4 * 1024, 0), generations, clock::get);
    CachedObject first = object("first", "", 3000, MINUTE);
    store.put(first);
    for (int i = 0; i < 50; i++) {
      store.put(object("k" + i, "", 3000, MINUTE));
      store.variants("k" + i).get(5, TimeUnit.SECONDS);
    }
    flush();
    store.cleanUp();
    assertThat(store.memoryVariants("first")).isEmpty();
    assertSameObject(store.variants("first").get(5, TimeUnit.SECONDS).get(0), first);
  }

  @Test
  void diskBoundEvictsAndDeletesFiles() throws Exception {
    long bound = 40 * 1024;
    diskStore(bound, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    for (int i = 0; i < 40; i++) {
      store.put(object("k" + i, "", 4000, MINUTE));
    }
    flush();
    store.disk().index().cleanUp();
    flush();
    ObjectStore.Stats stats = store.stats();
    assertThat(stats.diskWrites()).isEqualTo(40);
    assertThat(stats.diskBytes()).isLessThanOrEqualTo(bound);
    assertThat(stats.diskObjects()).isLessThan(40).isEqualTo(objectFiles());
    long bytes = 0;
    for (Path p : objectFileList()) {
      bytes += Files.size(p);
    }
    assertThat(bytes).isLessThanOrEqualTo(bound);
  }

  @Test
  void removeAndClearDeleteFiles() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    Lifetime l = new Lifetime(MINUTE, 0, 0, 0, false, false);
    List<String> vary = List.of("accept-encoding");
    store.put(object("k", vary, "gzip", 10, l));
    store.put(object("k", vary, "br", 10, l));
    store.put(object("j", "", 10, MINUTE));
    store.put(object("i", "", 10, MINUTE));
    flush();
    assertThat(objectFiles()).isEqualTo(4);
    store.remove("k", "gzip");
    flush();
    assertThat(objectFiles()).isEqualTo(3);
    store.remove("j");
    flush();
    assertThat(objectFiles()).isEqualTo(2);
    assertThat(store.variants("j").get(5, TimeUnit.SECONDS)).isEmpty();
    store.clear();
    flush();
    assertThat(objectFiles()).isZero();
    assertThat(store.stats().diskObjects()).isZero();
  }

  @Test
  void replacedVariantLeavesOneFile() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    store.put(object("k", "", 10, MINUTE));
    CachedObject newer = object("k", "", 20, MINUTE);
    store.put(newer);
    flush();
    assertThat(objectFiles()).isEqualTo(1);
    store.close();
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    assertSameObject(store.variants("k").get(5, TimeUnit.SECONDS).get(0), newer);
  }

  @Test
  void corruptTruncatedAndTemporaryFilesAreDeletedAtOpen() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    for (String k : List.of("a", "b", "c")) {
      store.put(object(k, "", 1000, MINUTE));
    }
    store.close();
    List<Path> files = objectFileList();
    assertThat(files).hasSize(3);
    try (FileChannel ch = FileChannel.open(files.get(0), StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 10);
    }
    byte[] bytes = Files.readAllBytes(files.get(1));
    bytes[20] ^= 0x40; // inside the header
    Files.write(files.get(1), bytes);
    Path tmp = files.get(2).resolveSibling("0000000000000000-0000000000000099.obj.tmp");
    Files.write(tmp, "half a write".getBytes(StandardCharsets.UTF_8));

    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    assertThat(store.stats().diskErrors()).isEqualTo(2);
    assertThat(store.stats().diskObjects()).isEqualTo(1);
    assertThat(objectFileList()).containsExactly(files.get(2));
  }

  @Test
  void corruptBodyIsDetectedOnReadAndDeleted() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    store.put(object("k", "", 1000, MINUTE));
    store.close();
    Path file = objectFileList().get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 100] ^= 0x01;
    Files.write(file, bytes);

    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    assertThat(store.stats().diskObjects()).isEqualTo(1);
    assertThat(store.variants("k").get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.stats().diskErrors()).isEqualTo(1);
    flush();
    assertThat(objectFiles()).isZero();
    assertThat(store.memoryVariants("k")).isEmpty();
  }

  @Test
  void writesPastTheQueueBoundAreDroppedAndCounted() throws Exception {
    diskStore(1 << 20, 1);
    for (int i = 0; i < 20; i++) {
      assertThat(store.put(object("k" + i, "", 1000, MINUTE))).isTrue();
    }
    flush();
    ObjectStore.Stats stats = store.stats();
    assertThat(stats.diskWriteDrops()).isEqualTo(20);
    assertThat(stats.diskWrites()).isZero();
    assertThat(stats.memoryObjects()).isEqualTo(20);
    assertThat(store.memoryVariants("k3")).hasSize(1);
  }

  @Test
  void expiredAndHardPurgedFilesAreDroppedAtOpen() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    store.put(object("short", "", 10, 1_000));
    store.put(object("purged", "", 10, MINUTE));
    store.put(object("kept", "", 10, MINUTE));
    store.close();
    generations.purgeTag("tag-purged", false);
    clock.addAndGet(2_000);
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    assertThat(store.stats().diskObjects()).isEqualTo(1);
    assertThat(objectFiles()).isEqualTo(1);
    assertThat(store.variants("kept").get(5, TimeUnit.SECONDS)).hasSize(1);
  }

  @Test
  void diskWritesCompleteWithoutBlockingThePut() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    store.put(object("k", "", 100_000, MINUTE));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.stats().diskWrites() == 1);
    assertThat(store.stats().diskBytes()).isGreaterThan(100_000);
  }

  @Test
  void concurrentPutsReadsAndRemovesKeepTheCountsConsistent() throws Exception {
    store =
        ObjectStore.open(
            new StoreConfig(64 * 1024, dir, 128 * 1024, 4 * 1024, 0), generations, clock::get);
    List<String> vary = List.of("accept-encoding");
    Lifetime l = new Lifetime(MINUTE, 0, 0, 0, false, false);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int seed = t;
        futures.add(
            pool.submit(
                () -> {
                  java.util.Random random = new java.util.Random(seed);
                  for (int i = 0; i < 800; i++) {
                    String key = "k" + random.nextInt(40);
                    switch (random.nextInt(6)) {
                      case 0, 1 -> store.put(object(key, vary, "v" + random.nextInt(3), 900, l));
                      case 2 -> store.variants(key).get(5, TimeUnit.SECONDS);
                      case 3 -> store.memoryVariants(key);
                      case 4 -> store.remove(key, "v" + random.nextInt(3));
                      default -> store.remove(key);
                    }
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    flush();
    store.cleanUp();
    store.disk().index().cleanUp();
    flush();
    long inMemory = store.memory().asMap().values().stream().mapToLong(v -> v.objects.size()).sum();
    long onDisk =
        store.disk().index().asMap().values().stream().mapToLong(v -> v.entries().size()).sum();
    ObjectStore.Stats stats = store.stats();
    assertThat(stats.memoryObjects()).isEqualTo(inMemory);
    assertThat(stats.diskObjects()).isEqualTo(onDisk).isEqualTo(objectFiles());
    assertThat(stats.memoryBytes()).isLessThanOrEqualTo(64 * 1024);
    assertThat(stats.diskBytes()).isLessThanOrEqualTo(128 * 1024);
    assertThat(stats.diskErrors()).isZero();
  }

  @Test
  void removalQueuedBehindAWriteWins() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    for (int i = 0; i < 20; i++) {
      store.put(object("k" + i, "", 20_000, MINUTE));
      store.remove("k" + i);
    }
    flush();
    assertThat(objectFiles()).isZero();
    assertThat(store.variants("k7").get(5, TimeUnit.SECONDS)).isEmpty();
    assertThat(store.stats().diskObjects()).isZero();
  }

  @Test
  void droppedWriteRemovesTheOlderDiskCopy() throws Exception {
    diskStore(1 << 20, 4096);
    store.put(object("k", "", 1000, MINUTE));
    flush();
    assertThat(objectFiles()).isEqualTo(1);
    CachedObject newer = object("k", "", 10_000, MINUTE);
    store.put(newer);
    flush();
    assertThat(store.stats().diskWriteDrops()).isEqualTo(1);
    assertThat(objectFiles()).isZero();
    assertThat(store.memoryVariants("k")).containsExactly(newer);
  }

  @Test
  void putAfterRestartStillFindsTheOtherVariantsOnDisk() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    List<String> vary = List.of("accept-encoding");
    Lifetime l = new Lifetime(MINUTE, 0, 0, 0, false, false);
    store.put(object("k", vary, "gzip", 100, l));
    store.put(object("k", vary, "br", 100, l));
    store.close();

    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    CachedObject identity = object("k", vary, "identity", 100, l);
    store.put(identity);
    assertThat(store.memoryVariants("k")).containsExactly(identity);
    List<CachedObject> all = store.variants("k").get(5, TimeUnit.SECONDS);
    assertThat(all)
        .extracting(CachedObject::variantKey)
        .containsExactlyInAnyOrder("gzip", "br", "identity");
    assertThat(all).contains(identity);
    assertThat(store.memoryVariants("k")).hasSize(3);
    assertThat(store.stats().memoryObjects()).isEqualTo(3);
    // Now complete in memory: answered without the disk.
    assertThat(store.variants("k").isDone()).isTrue();
    // Three files read: identity's own write was queued ahead of the read; memory's copy is kept.
    assertThat(store.stats().diskReads()).isEqualTo(3);
  }

  @Test
  void keyNeverOnDiskIsAnsweredFromMemoryAlone() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    store.put(object("k", "", 100, MINUTE));
    assertThat(store.variants("k").isDone()).isTrue();
  }

  @Test
  void twoFilesOfOneVariantLeftByACrashKeepTheNewerWrite() throws Exception {
    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    store.put(object("k", "", 100, MINUTE));
    store.close();
    Path older = objectFileList().get(0);
    String name = older.getFileName().toString();
    Path newer = older.resolveSibling(name.substring(0, 17) + "00000000000000ff.obj");
    Files.copy(older, newer);

    diskStore(1 << 20, ObjectStore.DEFAULT_WRITE_QUEUE_BYTES);
    assertThat(objectFileList()).containsExactly(newer);
    assertThat(store.stats().diskObjects()).isEqualTo(1);
    store.put(object("j", "", 100, MINUTE));
    flush();
    // New writes continue above the highest sequence found.
    assertThat(objectFileList()).hasSize(2).contains(newer);
    assertThat(
            objectFileList().stream()
                .map(p -> p.getFileName().toString().substring(17, 33))
                .filter(seq -> Long.parseLong(seq, 16) > 0xff))
        .hasSize(1);
  }
}
