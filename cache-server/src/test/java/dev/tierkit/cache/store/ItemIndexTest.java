package dev.tierkit.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemIndexTest {
  @Test
  void everyEntrySurvivesGrowthAndBackwardShiftDeletion() {
    ItemIndex index = new ItemIndex();
    Map<Integer, Integer> hashByRef = new HashMap<>();
    List<Integer> refs = new ArrayList<>();
    Random random = new Random(7);
    int nextRef = 1;
    for (int op = 0; op < 60_000; op++) {
      if (refs.isEmpty() || random.nextInt(3) > 0) {
        int ref = nextRef++;
        // few distinct hashes: long probe runs that wrap around the table
        int hash = random.nextInt(4096) * 0x10001 - 5;
        index.insert(hash, ref);
        hashByRef.put(ref, hash);
        refs.add(ref);
      } else {
        int ref = refs.remove(random.nextInt(refs.size()));
        index.removeAt(index.findRef(hashByRef.remove(ref), ref));
      }
      if (op % 10_000 == 0) {
        for (int ref : refs) {
          int slot = index.find(hashByRef.get(ref), candidate -> candidate == ref);
          assertThat(index.refAt(slot)).isEqualTo(ref);
        }
      }
    }
    assertThat(index.size()).isEqualTo(refs.size());
    for (int ref : refs) {
      assertThat(index.refAt(index.findRef(hashByRef.get(ref), ref))).isEqualTo(ref);
    }
    assertThat(index.find(12345, candidate -> true)).isEqualTo(-1);
  }

  @Test
  void staysUnderThreeQuartersFull() {
    ItemIndex index = new ItemIndex();
    for (int i = 1; i <= 100_000; i++) {
      index.insert(i * 0x9E3779B9, i);
      assertThat(index.size() * 4L).isLessThanOrEqualTo(index.capacity() * 3L);
    }
  }
}
