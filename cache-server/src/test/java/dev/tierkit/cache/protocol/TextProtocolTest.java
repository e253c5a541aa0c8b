package dev.tierkit.cache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.common.testing.CodecTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exact reply bytes of the classic text commands. Every expected reply here was first taken from
 * memcached 1.6.18 ({@code memcached -p 22122 -U 0 -t 1 -m 64}) fed the same bytes; deliberate
 * differences are named in the test.
 */
@CodecTest
@ParameterizedClass
@EnumSource(
    value = EvictionPolicy.class,
    names = {"LRU", "TINYLFU"})
class TextProtocolTest {
  private final MemcacheConnection c;

  TextProtocolTest(EvictionPolicy policy) {
    c = new MemcacheConnection(policy);
  }

  @AfterEach
  void close() {
    c.close();
  }

  @Test
  void setThenGetReturnsTheValueAndAKeyAskedTwiceTwice() {
    assertThat(c.send("set k 0 0 1\r\na\r\nget k k\r\n"))
        .isEqualTo("STORED\r\nVALUE k 0 1\r\na\r\nVALUE k 0 1\r\na\r\nEND\r\n");
  }

  @Test
  void flagsAreThirtyTwoBitUnsigned() {
    assertThat(c.send("set k 4294967295 0 1\r\na\r\nget k\r\n"))
        .isEqualTo("STORED\r\nVALUE k 4294967295 1\r\na\r\nEND\r\n");
  }

  @Test
  void flagsBeyondThirtyTwoBitsAreRefused() {
    // memcached 1.6.18 silently truncates 4294967296 to 0; later versions refuse it, as we do.
    assertThat(c.send("set k 4294967296 0 1\r\na\r\n"))
        .isEqualTo("CLIENT_ERROR bad command line format\r\nERROR\r\n");
  }

  @Test
  void getsReturnsTheCasThatCasNeeds() {
    c.send("set k 0 0 1\r\na\r\n");
    String gets = c.send("gets k\r\n");
    String cas = gets.split("\r\n")[0].split(" ")[4];
    assertThat(c.send("cas k 0 0 1 " + cas + "\r\nb\r\ncas k 0 0 1 " + cas + "\r\nc\r\n"))
        .isEqualTo("STORED\r\nEXISTS\r\n");
    assertThat(c.send("cas nope 0 0 1 1\r\nb\r\n")).isEqualTo("NOT_FOUND\r\n");
  }

  @Test
  void addReplaceAppendPrependFollowTheirConditions() {
    assertThat(
            c.send(
                "set t 0 0 1 noreply\r\na\r\nadd t 0 0 1\r\nb\r\nreplace zz 0 0 1\r\nb\r\n"
                    + "append zz 0 0 1\r\nb\r\nprepend t 0 0 1\r\nb\r\nappend t 0 0 1\r\nc\r\n"
                    + "get t\r\n"))
        .isEqualTo(
            "NOT_STORED\r\nNOT_STORED\r\nNOT_STORED\r\nSTORED\r\nSTORED\r\nVALUE t 0 3\r\nbac\r\nEND\r\n");
    assertThat(c.send("add n 0 0 1\r\nx\r\nreplace n 5 0 1\r\ny\r\nget n\r\n"))
        .isEqualTo("STORED\r\nSTORED\r\nVALUE n 5 1\r\ny\r\nEND\r\n");
  }

  @Test
  void appendKeepsTheItemsFlags() {
    assertThat(c.send("set k 7 0 1\r\na\r\nappend k 9 0 1\r\nb\r\nget k\r\n"))
        .isEqualTo("STORED\r\nSTORED\r\nVALUE k 7 2\r\nab\r\nEND\r\n");
  }

  @Test
  void deleteAcceptsTheLegacyZeroAndRefusesOtherNumbers() {
    assertThat(
            c.send(
                "set k 0 0 1\r\na\r\ndelete k 0\r\ndelete k\r\ndelete k 1\r\n"
                    + "delete k 0 noreply\r\ndelete k noreply\r\nversion\r\n"))
        .isEqualTo(
            "STORED\r\nDELETED\r\nNOT_FOUND\r\n"
                + "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"
                + "VERSION 1.6.21-tierkit\r\n");
  }

  @Test
  void incrAndDecrOfMissingKeysAreNotFound() {
    assertThat(c.send("incr nokey 1\r\ndecr nokey 1\r\n")).isEqualTo("NOT_FOUND\r\nNOT_FOUND\r\n");
  }

  @Test
  void decrToAShorterNumberIsPaddedWithSpacesInPlace() {
    assertThat(c.send("set n 0 0 2\r\n10\r\ndecr n 1\r\nget n\r\nincr n 5\r\nget n\r\n"))
        .isEqualTo("STORED\r\n9\r\nVALUE n 0 2\r\n9 \r\nEND\r\n14\r\nVALUE n 0 2\r\n14\r\nEND\r\n");
  }

