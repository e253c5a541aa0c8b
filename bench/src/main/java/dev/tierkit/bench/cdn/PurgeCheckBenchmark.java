package dev.tierkit.bench.cdn;

import dev.tierkit.cdn.purge.PurgeGenerations;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Question: what does checking a stored object against the purges cost per lookup, with P = 0, 100
 * and 10000 distinct prefix purges and as many distinct tag purges? {@code validity} calls {@link
 * PurgeGenerations#validity} for objects of one host, paths {@code /products/<k>/images/main.jpg}
 * and tags {@code product-<k>} and {@code catalog}, with k uniform in [0, 1000000); the purges are
 * prefixes {@code /products/<k>/} and tags {@code product-<k>} of the same host for P other random
 * k, so at P = 10000 about 2% of objects match a purge. Every object is stamped before all the
 * purges, so none is spared by its stamp: each check reads every mark on its path and its tags. The
 * cost is bounded by the path's length and the object's tag count, whatever P is: a trie walk that
 * goes on only as long as the path spells a prefix someone purged, and one hash probe per tag. It
 * still grows with P, slowly: at P = 0 the host has no marks and nothing is walked; with more
 * purged prefixes the path shares more leading digits with one of them (about log10 P of them
 * here), and at P = 10000 the nodes walked are no longer in cache.
 *
 * <p>The baseline {@code banListScan} is {@link BanListBaseline}: what a Varnish-style ban list
 * costs an object older than every ban, one {@code startsWith} per prefix ban and one comparison
 * per tag ban against each object tag, stopping at the first match. It grows linearly in P.
 *
 * <p>Run: {@code bench/jmh PurgeCheckBenchmark}.
 *
 * <p>What could make the numbers lie: the baseline is the worst case of a ban list; Varnish
 * remembers per object the newest ban it was tested against, so an object pays for each ban once
 * (on its first lookup after the ban, or in the background ban lurker), not on every lookup as
 * here; a fairer reading is that the baseline is the cost of the first lookup after P bans, and
 * that the ban list must also be kept and trimmed, which the generations never need. The baseline
 * ignores the host (every purge here is on the one host) and uses plain string prefixes, not the
 * regular expressions Varnish bans use, both in its favour. Objects cycle through 4096 precomputed
 * paths and tag lists; at P = 10000 the trie (about 35000 nodes) and the ban list no longer fit in
 * L1, which is part of what is measured. Results are returned, so nothing is eliminated as dead
 * code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class PurgeCheckBenchmark {
  private static final int OBJECTS = 4096;
  private static final int KEY_SPACE = 1_000_000;
  private static final String HOST = "www.example.com";

  @Param({"0", "100", "10000"})
  public int purges;

  private PurgeGenerations generations;
  private BanListBaseline bans;
  private String[] paths;
  private List<String>[] tags;
  private long stamp;
  private int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    generations = PurgeGenerations.inMemory();
    stamp = generations.current();
    String[] prefixes = new String[purges];
    String[] tagBans = new String[purges];
    for (int i = 0; i < purges; i++) {
      prefixes[i] = "/products/" + random.nextInt(KEY_SPACE) + "/";
      tagBans[i] = "product-" + random.nextInt(KEY_SPACE);
      generations.purgePrefix(HOST, prefixes[i], false);
      generations.purgeTag(tagBans[i], false);
    }
    bans = new BanListBaseline(prefixes, tagBans);
    paths = new String[OBJECTS];
    tags = new List[OBJECTS];
    int invalid = 0;
    for (int i = 0; i < OBJECTS; i++) {
      int k = random.nextInt(KEY_SPACE);
      paths[i] = "/products/" + k + "/images/main.jpg";
      tags[i] = List.of("product-" + k, "catalog");
      boolean purged =
          generations.validity(HOST, paths[i], tags[i], stamp) == PurgeGenerations.Validity.INVALID;
      if (purged != bans.banned(paths[i], tags[i])) {
        throw new IllegalStateException("baseline and generations disagree on " + paths[i]);
      }
      invalid += purged ? 1 : 0;
    }
    if (purges == 0 && invalid != 0) {
      throw new IllegalStateException(invalid + " objects purged without any purge");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    generations.close();
  }

  @Benchmark
  public PurgeGenerations.Validity validity() {
    int i = next;
    next = (i + 1) & (OBJECTS - 1);
    return generations.validity(HOST, paths[i], tags[i], stamp);
  }

  @Benchmark
  public boolean banListScan() {
    int i = next;
    next = (i + 1) & (OBJECTS - 1);
    return bans.banned(paths[i], tags[i]);
  }

  /**
   * A Varnish-style ban list reduced to its lookup: every ban newer than the object is tested
   * against it, O(bans × tags) per check. Here every ban is newer than every object.
   */
  public static final class BanListBaseline {
    private final String[] prefixes;
    private final String[] tags;

    /** Bans on these path prefixes and these tags, all of one host. */
    public BanListBaseline(String[] prefixes, String[] tags) {
      this.prefixes = prefixes.clone();
      this.tags = tags.clone();
    }

    /** Whether a ban matches an object with {@code path} and {@code objectTags}. */
    public boolean banned(String path, List<String> objectTags) {
      for (String prefix : prefixes) {
        if (path.startsWith(prefix)) {
          return true;
        }
      }
      for (String tag : tags) {
        for (int i = 0, n = objectTags.size(); i < n; i++) {
          if (tag.equals(objectTags.get(i))) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
