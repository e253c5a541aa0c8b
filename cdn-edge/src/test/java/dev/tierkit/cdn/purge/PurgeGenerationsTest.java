package dev.tierkit.cdn.purge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cdn.purge.PurgeGenerations.Kind;
import dev.tierkit.cdn.purge.PurgeGenerations.Validity;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgeGenerationsTest {
  private static final List<String> NO_TAGS = List.of();

  @Test
  void freshGenerationsAreValid() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    assertThat(g.validity("a.test", "/x", List.of("t"), g.current())).isEqualTo(Validity.VALID);
  }

  @Test
  void purgeAllHardInvalidatesAndSoftMakesStale() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long before = g.current();
    long soft = g.purgeAll(true);
    assertThat(soft).isGreaterThan(before);
    assertThat(g.validity("a.test", "/x", NO_TAGS, before)).isEqualTo(Validity.STALE);
    g.purgeAll(false);
    assertThat(g.validity("a.test", "/x", NO_TAGS, before)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("a.test", "/x", NO_TAGS, g.current())).isEqualTo(Validity.VALID);
    assertThat(g.purges(Kind.ALL)).isEqualTo(2);
  }

  @Test
  void hostPurgeMatchesOnlyThatHostCaseInsensitively() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    g.purgeHost("A.Test", false);
    assertThat(g.validity("a.test", "/x", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("b.test", "/x", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
    g.purgeHost("b.test", true);
    assertThat(g.validity("b.test", "/x", NO_TAGS, stamp)).isEqualTo(Validity.STALE);
    assertThat(g.hostCount()).isEqualTo(2);
  }

  @Test
  void stampsTakenAfterAPurgeAreValid() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    g.purgeHost("a.test", false);
    g.purgePrefix(null, "/", false);
    g.purgeTag("t", false);
    g.purgeAll(false);
    long stamp = g.current();
    assertThat(g.validity("a.test", "/x", List.of("t"), stamp)).isEqualTo(Validity.VALID);
  }

  @Test
  void prefixPurgeOnOneHostLeavesOtherHosts() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    g.purgePrefix("a.test", "/img/", false);
    assertThat(g.validity("a.test", "/img/1.png", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("a.test", "/img", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
    assertThat(g.validity("a.test", "/css/a.css", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
    assertThat(g.validity("b.test", "/img/1.png", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
  }

  @Test
  void prefixPurgeOnEveryHostMatchesAllHosts() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    g.purgePrefix(null, "/api", true);
    assertThat(g.validity("a.test", "/api/v1", NO_TAGS, stamp)).isEqualTo(Validity.STALE);
    assertThat(g.validity("b.test", "/api", NO_TAGS, stamp)).isEqualTo(Validity.STALE);
    assertThat(g.validity("b.test", "/ap", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
    g.purgePrefix("b.test", "/api", false);
    assertThat(g.validity("b.test", "/api", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("a.test", "/api", NO_TAGS, stamp)).isEqualTo(Validity.STALE);
  }

  @Test
  void prefixNeedNotEndAtASegmentBoundary() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    g.purgePrefix("a.test", "/ima", false);
    assertThat(g.validity("a.test", "/images/a.png", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("a.test", "/imag", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("a.test", "/img/a.png", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
    assertThat(g.validity("a.test", "/im", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
  }

  @Test
  void repeatedPrefixPurgeReusesItsNodes() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    g.purgePrefix("a.test", "/abc", false);
    long nodes = g.prefixNodeCount();
    for (int i = 0; i < 1000; i++) {
      g.purgePrefix("a.test", "/abc", i % 2 == 0);
    }
    assertThat(g.prefixNodeCount()).isEqualTo(nodes).isEqualTo(4);
    g.purgePrefix("a.test", "/abd", false);
    assertThat(g.prefixNodeCount()).isEqualTo(5);
  }

  @Test
  void hardMarkWinsOverALaterSoftMark() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    g.purgeTag("t", false);
    g.purgeTag("t", true);
    assertThat(g.validity("a.test", "/", List.of("t"), stamp)).isEqualTo(Validity.INVALID);
  }

  @Test
  void manyDistinctTagsAreEachMatchedAlone() {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    for (int i = 0; i < 10_000; i += 2) {
      g.purgeTag("tag-" + i, i % 4 == 0);
    }
    assertThat(g.tagCount()).isEqualTo(5000);
    assertThat(g.validity("a", "/", List.of("tag-1", "tag-3"), stamp)).isEqualTo(Validity.VALID);
    assertThat(g.validity("a", "/", List.of("tag-1", "tag-2"), stamp)).isEqualTo(Validity.INVALID);
    assertThat(g.validity("a", "/", List.of("tag-4"), stamp)).isEqualTo(Validity.STALE);
    assertThat(g.purges(Kind.TAG)).isEqualTo(5000);
  }

  @Test
  void persistedPurgesSurviveReopen(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("purges.log");
    long stamp;
    long last;
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      stamp = g.current();
      g.purgeHost("a.test", false);
      g.purgePrefix(null, "/p", true);
      g.purgePrefix("b.test", "/q", false);
      last = g.purgeTag("t", true);
    }
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      assertThat(g.current()).isGreaterThanOrEqualTo(last);
      assertThat(g.validity("a.test", "/x", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
      assertThat(g.validity("c.test", "/px", NO_TAGS, stamp)).isEqualTo(Validity.STALE);
      assertThat(g.validity("b.test", "/q1", NO_TAGS, stamp)).isEqualTo(Validity.INVALID);
      assertThat(g.validity("c.test", "/q1", NO_TAGS, stamp)).isEqualTo(Validity.VALID);
      assertThat(g.validity("c.test", "/", List.of("t"), stamp)).isEqualTo(Validity.STALE);
      assertThat(g.validity("a.test", "/x", NO_TAGS, g.current())).isEqualTo(Validity.VALID);
      assertThat(g.purgeAll(false)).isGreaterThan(last);
    }
  }

  @Test
  void tornLastRecordIsIgnoredAndEarlierOnesKept(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("purges.log");
    long stamp;
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      stamp = g.current();
      g.purgeTag("kept", false);
      g.purgeTag("torn", false);
    }
    long size = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size - 3);
    }
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      assertThat(g.validity("a", "/", List.of("kept"), stamp)).isEqualTo(Validity.INVALID);
      assertThat(g.validity("a", "/", List.of("torn"), stamp)).isEqualTo(Validity.VALID);
      long afterRestart = g.current();
      // A stamp handed out by the torn purge must still lose to the next purge.
      assertThat(g.purgeTag("torn", false)).isGreaterThan(stamp + 2);
      assertThat(g.validity("a", "/", List.of("torn"), afterRestart)).isEqualTo(Validity.INVALID);
    }
  }

  @Test
  void corruptRecordEndsTheReplay(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("purges.log");
    long stamp;
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      stamp = g.current();
      g.purgeTag("kept", false);
      g.purgeTag("flipped", false);
    }
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 6] ^= 0x55;
    Files.write(file, bytes);
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      assertThat(g.validity("a", "/", List.of("kept"), stamp)).isEqualTo(Validity.INVALID);
      assertThat(g.validity("a", "/", List.of("flipped"), stamp)).isEqualTo(Validity.VALID);
    }
  }

  @Test
  void compactionKeepsOneRecordPerMark(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("purges.log");
    long last = 0;
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      for (int i = 0; i < 200; i++) {
        last = g.purgePrefix("a.test", "/same", false);
      }
    }
    long grown = Files.size(file);
    try (PurgeGenerations g = PurgeGenerations.open(file)) {
      assertThat(Files.size(file)).isLessThan(grown / 100);
      assertThat(g.validity("a.test", "/same", NO_TAGS, last - 1)).isEqualTo(Validity.INVALID);
      assertThat(g.validity("a.test", "/same", NO_TAGS, last)).isEqualTo(Validity.VALID);
    }
  }

  @Test
  void validityFromManyThreadsWhilePurgingIsMonotonic() throws Exception {
    PurgeGenerations g = PurgeGenerations.inMemory();
    long stamp = g.current();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService readers = Executors.newFixedThreadPool(3);
    CountDownLatch started = new CountDownLatch(3);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        futures.add(
            readers.submit(
                () -> {
                  started.countDown();
                  Validity seen = Validity.VALID;
                  while (!stop.get()) {
                    Validity v = g.validity("a.test", "/p/q/r", List.of("t9"), stamp);
                    // Once invalid, an old stamp never becomes valid again.
                    assertThat(v.compareTo(seen)).isGreaterThanOrEqualTo(0);
                    seen = v;
                    long now = g.current();
                    assertThat(g.validity("z.test", "/other", NO_TAGS, now))
                        .isEqualTo(Validity.VALID);
                  }
                  return null;
                }));
      }
      started.await(5, TimeUnit.SECONDS);
      long previous = g.current();
      for (int i = 0; i < 20_000; i++) {
        long next =
            switch (i % 4) {
              case 0 -> g.purgePrefix("a.test", "/p/" + (i % 50), i % 3 == 0);
              case 1 -> g.purgeTag("t" + (i % 17), true);
              case 2 -> g.purgeHost("h" + (i % 13) + ".test", false);
              default -> g.purgePrefix(null, "/p/q" + (i % 7), false);
            };
        assertThat(next).isGreaterThan(previous);
        previous = next;
      }
      g.purgeTag("t9", false);
      stop.set(true);
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.SECONDS);
      }
      assertThat(g.validity("a.test", "/p/q/r", List.of("t9"), stamp)).isEqualTo(Validity.INVALID);
    } finally {
      stop.set(true);
      readers.shutdownNow();
      assertThat(readers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
