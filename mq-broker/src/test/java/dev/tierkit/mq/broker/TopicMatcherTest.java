package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TopicMatcherTest {
  private static final String[] KEYS = {
    "",
    "a",
    "b",
    "a.b",
    "a.b.c",
    "a.c.b",
    "a.b.b",
    ".",
    "a.",
    ".a",
    "a..b",
    "a.x.y.b",
    "b.a",
    "x.a.y",
    "#",
    "*",
    "..",
    "a.b.c.d.e.f.b"
  };

  /** The brute-force model: RabbitMQ's topic semantics written as plain recursion over words. */
  static boolean modelMatches(String[] pattern, int p, String[] key, int k) {
    if (p == pattern.length) {
      return k == key.length;
    }
    switch (pattern[p]) {
      case "#":
        for (int skip = k; skip <= key.length; skip++) {
          if (modelMatches(pattern, p + 1, key, skip)) {
            return true;
          }
        }
        return false;
      case "*":
        return k < key.length && modelMatches(pattern, p + 1, key, k + 1);
      default:
        return k < key.length
            && pattern[p].equals(key[k])
            && modelMatches(pattern, p + 1, key, k + 1);
    }
  }

  static boolean modelMatches(String pattern, String key) {
    return modelMatches(TopicMatcher.words(pattern), 0, TopicMatcher.words(key), 0);
  }

  @Test
  void wordsSplitLikeRabbitMq() {
    assertThat(TopicMatcher.words("")).isEmpty();
    assertThat(TopicMatcher.words(".")).containsExactly("", "");
    assertThat(TopicMatcher.words("a..b")).containsExactly("a", "", "b");
    assertThat(TopicMatcher.words("a.")).containsExactly("a", "");
  }

  @Test
  void matchesWhatRabbitMqMatchedForEveryRecordedPatternAndKey() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/rabbitmq-topic-matches.tsv")) {
      String text = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.startsWith("#") || line.startsWith("#\t") || line.startsWith("#.")) {
          rows.add(line.split("\t", -1));
        }
      }
    }
    assertThat(rows).hasSize(25);
    for (String[] row : rows) {
      String pattern = unempty(row[0]);
      Set<String> expected = new TreeSet<>();
      if (!row[1].isEmpty()) {
        for (String k : row[1].split(" ")) {
          expected.add(unempty(k));
        }
      }
      TopicMatcher<String> matcher = new TopicMatcher<>();
      matcher.add(new Binding<>(pattern, Map.of(), "q"));
      Set<String> matched = new TreeSet<>();
      for (String key : KEYS) {
        List<String> out = new ArrayList<>();
        matcher.match(key, out);
        if (!out.isEmpty()) {
          matched.add(key);
        }
        assertThat(modelMatches(pattern, key))
            .as("model, pattern '%s' key '%s'", pattern, key)
            .isEqualTo(out.contains("q"));
      }
      assertThat(matched).as("pattern '%s'", pattern).isEqualTo(expected);
    }
  }

  @Test
  void trieAgreesWithBruteForceModelOnRandomPatternsAndKeys() {
    SplittableRandom random = new SplittableRandom(20261201L);
    String[] patternWords = {"a", "b", "c", "", "*", "#", "#", "*"};
    String[] keyWords = {"a", "b", "c", ""};
    for (int round = 0; round < 12; round++) {
      TopicMatcher<Integer> matcher = new TopicMatcher<>();
      List<String> patterns = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        String pattern = randomKey(random, patternWords, 6);
        patterns.add(pattern);
        matcher.add(new Binding<>(pattern, Map.of(), i % 60));
      }
      Set<Integer> removed = new HashSet<>();
      if (round % 2 == 1) {
        for (int i = 0; i < patterns.size(); i += 3) {
          matcher.remove(new Binding<>(patterns.get(i), Map.of(), i % 60));
          removed.add(i);
        }
      }
      for (int k = 0; k < 250; k++) {
        String key = randomKey(random, keyWords, 8);
        Set<Integer> expected = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
          if (!removed.contains(i) && modelMatches(patterns.get(i), key)) {
            expected.add(i % 60);
          }
        }
        List<Integer> out = new ArrayList<>();
        matcher.match(key, out);
        if (out.size() != expected.size() || !expected.equals(new TreeSet<>(out))) {
          assertThat(out).as("key '%s'", key).doesNotHaveDuplicates();
          assertThat(new TreeSet<>(out)).as("key '%s'", key).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void destinationBoundThroughSeveralPatternsIsAddedOnce() {
    TopicMatcher<String> matcher = new TopicMatcher<>();
    for (String p : List.of("#", "a.#", "#.b", "a.b", "*.*", "#.#")) {
      matcher.add(new Binding<>(p, Map.of(), "q1"));
    }
    matcher.add(new Binding<>("a.*", Map.of(), "q2"));
    List<String> out = new ArrayList<>();
    matcher.match("a.b", out);
    assertThat(out).containsExactlyInAnyOrder("q1", "q2");
  }

  @Test
  void repeatedHashPatternsOnLongKeysStayLinearNotExponential() {
    TopicMatcher<String> matcher = new TopicMatcher<>();
    matcher.add(new Binding<>("#.#.#.#.#.#.#.#.#.#.#.#.x", Map.of(), "never"));
    matcher.add(new Binding<>("#.a.#.a.#.a.#.a.#.a.#", Map.of(), "five-a"));
    String key = String.join(".", java.util.Collections.nCopies(127, "a"));
    List<String> out = new ArrayList<>();
    assertTimeoutPreemptively(Duration.ofSeconds(2), () -> matcher.match(key, out));
    assertThat(out).containsExactly("five-a");
  }

  @Test
  void removingBindingsLeavesMatcherMatchingNothing() {
    TopicMatcher<String> matcher = new TopicMatcher<>();
    List<Binding<String>> bindings =
        List.of(
            new Binding<>("a.#.b", Map.of(), "q"),
            new Binding<>("a.*", Map.of(), "q"),
            new Binding<>("#", Map.of(), "r"));
    bindings.forEach(matcher::add);
    bindings.forEach(matcher::remove);
    Set<String> out = new LinkedHashSet<>();
    for (String key : KEYS) {
      matcher.match(key, out);
    }
    assertThat(out).isEmpty();
  }

  private static String unempty(String s) {
    return s.equals("<empty>") ? "" : s;
  }

  private static String randomKey(SplittableRandom random, String[] words, int maxWords) {
    int n = random.nextInt(maxWords + 1);
    if (n == 0) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        s.append('.');
      }
      s.append(words[random.nextInt(words.length)]);
    }
    return s.toString();
  }
}