  @Test
  void decrStopsAtZero() {
    assertThat(c.send("set n 0 0 2\r\n10\r\ndecr n 100\r\nget n\r\n"))
        .isEqualTo("STORED\r\n0\r\nVALUE n 0 2\r\n0 \r\nEND\r\n");
  }

  @Test
  void incrWrapsAtTwoToTheSixtyFour() {
    assertThat(c.send("set n 0 0 20\r\n18446744073709551615\r\nincr n 2\r\nget n\r\n"))
        .isEqualTo("STORED\r\n1\r\nVALUE n 0 20\r\n1                   \r\nEND\r\n");
  }

  @Test
  void incrReachesTheLargestUnsignedValue() {
    assertThat(c.send("set n 0 0 1\r\n0\r\nincr n 18446744073709551615\r\nincr n 1\r\n"))
        .isEqualTo("STORED\r\n18446744073709551615\r\n0\r\n");
  }

  @Test
  void incrToALongerNumberMakesANewValueWithANewCas() {
    c.send("set n 3 0 1\r\n9\r\n");
    String before = c.send("gets n\r\n").split("\r\n")[0];
    assertThat(c.send("incr n 1\r\n")).isEqualTo("10\r\n");
    String after = c.send("gets n\r\n");
    assertThat(after).startsWith("VALUE n 3 2 ").endsWith("\r\n10\r\nEND\r\n");
    assertThat(after.split("\r\n")[0]).isNotEqualTo(before);
  }

  @Test
  void incrAcceptsWhatStrtoullAccepts() {
    assertThat(c.send("set n 0 0 3\r\n 12\r\nincr n 1\r\n")).isEqualTo("STORED\r\n13\r\n");
    assertThat(c.send("set n 0 0 25\r\n0000000000000000000000001\r\nincr n 1\r\n"))
        .isEqualTo("STORED\r\n2\r\n");
  }

  @Test
  void incrOfNonNumericValuesIsAClientError() {
    String nonNumeric = "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n";
    assertThat(c.send("set n 0 0 2\r\nab\r\nincr n 1\r\n")).isEqualTo("STORED\r\n" + nonNumeric);
    assertThat(c.send("set n 0 0 3\r\n12a\r\nincr n 1\r\n")).isEqualTo("STORED\r\n" + nonNumeric);
    assertThat(c.send("set n 0 0 0\r\n\r\nincr n 1\r\n")).isEqualTo("STORED\r\n" + nonNumeric);
    assertThat(c.send("set n 0 0 2\r\n-1\r\ndecr n 1\r\n")).isEqualTo("STORED\r\n" + nonNumeric);
  }

  @Test
  void incrWithInvalidDeltaIsAClientErrorUnlessNoreply() {
    assertThat(c.send("incr k abc\r\nincr k -1\r\nincr k x noreply\r\nmn\r\n"))
        .isEqualTo(
            "CLIENT_ERROR invalid numeric delta argument\r\n"
                + "CLIENT_ERROR invalid numeric delta argument\r\nMN\r\n");
  }

  @Test
  void touchChangesExpiryOfPresentKeysOnly() {
    assertThat(c.send("set t 0 10 1\r\na\r\ntouch t 100\r\ntouch nope 10\r\n"))
        .isEqualTo("STORED\r\nTOUCHED\r\nNOT_FOUND\r\n");
    c.clock.advance(50);
    assertThat(c.send("get t\r\n")).isEqualTo("VALUE t 0 1\r\na\r\nEND\r\n");
    c.clock.advance(51);
    assertThat(c.send("get t\r\n")).isEqualTo("END\r\n");
  }

  @Test
  void gatAndGatsTouchAndReturn() {
    c.send("set t 0 10 1\r\na\r\n");
    assertThat(c.send("gat 100 t\r\n")).isEqualTo("VALUE t 0 1\r\na\r\nEND\r\n");
    assertThat(c.send("gats 100 t t\r\n")).matches("(VALUE t 0 1 \\d+\r\na\r\n){2}END\r\n");
    c.clock.advance(99);
    assertThat(c.send("get t\r\n")).isEqualTo("VALUE t 0 1\r\na\r\nEND\r\n");
    assertThat(c.send("gat 10\r\ngat abc t\r\n"))
        .isEqualTo("END\r\nCLIENT_ERROR invalid exptime argument\r\n");
  }

  @Test
  void relativeExpiryEndsTheItemAfterItsSeconds() {
    c.send("set k 0 5 1\r\na\r\n");
    c.clock.advance(4);
    assertThat(c.send("get k\r\n")).isEqualTo("VALUE k 0 1\r\na\r\nEND\r\n");
    c.clock.advance(1);
    assertThat(c.send("get k\r\n")).isEqualTo("END\r\n");
  }

