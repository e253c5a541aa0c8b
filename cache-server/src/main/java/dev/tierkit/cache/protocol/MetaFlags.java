package dev.tierkit.cache.protocol;

/**
 * The flags of one meta command in request order (replies echo them in that order), with their
 * tokens already validated and parsed by {@link MetaFlagParser}.
 */
public final class MetaFlags {
  private final byte[] letters;
  private final long[] numbers;
  private final String opaque;
  private final byte mode;
  private final long present;

  MetaFlags(byte[] letters, long[] numbers, String opaque, byte mode) {
    this.letters = letters;
    this.numbers = numbers;
    this.opaque = opaque;
    this.mode = mode;
    long mask = 0;
    for (byte letter : letters) {
      mask |= bit(letter);
    }
    this.present = mask;
  }

  static long bit(int letter) {
    return 1L << (letter - 'A');
  }

  /** Whether flag {@code letter} was given. */
  public boolean has(char letter) {
    return (present & bit(letter)) != 0;
  }

  /** The numeric token of flag {@code letter}, or {@code absent} when the flag was not given. */
  public long number(char letter, long absent) {
    for (int i = 0; i < letters.length; i++) {
      if (letters[i] == letter) {
        return numbers[i];
      }
    }
    return absent;
  }

  /** The opaque token ({@code O}), or null. */
  public String opaque() {
    return opaque;
  }

  /** The mode token ({@code M}), or 0. */
  public byte mode() {
    return mode;
  }

  /** How many flags were given. */
  public int size() {
    return letters.length;
  }

  /** The {@code index}-th flag letter in request order. */
  public char letter(int index) {
    return (char) letters[index];
  }

  @Override
  public String toString() {
    return new String(letters, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
