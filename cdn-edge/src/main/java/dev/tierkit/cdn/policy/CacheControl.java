package dev.tierkit.cdn.policy;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * The directives of a Cache-Control (RFC 9111 §5.2) or CDN-Cache-Control (RFC 9213) field, parsed
 * once and immutable.
 *
 * <p>The parser is tolerant, as caches in the field are: several field lines are one comma list;
 * directive names are case-insensitive; values may be tokens or quoted strings (RFC 9111 §5.2: a
 * recipient SHOULD accept {@code max-age="60"}); whitespace around {@code =} is skipped; an
 * unterminated quoted string runs to the end of its field line. A delta-seconds value that is not
 * all digits (empty, negative, {@code 1.5}) makes that occurrence count as absent; a value too big
 * to represent is taken as 2^31 seconds (RFC 9111 §1.2.2). When a directive occurs more than once
 * the first valid occurrence wins (RFC 9111 §4.2.1 allows "first occurrence"). Unknown directives
 * count towards {@link #isEmpty()} (an extension-only field is still a field the origin meant) but
 * are otherwise ignored.
 *
 * <p>Field-named {@code no-cache="set-cookie"} and {@code private="x"} are <em>not</em> the
 * unqualified directives: RFC 9111 §5.2.2.4 and §5.2.2.7 let a shared cache store such a response
 * as long as it does not reuse (no-cache) or store (private) the named fields. {@link #noCache()}
 * and {@link #privateDirective()} are false for them; the field names are kept in {@link
 * #noCacheFields()} and {@link #privateFields()} so the storer can drop those fields (see {@link
 * Freshness#stripQualifiedFields}).
 *
 * <p>Cost: one pass over the field's characters with no per-directive allocation (only a quoted
 * field-name list is copied out), so a 10,000-directive field is parsed in linear time.
 */
public final class CacheControl {
  /** No directives at all. */
  public static final CacheControl EMPTY = new CacheControl();

  /** The largest delta-seconds kept, per RFC 9111 §1.2.2. */
  static final long MAX_DELTA_SECONDS = 2_147_483_648L;

  // Directive ids, in NAMES order; booleans are bits of `flags`, deltas are slots of `deltas`.
  private static final String[] NAMES = {
    "max-age",
    "s-maxage",
    "stale-while-revalidate",
    "stale-if-error",
    "max-stale",
    "min-fresh",
    "no-store",
    "no-cache",
    "private",
    "public",
    "must-revalidate",
    "proxy-revalidate",
    "immutable",
    "only-if-cached",
    "no-transform",
  };
  private static final int MAX_AGE = 0;
  private static final int S_MAXAGE = 1;
  private static final int SWR = 2;
  private static final int SIE = 3;
  private static final int MAX_STALE = 4;
  private static final int MIN_FRESH = 5;
  private static final int DELTAS = 6;
  private static final int NO_STORE = 6;
  private static final int NO_CACHE = 7;
  private static final int PRIVATE = 8;
  private static final int PUBLIC = 9;
  private static final int MUST_REVALIDATE = 10;
  private static final int PROXY_REVALIDATE = 11;
  private static final int IMMUTABLE = 12;
  private static final int ONLY_IF_CACHED = 13;
  private static final int NO_TRANSFORM = 14;

  private final long[] deltas = {-1, -1, -1, -1, -1, -1};
  private int flags;
  private int seen;
  private int directives;
  private String noCacheFields;
  private String privateFields;

  private CacheControl() {}

  /**
   * Parses every line of the field {@code name} ({@code cache-control} or {@code
   * cdn-cache-control}) in {@code headers}; {@link #EMPTY} when the field is absent or blank.
   */
  public static CacheControl parse(HttpHeaders headers, CharSequence name) {
    if (headers == null || !headers.contains(name)) {
      return EMPTY;
    }
    CacheControl cc = new CacheControl();
    // getAll, not valueStringIterator: Netty's DefaultHttpHeaders iterates a name's values in
    // reverse insertion order, and "first occurrence wins" needs field-line order.
    for (String line : headers.getAll(name)) {
      cc.parseLine(line);
    }
    return cc.directives == 0 ? EMPTY : cc;
  }

  /** Parses one field value; {@link #EMPTY} for null or blank. */
  public static CacheControl parse(CharSequence value) {
    if (value == null) {
      return EMPTY;
    }
    CacheControl cc = new CacheControl();
    cc.parseLine(value);
    return cc.directives == 0 ? EMPTY : cc;
  }

  /*
   * One left-to-right scan: skip separators, read a name up to '=', ',' or whitespace, then an
   * optional value (token up to ',' or a quoted string with backslash escapes). The index only
   * moves forward, so the scan is O(length) whatever the input.
   */
  private void parseLine(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == ',' || isSpace(c)) {
        i++;
        continue;
      }
      int nameStart = i;
      while (i < n && (c = s.charAt(i)) != ',' && c != '=' && !isSpace(c)) {
        i++;
      }
      int nameEnd = i;
      i = skipSpaces(s, i);
      int valueStart = -1;
      int valueEnd = -1;
      boolean quoted = false;
      if (i < n && s.charAt(i) == '=') {
        i = skipSpaces(s, i + 1);
        if (i < n && s.charAt(i) == '"') {
          quoted = true;
          valueStart = ++i;
          while (i < n && s.charAt(i) != '"') {
            i += s.charAt(i) == '\\' ? 2 : 1;
          }
          valueEnd = Math.min(i, n);
          i++; // past the closing quote (or the end)
        } else {
          valueStart = i;
          while (i < n && (c = s.charAt(i)) != ',' && !isSpace(c)) {
            i++;
          }
          valueEnd = i;
        }
        // Anything up to the next comma is junk after the value; skip it.
        while (i < n && s.charAt(i) != ',') {
          i++;
        }
      }
      if (nameEnd > nameStart) {
        directives++;
        apply(s, nameStart, nameEnd, valueStart, valueEnd, quoted);
      }
    }
  }

  private void apply(CharSequence s, int ns, int ne, int vs, int ve, boolean quoted) {
    int id = lookup(s, ns, ne);
    if (id < 0 || (seen & (1 << id)) != 0) {
      return;
    }
    if (id < DELTAS) {
      long v;
      if (vs < 0) {
        // max-stale alone means "any staleness"; the others need a value.
        v = id == MAX_STALE ? Long.MAX_VALUE : -1;
      } else {
        v = parseDelta(s, vs, ve);
      }
      if (v >= 0) {
        deltas[id] = v;
        seen |= 1 << id;
      }
      return;
    }
    seen |= 1 << id;
    if ((id == NO_CACHE || id == PRIVATE) && vs >= 0) {
      String fields = unquote(s, vs, ve, quoted);
      if (id == NO_CACHE) {
        noCacheFields = fields;
      } else {
        privateFields = fields;
      }
      return;
    }
    flags |= 1 << id;
  }

  private static int lookup(CharSequence s, int ns, int ne) {
    int len = ne - ns;
    for (int id = 0; id < NAMES.length; id++) {
      String name = NAMES[id];
      if (name.length() == len && regionEqualsIgnoreCase(s, ns, name)) {
        return id;
      }
    }
    return -1;
  }

  private static boolean regionEqualsIgnoreCase(CharSequence s, int at, String lower) {
    for (int k = 0; k < lower.length(); k++) {
      char c = s.charAt(at + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** Digits only, saturating at 2^31; -1 when not a delta-seconds. */
  static long parseDelta(CharSequence s, int from, int to) {
    if (from >= to) {
      return -1;
    }
    long v = 0;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (v < MAX_DELTA_SECONDS) {
        v = v * 10 + (c - '0');
      }
    }
    return Math.min(v, MAX_DELTA_SECONDS);
  }

  private static String unquote(CharSequence s, int vs, int ve, boolean quoted) {
    if (!quoted) {
      return s.subSequence(vs, ve).toString();
    }
    StringBuilder b = new StringBuilder(ve - vs);
    for (int k = vs; k < ve; k++) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < ve) {
        c = s.charAt(++k);
      }
      b.append(c);
    }
    return b.toString();
  }

  private static int skipSpaces(CharSequence s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private boolean flag(int id) {
    return (flags & (1 << id)) != 0;
  }

  /** Whether the field had no directive at all (absent, blank or only commas). */
  public boolean isEmpty() {
    return directives == 0;
  }

  /** {@code max-age} in seconds, -1 when absent. */
  public long maxAge() {
    return deltas[MAX_AGE];
  }

  /** {@code s-maxage} in seconds, -1 when absent. */
  public long sMaxAge() {
    return deltas[S_MAXAGE];
  }

  /** {@code stale-while-revalidate} (RFC 5861 §3) in seconds, -1 when absent. */
  public long staleWhileRevalidate() {
    return deltas[SWR];
  }

  /** {@code stale-if-error} (RFC 5861 §4) in seconds, -1 when absent. */
  public long staleIfError() {
    return deltas[SIE];
  }

  /**
   * {@code max-stale} (a request directive) in seconds, {@link Long#MAX_VALUE} without a value, -1
   * when absent.
   */
  public long maxStale() {
    return deltas[MAX_STALE];
  }

  /** {@code min-fresh} (a request directive) in seconds, -1 when absent. */
  public long minFresh() {
    return deltas[MIN_FRESH];
  }

  /** {@code no-store}. */
  public boolean noStore() {
    return flag(NO_STORE);
  }

  /** Unqualified {@code no-cache}; false for {@code no-cache="field"}. */
  public boolean noCache() {
    return flag(NO_CACHE);
  }

  /** Unqualified {@code private}; false for {@code private="field"}. */
  public boolean privateDirective() {
    return flag(PRIVATE);
  }

  /** {@code public}. */
  public boolean publicDirective() {
    return flag(PUBLIC);
  }

  /** {@code must-revalidate}. */
  public boolean mustRevalidate() {
    return flag(MUST_REVALIDATE);
  }

  /** {@code proxy-revalidate}. */
  public boolean proxyRevalidate() {
    return flag(PROXY_REVALIDATE);
  }

  /** {@code immutable} (RFC 8246). */
  public boolean immutable() {
    return flag(IMMUTABLE);
  }

  /** {@code only-if-cached} (a request directive). */
  public boolean onlyIfCached() {
    return flag(ONLY_IF_CACHED);
  }

  /** {@code no-transform}. */
  public boolean noTransform() {
    return flag(NO_TRANSFORM);
  }

  /**
   * The field names of a qualified {@code no-cache="a, b"} as written (unquoted), or null when
   * there is none.
   */
  public String noCacheFields() {
    return noCacheFields;
  }

  /**
   * The field names of a qualified {@code private="a, b"} as written (unquoted), or null when there
   * is none.
   */
  public String privateFields() {
    return privateFields;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int id = 0; id < NAMES.length; id++) {
      if ((seen & (1 << id)) == 0) {
        continue;
      }
      if (b.length() > 0) {
        b.append(", ");
      }
      b.append(NAMES[id]);
      if (id < DELTAS) {
        if (deltas[id] != Long.MAX_VALUE) {
          b.append('=').append(deltas[id]);
        }
      } else if (id == NO_CACHE && noCacheFields != null) {
        b.append("=\"").append(noCacheFields).append('"');
      } else if (id == PRIVATE && privateFields != null) {
        b.append("=\"").append(privateFields).append('"');
      }
    }
    return b.toString();
  }
}
