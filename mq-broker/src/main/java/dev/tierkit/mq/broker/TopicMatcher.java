package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A trie of topic patterns that finds the destinations whose pattern matches a routing key, with
 * RabbitMQ's topic semantics.
 *
 * <p>Words: keys and patterns split on {@code .}, keeping empty words, so {@code "a..b"} is three
 * words and {@code "."} two empty words; the empty string is zero words (RabbitMQ's {@code
 * split_topic_key}). In a pattern {@code *} matches exactly one word and {@code #} zero or more
 * words; there is no escaping, so a pattern word {@code *} or {@code #} is always a wildcard, while
 * in a key they are ordinary words.
 *
 * <p>Layout: one node per distinct pattern prefix. A node keeps its literal children in a lazily
 * created {@link ConcurrentHashMap} keyed by word, its {@code *} and {@code #} children in two
 * fields (a key word never has to be looked up as {@code "*"}), and the bindings of patterns that
 * end at it in an immutable {@link BindingSet}. Writers (serialised by the owning table) create
 * nodes before publishing them and replace a node's set whole; unbinding prunes nodes left without
 * bindings or children. A concurrent match therefore sees each node's bindings before or after a
 * change, and at worst walks into a just-pruned node whose set is already empty.
 *
 * <p>Matching {@code w[0..n)} is a depth-first walk over states (node, i) where i words are
 * consumed: at i &lt; n follow the literal child {@code w[i]} and the {@code *} child to i+1; at
 * any i enter the {@code #} child at i (the {@code #} taking zero words); at a {@code #} node with
 * i &lt; n also stay on the node at i+1 (the {@code #} taking one more word); at i = n collect the
 * node's bindings. Expanding {@code #} one word at a time instead of trying every split keeps each
 * state's work constant, and a state is expanded at most once. A state whose path from the root
 * crosses at most one {@code #} node is reached along exactly one path (before the {@code #}, i is
 * the node's depth; the {@code #} node is entered once and then only steps from (#, i) to (#, i+1);
 * below it each state has one predecessor), so it needs no bookkeeping. From the second {@code #}
 * on a path ({@code #.a.#}, {@code #.#.#.x}) a state can be reached along several paths (the two
 * {@code #} sharing the words differently), and only those states are memoised, in a per-match set
 * allocated on first use: patterns with at most one {@code #}, the usual kind, never allocate it.
 * Cost: O(length of the key) for patterns without {@code #}; with {@code #}, at most O(nodes below
 * {@code #} nodes x (n + 1)) states, never exponential. Keys and patterns are at most 255 bytes
 * (AMQP shortstr), so n &lt;= 256.
 *
 * <p>Destinations reached through several patterns are added once (see {@link RouteSink}).
 *
 * @param <D> the destination type
 */
public final class TopicMatcher<D> {
  private static final String[] NO_WORDS = new String[0];

  private static final class Node<D> {
    final Node<D> parent;
    final String word;
    final boolean isHash;
    final long id;
    volatile ConcurrentHashMap<String, Node<D>> children;
    volatile Node<D> star;
    volatile Node<D> hash;
    volatile BindingSet<D> bindings = BindingSet.empty();

    Node(Node<D> parent, String word, long id) {
      this.parent = parent;
      this.word = word;
      this.isHash = "#".equals(word);
      this.id = id;
    }

    boolean isUnused() {
      ConcurrentHashMap<String, Node<D>> c = children;
      return bindings.isEmpty() && star == null && hash == null && (c == null || c.isEmpty());
    }
  }

  private final Node<D> root = new Node<>(null, null, 0);
  private long nextId = 1;

  /** Creates an empty matcher. */
  public TopicMatcher() {}

  /** Splits a key or pattern into words as RabbitMQ does ({@code ""} is zero words). */
  static String[] words(String key) {
    if (key.isEmpty()) {
      return NO_WORDS;
    }
    int dots = 0;
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) == '.') {
        dots++;
      }
    }
    String[] words = new String[dots + 1];
    int start = 0;
    int n = 0;
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) == '.') {
        words[n++] = key.substring(start, i);
        start = i + 1;
      }
    }
    words[n] = key.substring(start);
    return words;
  }

  /**
   * Adds a binding whose routing key is its pattern. Not thread-safe against other writers: the
   * owning table serialises add and remove; matches may run concurrently.
   */
  public void add(Binding<D> binding) {
    Node<D> node = root;
    for (String w : words(binding.routingKey())) {
      node = childOrCreate(node, w);
    }
    node.bindings = node.bindings.with(binding);
  }

  /** Removes a binding, pruning nodes it leaves unused. Same threading rule as {@link #add}. */
  public void remove(Binding<D> binding) {
    Node<D> node = find(binding.routingKey());
    if (node == null) {
      return;
    }
    node.bindings = node.bindings.without(binding);
    prune(node);
  }

  /** Removes every binding to {@code destination} in the subtree (used when it is deleted). */
  void removeDestination(Object destination, Collection<Binding<D>> itsBindings) {
    Set<String> patterns = new HashSet<>();
    for (Binding<D> b : itsBindings) {
      patterns.add(b.routingKey());
    }
    for (String pattern : patterns) {
      Node<D> node = find(pattern);
      if (node != null) {
        node.bindings = node.bindings.withoutDestination(destination);
        prune(node);
      }
    }
  }

  /** Adds each destination whose pattern matches {@code routingKey} to {@code out}, once. */
  public void match(String routingKey, Collection<? super D> out) {
    String[] w = words(routingKey);
    new Walk<D>(w, new RouteSink<>(out)).visit(root, 0, 0);
  }

  private static final class Walk<D> {
    final String[] w;
    final RouteSink<D> sink;
    Set<Long> seen;

    Walk(String[] w, RouteSink<D> sink) {
      this.w = w;
      this.sink = sink;
    }

    /** Expands state (node, i); {@code hashes} counts the {@code #} nodes on the path to it. */
    void visit(Node<D> node, int i, int hashes) {
      if (hashes > 1 && !firstVisit(node, i)) {
        return;
      }
      int n = w.length;
      if (i == n) {
        BindingSet<D> set = node.bindings;
        if (!set.isEmpty()) {
          sink.addAll(set.destinations());
        }
      } else {
        ConcurrentHashMap<String, Node<D>> children = node.children;
        if (children != null) {
          Node<D> literal = children.get(w[i]);
          if (literal != null) {
            visit(literal, i + 1, hashes);
          }
        }
        Node<D> star = node.star;
        if (star != null) {
          visit(star, i + 1, hashes);
        }
      }
      Node<D> hash = node.hash;
      if (hash != null) {
        visit(hash, i, hashes + 1);
      }
      if (node.isHash && i < n) {
        visit(node, i + 1, hashes);
      }
    }

    private boolean firstVisit(Node<D> node, int i) {
      if (seen == null) {
        seen = new HashSet<>();
      }
      return seen.add(node.id * 257 + i);
    }
  }

  private Node<D> childOrCreate(Node<D> node, String w) {
    return switch (w) {
      case "*" -> {
        if (node.star == null) {
          node.star = new Node<>(node, w, nextId++);
        }
        yield node.star;
      }
      case "#" -> {
        if (node.hash == null) {
          node.hash = new Node<>(node, w, nextId++);
        }
        yield node.hash;
      }
      default -> {
        ConcurrentHashMap<String, Node<D>> children = node.children;
        if (children == null) {
          children = new ConcurrentHashMap<>(4);
          node.children = children;
        }
        Node<D> child = children.get(w);
        if (child == null) {
          child = new Node<>(node, w, nextId++);
          children.put(w, child);
        }
        yield child;
      }
    };
  }

  private Node<D> find(String pattern) {
    Node<D> node = root;
    for (String w : words(pattern)) {
      node =
          switch (w) {
            case "*" -> node.star;
            case "#" -> node.hash;
            default -> {
              ConcurrentHashMap<String, Node<D>> children = node.children;
              yield children == null ? null : children.get(w);
            }
          };
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static <D> void prune(Node<D> node) {
    while (node.parent != null && node.isUnused()) {
      Node<D> parent = node.parent;
      switch (node.word) {
        case "*" -> parent.star = null;
        case "#" -> parent.hash = null;
        default -> parent.children.remove(node.word, node);
      }
      node = parent;
    }
  }
}
