package dev.tierkit.cdn.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses a Range header against a representation's length (RFC 9110 §14.1.2, §14.2).
 *
 * <p>Outcomes: {@link RangeSet.Kind#IGNORE} (serve the whole 200) when the field is absent, not in
 * the {@code bytes} unit, syntactically invalid anywhere (RFC 9110 §14.2 lets a server ignore an
 * invalid Range; {@code bytes=5-2} is one), or lists more than {@code maxRanges} ranges (a cheap
 * guard against the many-overlapping-ranges denial of service, Apache's CVE-2011-3192); {@link
 * RangeSet.Kind#UNSATISFIABLE} (416 with {@code Content-Range: bytes *}{@code /length}) when no
 * range overlaps the representation (a length of 0 satisfies nothing, nor does {@code -0}); {@link
 * RangeSet.Kind#SATISFIABLE} otherwise, with the satisfiable ranges only.
 *
 * <p>Satisfiable ranges are clamped to {@code length - 1}, then overlapping or adjacent ones are
 * coalesced (RFC 9110 §14.2 allows it; it bounds a multipart answer to at most the body's size).
 * The merged ranges are returned in the order their earliest member appeared in the request. One
 * range left means a single-part 206. Numbers too long for a long saturate, so a huge first-pos is
 * simply unsatisfiable. Cost: O(r log r) for r ranges (r ≤ maxRanges).
 */
public final class ByteRanges {
  private ByteRanges() {}

  /**
   * One inclusive byte range, {@code 0 <= first <= last}.
   *
   * @param first the first byte's offset
   * @param last the last byte's offset, inclusive
   */
  public record Range(long first, long last) {
    public Range {
      if (first < 0 || last < first) {
        throw new IllegalArgumentException("bad range " + first + "-" + last);
      }
    }

    /** The number of bytes it covers. */
    public long length() {
      return last - first + 1;
    }
  }

  /**
   * A parsed Range header.
   *
   * @param kind what to answer
   * @param ranges the satisfiable ranges, coalesced; empty unless {@code SATISFIABLE}
   */
  public record RangeSet(Kind kind, List<Range> ranges) {
    static final RangeSet IGNORED = new RangeSet(Kind.IGNORE, List.of());
    static final RangeSet NONE_SATISFIABLE = new RangeSet(Kind.UNSATISFIABLE, List.of());

    /** What the response should be. */
    public enum Kind {
      /** Serve the whole representation with 200, as if there were no Range. */
      IGNORE,
      /** 206 with the ranges: a single part when there is one, multipart/byteranges otherwise. */
      SATISFIABLE,
      /** 416 Range Not Satisfiable. */
      UNSATISFIABLE
    }

    public RangeSet {
      ranges = List.copyOf(ranges);
    }

    /** Whether the answer is a single-part 206. */
    public boolean isSingle() {
      return kind == Kind.SATISFIABLE && ranges.size() == 1;
    }
  }

  /**
   * Parses {@code rangeHeader} (nullable) for a representation of {@code length} bytes, allowing at
   * most {@code maxRanges} ranges.
   */
  public static RangeSet parse(String rangeHeader, long length, int maxRanges) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    if (rangeHeader == null) {
      return RangeSet.IGNORED;
    }
    String h = rangeHeader;
    int n = h.length();
    int i = skipSpaces(h, 0);
    if (!h.regionMatches(true, i, "bytes", 0, 5)) {
      return RangeSet.IGNORED;
    }
    i = skipSpaces(h, i + 5);
    if (i >= n || h.charAt(i) != '=') {
      return RangeSet.IGNORED;
    }
    i++;
    // Each satisfiable range as {first, last, appearance index}.
    List<long[]> found = new ArrayList<>(2);
    int specs = 0;
    while (i < n) {
      i = skipSpaces(h, i);
      if (i < n && h.charAt(i) == ',') {
        i++;
        continue;
      }
      if (i >= n) {
        break;
      }
      if (++specs > maxRanges) {
        return RangeSet.IGNORED;
      }
      long first = -1;
      long last = -1;
      int start = i;
      i = digits(h, i);
      if (i > start) {
        first = number(h, start, i);
      }
      i = skipSpaces(h, i);
      if (i >= n || h.charAt(i) != '-') {
        return RangeSet.IGNORED;
      }
      i = skipSpaces(h, i + 1);
      start = i;
      i = digits(h, i);
      if (i > start) {
        last = number(h, start, i);
      }
      i = skipSpaces(h, i);
      if (i < n && h.charAt(i) != ',') {
        return RangeSet.IGNORED;
      }
      if (first < 0) {
        if (last < 0) {
          return RangeSet.IGNORED; // a bare "-"
        }
        if (last > 0 && length > 0) {
          found.add(new long[] {Math.max(0, length - last), length - 1, specs});
        }
      } else {
        if (last >= 0 && last < first) {
          return RangeSet.IGNORED;
        }
        if (first < length) {
          found.add(new long[] {first, last < 0 ? length - 1 : Math.min(last, length - 1), specs});
        }
      }
    }
    if (specs == 0) {
      return RangeSet.IGNORED;
    }
    if (found.isEmpty()) {
      return RangeSet.NONE_SATISFIABLE;
    }
    return new RangeSet(RangeSet.Kind.SATISFIABLE, coalesce(found));
  }

  /*
   * Sort by first offset and merge runs that overlap or touch (next.first <= current.last + 1),
   * keeping for each merged range the smallest appearance index of its members; then order the
   * merged ranges by that index.
   */
  private static List<Range> coalesce(List<long[]> found) {
    if (found.size() == 1) {
      long[] r = found.get(0);
      return List.of(new Range(r[0], r[1]));
    }
    long[][] rs = found.toArray(new long[0][]);
    Arrays.sort(rs, (a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>(rs.length);
    long[] cur = rs[0].clone();
    for (int k = 1; k < rs.length; k++) {
      long[] r = rs[k];
      if (r[0] <= cur[1] + 1) {
        cur[1] = Math.max(cur[1], r[1]);
        cur[2] = Math.min(cur[2], r[2]);
      } else {
        merged.add(cur);
        cur = r.clone();
      }
    }
    merged.add(cur);
    merged.sort((a, b) -> Long.compare(a[2], b[2]));
    List<Range> out = new ArrayList<>(merged.size());
    for (long[] r : merged) {
      out.add(new Range(r[0], r[1]));
    }
    return out;
  }

  /** The Content-Range of one part: {@code bytes first-last/length}. */
  public static String contentRange(Range r, long length) {
    return "bytes " + r.first() + "-" + r.last() + "/" + length;
  }

  /** The Content-Range of a 416: {@code bytes *}{@code /length}. */
  public static String unsatisfiedContentRange(long length) {
    return "bytes */" + length;
  }

  private static int digits(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  /** The decimal in {@code s[from, to)}, saturating at {@link Long#MAX_VALUE}. */
  private static long number(String s, int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) {
      int d = s.charAt(k) - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        return Long.MAX_VALUE;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
