package dev.tierkit.cache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code stats} and its arguments; line formats and unknown-argument replies as memcached 1.6.18.
 */
@CodecTest
class StatsTest {
  private final MemcacheConnection c = new MemcacheConnection();

  @AfterEach
  void close() {
    c.close();
  }

  @Test
  void generalStatsCountCommandsUnderMemcachedsNames() {
    c.send("set a 0 0 1\r\n1\r\nget a b\r\nincr a 1\r\ndecr zz 1\r\ndelete zz\r\ntouch a 10\r\n");
    String stats = c.send("stats\r\n");
    assertThat(stats)
        .startsWith("STAT pid 4242\r\nSTAT uptime 100\r\nSTAT time 1700000000\r\n")
        .contains(
            "STAT version 1.6.21-tierkit\r\n",
            "STAT rusage_user 0.250000\r\n",
            "STAT curr_connections 3\r\n",
            "STAT total_connections 7\r\n",
            "STAT cmd_get 2\r\n",
            "STAT cmd_set 1\r\n",
            "STAT cmd_touch 1\r\n",
            "STAT get_hits 1\r\n",
            "STAT get_misses 1\r\n",
            "STAT incr_hits 1\r\n",
            "STAT decr_misses 1\r\n",
            "STAT delete_misses 1\r\n",
            "STAT touch_hits 1\r\n",
            "STAT limit_maxbytes 67108864\r\n",
            "STAT threads 2\r\n",
            "STAT curr_items 1\r\n")
        .endsWith("END\r\n");
    assertThat(Arrays.asList(stats.split("\r\n")).subList(0, stats.split("\r\n").length - 1))
        .allMatch(line -> line.matches("STAT [a-z_]+ [0-9a-z.\\-]+"));
  }

  @Test
  void statsAndMetricsShowTheSameCounters() {
    c.send("get a\r\nget b\r\n");
    assertThat(c.registry.scrape()).contains("tierkit_cache_cmd_get_total 2");
    assertThat(c.send("stats\r\n")).contains("STAT cmd_get 2\r\n");
  }

  @Test
  void commandLatenciesAreRecordedPerFamily() {
    c.send("get a\r\nget b\r\nset a 0 0 1\r\n1\r\nmg a v\r\n");
    assertThat(c.registry.scrape())
        .contains(
            "tierkit_cache_command_duration_seconds_count{command=\"get\"} 2",
            "tierkit_cache_command_duration_seconds_count{command=\"set\"} 1",
            "tierkit_cache_command_duration_seconds_count{command=\"meta\"} 1");
  }

  @Test
  void resetZeroesStatsButNotMetrics() {
    c.send("get a\r\n");
    assertThat(c.send("stats reset\r\n")).isEqualTo("RESET\r\n");
    assertThat(c.send("stats\r\n")).contains("STAT cmd_get 0\r\n");
    assertThat(c.registry.scrape()).contains("tierkit_cache_cmd_get_total 1");
  }

  @Test
  void bytesReadAndWrittenAreCounted() {
    c.send("version\r\n");
    assertThat(c.send("stats\r\n")).contains("STAT bytes_read 16\r\n", "STAT bytes_written 24\r\n");
  }

  @Test
  void settingsListTheStoreAndServerSettings() {
    assertThat(c.send("stats settings\r\n"))
        .startsWith("STAT maxbytes 67108864\r\nSTAT maxconns 1024\r\nSTAT tcpport 11211\r\n")
        .contains("STAT item_size_max 1048576\r\n", "STAT evictions on\r\n")
        .endsWith("END\r\n");
    c.send("verbosity 2\r\n");
    assertThat(c.send("stats settings\r\n")).contains("STAT verbosity 2\r\n");
  }

  @Test
  void itemsAndSlabsOfAStoreWithoutSizeClasses() {
    assertThat(c.send("stats items\r\n")).isEqualTo("END\r\n");
    assertThat(c.send("stats slabs\r\n"))
        .matches("STAT active_slabs 0\r\nSTAT total_malloced \\d+\r\nEND\r\n");
  }

  @Test
  void otherArgumentsAnswerAsMemcached() {
    assertThat(
            c.send(
                "stats foo\r\nstats a b c\r\nstats detail\r\nstats detail on\r\nstats detail dump\r\n"
                    + "stats sizes\r\n"))
        .isEqualTo(
            "ERROR\r\nERROR\r\nCLIENT_ERROR usage: stats detail on|off|dump\r\nOK\r\nEND\r\n"
                + "STAT sizes_status disabled\r\nEND\r\n");
  }
}
