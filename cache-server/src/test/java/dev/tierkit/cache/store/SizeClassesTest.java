package dev.tierkit.cache.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizeClassesTest {
  private final SizeClasses classes = new SizeClasses();

  @Test
  void chunkSizesGrowByAtMostTheFactorAndFillTheirPages() {
    assertThat(classes.chunkSize(0)).isEqualTo(40);
    assertThat(classes.chunkSize(classes.count() - 1)).isEqualTo(SizeClasses.MAX_CHUNK);
    for (int cls = 0; cls < classes.count(); cls++) {
      int size = classes.chunkSize(cls);
      assertThat(size % 8).isZero();
      assertThat(SizeClasses.PAGE_SIZE - classes.chunksPerPage(cls) * size)
          .as("page tail of class %d", cls)
          .isLessThan(classes.chunksPerPage(cls) * 8);
      if (cls > 0) {
        int previous = classes.chunkSize(cls - 1);
        assertThat(size).isGreaterThan(previous);
        // the factor, then 8-byte alignment, then widening to fill the page
        assertThat((double) size / previous)
            .isLessThanOrEqualTo(
                SizeClasses.GROWTH_FACTOR + 16.0 / previous + 1.0 / classes.chunksPerPage(cls));
      }
    }
  }

  @Test
  void anItemGoesToTheSmallestChunkThatHoldsIt() {
    for (int size = ItemHeader.SIZE + 1; size <= SizeClasses.MAX_CHUNK; size++) {
      int cls = classes.classFor(size);
      assertThat(classes.chunkSize(cls)).isGreaterThanOrEqualTo(size);
      if (cls > 0) {
        assertThat(classes.chunkSize(cls - 1)).isLessThan(size);
      }
    }
    assertThat(classes.classFor(SizeClasses.MAX_CHUNK + 1)).isEqualTo(classes.large());
  }
}
