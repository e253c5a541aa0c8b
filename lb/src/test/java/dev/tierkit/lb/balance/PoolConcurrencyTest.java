package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two threads pick and release through one pool at once, as two event loops do, while a third flips
 * a backend's health: connection limits are never passed, and every slot comes back.
 */
class PoolConcurrencyTest {
  private static final int LIMIT = 3;
  private static final int ROUNDS = 50_000;

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void limitsHoldAndActiveCountsReturnToZero(Algorithm algorithm) throws Exception {
    List<Backend> backends =
        List.of(
            new Backend("10.0.0.1", 80, 1, LIMIT),
            new Backend("10.0.0.2", 80, 2, LIMIT),
            new Backend("10.0.0.3", 80, 3, LIMIT),
            new Backend("10.0.0.4", 80, 1, LIMIT));
    Pool pool = new Pool("p", algorithm, backends);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicInteger picked = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] pickers = new Thread[2];
    for (int t = 0; t < pickers.length; t++) {
      long seed = t;
      pickers[t] =
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(seed);
                Backend[] held = new Backend[2];
                try {
                  start.await();
                  for (int i = 0; i < ROUNDS; i++) {
                    // Each thread holds up to two slots at a time, releasing in random order.
                    int slot = random.nextInt(2);
                    if (held[slot] != null) {
                      pool.release(held[slot]);
                      held[slot] = null;
                    }
                    Backend b = pool.pick(new PickContext(i).setHash(random.nextLong()));
                    if (b != null) {
                      picked.incrementAndGet();
                      int active = b.active();
                      if (active > LIMIT || active < 1) {
                        throw new AssertionError(b + " has " + active + " active");
                      }
                      held[slot] = b;
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  for (Backend b : held) {
                    if (b != null) {
                      pool.release(b);
                    }
                  }
                }
              },
              "picker-" + t);
      pickers[t].start();
    }
    Thread flipper =
        new Thread(
            () -> {
              try {
                start.await();
                while (pickers[0].isAlive() || pickers[1].isAlive()) {
                  Backend b = backends.get(2);
                  b.setHealthy(!b.healthy());
                  for (Backend each : backends) {
                    if (each.active() > LIMIT) {
                      failure.compareAndSet(null, new AssertionError(each + " over its limit"));
                    }
                  }
                  Thread.onSpinWait();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "flipper");
    flipper.start();
    start.countDown();
    for (Thread t : pickers) {
      t.join(TimeUnit.SECONDS.toMillis(8));
      assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
    }
    flipper.join(TimeUnit.SECONDS.toMillis(2));
    assertThat(failure.get()).isNull();
    assertThat(picked.get()).isGreaterThan(ROUNDS);
    assertThat(backends).allSatisfy(b -> assertThat(b.active()).isZero());
  }
}
