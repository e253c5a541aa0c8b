package dev.tierkit.dns.zone;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a large synthetic zone (A, AAAA, CNAME, MX, TXT under an empty non-terminal, and a
 * delegation with glue every thousand records) to measure how long loading and compiling take.
 *
 * <p>Run: {@code java -Xmx1g -cp dns-geo/target/classes:dns-geo/target/test-classes:$(deps)
 * dev.tierkit.dns.zone.LargeZoneGenerator /tmp/big.zone 1000000 [rounds]}; it writes the file only
 * when it does not exist. The first run of a JVM includes JIT warm-up, which is what a daemon
 * starting up pays too; the later rounds show the steady cost.
 */
final class LargeZoneGenerator {
  private LargeZoneGenerator() {}

  /** Writes about {@code records} records under {@code big.test.} to {@code file}. */
  static void write(Path file, int records) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("$ORIGIN big.test.\n$TTL 3600\n");
      w.write("@ SOA ns1 hostmaster 1 7200 900 1209600 300\n  NS ns1\nns1 A 192.0.2.1\n");
      int written = 3;
      for (int i = 0; written < records; i++) {
        String octets = ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
        switch (i % 10) {
          case 6 -> w.write("h" + i + " AAAA 2001:db8::" + Integer.toHexString(i & 0xffff) + "\n");
          case 7 -> w.write("w" + i + " CNAME h" + (i - 7) + "\n");
          case 8 -> w.write("t" + i + ".svc TXT \"v=" + i + "\"\n");
          case 9 -> w.write("m" + i + " MX 10 h" + (i - 9) + "\n");
          default -> w.write("h" + i + " A 10." + octets + "\n");
        }
        written++;
        if (i % 1000 == 999) {
          w.write(
              "z"
                  + i
                  + " NS ns.z"
                  + i
                  + "\nns.z"
                  + i
                  + " A 198.51."
                  + ((i >> 8) & 255)
                  + "."
                  + (i & 255)
                  + "\n");
          written += 2;
        }
      }
    }
  }

  /** CPU time of the whole process (all threads: parser, GC, JIT), to see past a busy machine. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "big.zone");
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    if (!Files.exists(file)) {
      write(file, records);
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    for (int round = 1; round <= rounds; round++) {
      long cpuStart = processCpuNanos();
      long start = System.nanoTime();
      Zone zone = ZoneLoader.load(file, null, -1);
      long loaded = System.nanoTime();
      ZoneSet set = ZoneSet.of(List.of(zone), List.of());
      long compiled = System.nanoTime();
      long cpu = processCpuNanos() - cpuStart;
      System.gc();
      Runtime rt = Runtime.getRuntime();
      long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
      System.out.printf(
          "round %d: %d records, %d names: load %d ms + compile %d ms = %d ms (process CPU %d ms),"
              + " heap %d MB (%s)%n",
          round,
          zone.recordCount(),
          zone.nameCount(),
          (loaded - start) / 1_000_000,
          (compiled - loaded) / 1_000_000,
          (compiled - start) / 1_000_000,
          cpu / 1_000_000,
          heapMb,
          set.zones().size() == 1 ? "ok" : "?");
    }
  }
}
