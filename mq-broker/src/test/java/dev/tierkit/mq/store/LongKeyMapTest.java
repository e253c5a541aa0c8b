package dev.tierkit.mq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongKeyMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    SplittableRandom random = new SplittableRandom(42);
    LongKeyMap<String> map = new LongKeyMap<>();
    Map<Long, String> model = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // A narrow key range forces long probe runs, collisions and wrap-around at the array's end.
      long key = step < 100_000 ? random.nextLong(5_000) : random.nextLong(1L << 40);
      int op = random.nextInt(3);
      if (op == 0) {
        map.remove(key);
        model.remove(key);
      } else {
        String value = "v" + step;
        map.put(key, value);
        model.put(key, value);
      }
      if (step % 1000 == 0) {
        assertThat(map.size()).isEqualTo(model.size());
        long wrong = 0;
        for (Map.Entry<Long, String> entry : model.entrySet()) {
          if (!entry.getValue().equals(map.get(entry.getKey()))) {
            wrong++;
          }
        }
        assertThat(wrong).as("entries that differ from the model at step %d", step).isZero();
      }
      if (!Objects.equals(map.get(key), model.get(key))) {
        assertThat(map.get(key)).as("key %d at step %d", key, step).isEqualTo(model.get(key));
      }
    }
    Map<String, Boolean> seen = new HashMap<>();
    map.forEachValue(value -> seen.put(value, true));
    // Set equality, not containsExactlyInAnyOrder, which is quadratic over 60,000 values.
    assertThat(seen.keySet()).isEqualTo(new HashSet<>(model.values()));
  }

  @Test
  void sequentialIdsRemovedInOrderLeaveNothingBehind() {
    LongKeyMap<Long> map = new LongKeyMap<>();
    for (long id = 1; id <= 100_000; id++) {
      map.put(id, id);
    }
    for (long id = 1; id <= 100_000; id++) {
      assertThat(map.get(id)).isEqualTo(id);
      map.remove(id);
    }
    assertThat(map.size()).isZero();
    assertThat(map.get(5)).isNull();
  }
}