  @Test
  void exptimeAboveThirtyDaysIsAnAbsoluteTime() {
    long at = MemcacheConnection.START + 3_000_000;
    c.send("set k 0 " + at + " 1\r\na\r\n");
    c.clock.advance(2_999_999);
    assertThat(c.send("get k\r\n")).isEqualTo("VALUE k 0 1\r\na\r\nEND\r\n");
    c.clock.advance(1);
    assertThat(c.send("get k\r\n")).isEqualTo("END\r\n");
    assertThat(c.send("set p 0 " + (MemcacheConnection.START - 10) + " 1\r\na\r\nget p\r\n"))
        .isEqualTo("STORED\r\nEND\r\n");
  }

  @Test
  void negativeExptimeStoresAnInvisibleItem() {
    assertThat(c.send("set k 0 -1 1\r\na\r\nget k\r\n")).isEqualTo("STORED\r\nEND\r\n");
    assertThat(c.send("set t 0 0 1\r\na\r\ntouch t -1\r\nget t\r\n"))
        .isEqualTo("STORED\r\nTOUCHED\r\nEND\r\n");
  }

  @Test
  void flushAllInvalidatesNow() {
    assertThat(c.send("set k 0 0 1\r\na\r\nflush_all\r\nget k\r\n"))
        .isEqualTo("STORED\r\nOK\r\nEND\r\n");
  }

  @Test
  void flushAllWithDelayInvalidatesOnceTheDelayHasPassed() {
    assertThat(c.send("set k 0 0 1\r\na\r\nflush_all 10\r\n")).isEqualTo("STORED\r\nOK\r\n");
    c.clock.advance(9);
    assertThat(c.send("get k\r\n")).isEqualTo("VALUE k 0 1\r\na\r\nEND\r\n");
    c.clock.advance(1);
    assertThat(c.send("get k\r\n")).isEqualTo("END\r\n");
  }

  @Test
  void flushAllArgumentsFollowMemcached() {
    assertThat(
            c.send(
                "flush_all abc\r\nflush_all noreply\r\nflush_all 0 noreply\r\nflush_all 10 extra\r\n"
                    + "flush_all x noreply\r\nmn\r\n"))
        .isEqualTo("CLIENT_ERROR invalid exptime argument\r\nOK\r\nMN\r\n");
  }

  @Test
  void noreplySuppressesEveryReplyOfTheCommand() {
    assertThat(
            c.send(
                "set a 0 0 1 noreply\r\n1\r\nadd a 0 0 1 noreply\r\n2\r\nincr a 5 noreply\r\n"
                    + "touch a 10 noreply\r\ndelete zz noreply\r\nset b 0 0 1 noreply\r\nxyz\r\n"
                    + "verbosity 1 noreply\r\nget a\r\n"))
        .isEqualTo("ERROR\r\nVALUE a 0 1\r\n6\r\nEND\r\n");
  }

  @Test
  void oversizedSetIsRefusedSkippedAndRemovesTheOldValue() {
    try (MemcacheConnection small =
        new MemcacheConnection(ProtocolConfig.defaults().withMaxValueLength(1024))) {
      assertThat(
              small.send(
                  "set big 0 0 1\r\na\r\nset big 0 0 2000\r\n"
                      + "x".repeat(2000)
                      + "\r\nget big\r\n"))
          .isEqualTo("STORED\r\nSERVER_ERROR object too large for cache\r\nEND\r\n");
      assertThat(small.send("set big 0 0 2000 noreply\r\n" + "x".repeat(2000) + "\r\nmn\r\n"))
          .isEqualTo("MN\r\n");
    }
  }

  @Test
  void valueOverTheStoresItemLimitIsTooLarge() {
    String value = "x".repeat(1 << 20);
    assertThat(c.send("set big 0 0 " + value.length() + "\r\n" + value + "\r\n"))
        .isEqualTo("SERVER_ERROR object too large for cache\r\n");
  }

  @Test
  void badDataChunkIsReportedAndTheStreamGoesOn() {
    assertThat(c.send("set k 0 0 3\r\nabcde\r\nget k\r\n"))
        .isEqualTo("CLIENT_ERROR bad data chunk\r\nERROR\r\nEND\r\n");
  }

  @Test
  void unknownCommandsAndBadLinesGetMemcachedsErrors() {
    assertThat(c.send("foo\r\n\r\nGET k\r\nget\r\nset k 0 0\r\nverbosity\r\nverbosity x\r\n"))
        .isEqualTo(
            "ERROR\r\nERROR\r\nERROR\r\nERROR\r\nERROR\r\nERROR\r\n"
                + "CLIENT_ERROR bad command line format\r\n");
  }

  @Test
  void versionVerbosityAndShutdownAnswerAsMemcached() {
    assertThat(c.send("version\r\nverbosity 1\r\nshutdown\r\n"))
        .isEqualTo("VERSION 1.6.21-tierkit\r\nOK\r\nERROR: shutdown not enabled\r\n");
  }

  @Test
  void keyOverTwoHundredFiftyBytesIsRefused() {
    assertThat(c.send("get " + "a".repeat(251) + "\r\nset " + "a".repeat(250) + " 0 0 1\r\na\r\n"))
        .isEqualTo("CLIENT_ERROR bad command line format\r\nSTORED\r\n");
  }
}
