package dev.tierkit.dist.demo;

import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for {@code tierkit demo-worker} in tests, run as a child JVM: prints its arguments and
 * stays up until it is ended, which is all the process side of the demo needs of a worker.
 */
public final class StandInWorker {
  private StandInWorker() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("stand-in worker " + String.join(" ", args));
    new CountDownLatch(1).await();
  }
}
