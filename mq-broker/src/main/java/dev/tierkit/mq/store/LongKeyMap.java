package dev.tierkit.mq.store;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A hash map from {@code long} to objects for replay's index of a million messages, without the
 * boxed key and entry object per mapping that {@code HashMap<Long, V>} costs (about 50 bytes).
 *
 * <p>Design: open addressing with linear probing over parallel key and value arrays, the capacity a
 * power of two kept at most half full; a {@code null} value marks a free slot. Keys are spread with
 * a Fibonacci multiplier since message ids arrive nearly sequential. Removal shifts later members
 * of the probe run back (Knuth's algorithm R), so there are no tombstones and lookups stay short
 * however many ids are removed. All operations are expected O(1).
 */
final class LongKeyMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;
  private int shift;

  LongKeyMap() {
    keys = new long[1024];
    values = new Object[1024];
    shift = 64 - 10;
  }

  int size() {
    return size;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return (V) values[i];
      }
    }
    return null;
  }

  void put(long key, V value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(key);
    while (values[i] != null) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    size++;
  }

  void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key);
    while (values[i] != null && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] == null) {
      return;
    }
    size--;
    // Shift back every later member of the run that may not stay behind the new gap.
    int gap = i;
    for (int j = (gap + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
      if (movable) {
        keys[gap] = keys[j];
        values[gap] = values[j];
        gap = j;
      }
    }
    values[gap] = null;
  }

  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<V> action) {
    for (Object value : values) {
      if (value != null) {
        action.accept((V) value);
      }
    }
  }

  void clear() {
    keys = new long[16];
    values = new Object[16];
    shift = 64 - 4;
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    shift--;
    int mask = keys.length - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldValues[k] != null) {
        int i = slot(oldKeys[k]);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[k];
        values[i] = oldValues[k];
      }
    }
    Arrays.fill(oldValues, null);
  }
}
