package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoutingTableTest {
  private static List<String> route(
      RoutingTable<String> table, String key, Map<String, Object> headers) {
    List<String> out = new ArrayList<>();
    table.route(key, headers, out);
    return out;
  }

  @ParameterizedTest
  @EnumSource(ExchangeType.class)
  void bindingIdentityIsKeyArgumentsAndDestination(ExchangeType type) {
    RoutingTable<String> table = RoutingTable.create(type);
    assertThat(table.isEmpty()).isTrue();
    assertThat(table.bind("k", null, "q")).isTrue();
    assertThat(table.bind("k", Map.of(), "q")).as("null arguments are an empty table").isFalse();
    assertThat(table.bind("k", Map.of("a", 1), "q")).isTrue();
    assertThat(table.bind("k", Map.of("a", 1L), "q"))
        .as("1 and 1L are different arguments")
        .isTrue();
    assertThat(table.bind("other", null, "q")).isTrue();
    assertThat(table.bind("k", null, "r")).isTrue();
    assertThat(table.bindings()).hasSize(5);
    assertThat(table.unbind("k", Map.of("a", 2), "q")).isFalse();
    assertThat(table.unbind("k", Map.of("a", 1), "q")).isTrue();
    assertThat(table.unbind("k", Map.of("a", 1), "q")).isFalse();
    assertThat(table.hasBindingsTo("q")).isTrue();
    table.removeDestination("q");
    assertThat(table.hasBindingsTo("q")).isFalse();
    assertThat(table.bindings()).containsExactly(new Binding<>("k", Map.of(), "r"));
    assertThat(table.unbind("k", null, "r")).isTrue();
    assertThat(table.isEmpty()).isTrue();
    assertThat(route(table, "k", Map.of())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ExchangeType.class)
  void destinationBoundTwiceIsRoutedOnceIntoAList(ExchangeType type) {
    RoutingTable<String> table = RoutingTable.create(type);
    table.bind("a.b", Map.of(), "q");
    table.bind("a.b", Map.of("x-match", "all"), "q");
    table.bind(type == ExchangeType.TOPIC ? "a.*" : "a.b", Map.of("z", 1), "q");
    List<String> out = new ArrayList<>(List.of("already-there"));
    table.route("a.b", Map.of("z", 1), out);
    assertThat(out).containsExactly("already-there", "q");
  }

  @Test
  void directRoutesOnTheExactKeyOnly() {
    RoutingTable<String> table = RoutingTable.create(ExchangeType.DIRECT);
    table.bind("a", null, "q1");
    table.bind("a", null, "q2");
    table.bind("", null, "q3");
    table.bind("a.*", null, "q4");
    assertThat(route(table, "a", null)).containsExactlyInAnyOrder("q1", "q2");
    assertThat(route(table, "", null)).containsExactly("q3");
    assertThat(route(table, "a.b", null)).isEmpty();
    assertThat(route(table, "a.*", null)).containsExactly("q4");
    assertThat(route(table, "A", null)).isEmpty();
  }

  @Test
  void fanoutRoutesEverythingWhateverTheKey() {
    RoutingTable<String> table = RoutingTable.create(ExchangeType.FANOUT);
    table.bind("x", null, "q1");
    table.bind("", null, "q2");
    assertThat(route(table, "anything", null)).containsExactlyInAnyOrder("q1", "q2");
    table.removeDestination("q1");
    assertThat(route(table, "", null)).containsExactly("q2");
  }

  @Test
  void topicRemoveDestinationDropsItsPatternsAndKeepsOthers() {
    RoutingTable<String> table = RoutingTable.create(ExchangeType.TOPIC);
    table.bind("a.#", null, "q1");
    table.bind("a.#", null, "q2");
    table.bind("*.b", null, "q1");
    table.removeDestination("q1");
    assertThat(route(table, "a.b", null)).containsExactly("q2");
    assertThat(table.bindings()).containsExactly(new Binding<>("a.#", Map.of(), "q2"));
  }

  @Test
  void headersIgnoresTheRoutingKeyAndTreatsNullHeadersAsNone() {
    RoutingTable<String> table = RoutingTable.create(ExchangeType.HEADERS);
    table.bind("ignored", Map.of("x-match", "any", "a", 1L), "q1");
    table.bind("", Map.of(), "q2");
    assertThat(route(table, "whatever", Map.of("a", 1))).containsExactlyInAnyOrder("q1", "q2");
    assertThat(route(table, "", null)).containsExactly("q2");
  }

  @Test
  void routeIntoASetAddsEachDestinationOnce() {
    RoutingTable<String> table = RoutingTable.create(ExchangeType.TOPIC);
    table.bind("#", null, "q");
    table.bind("a", null, "q");
    Set<String> out = new HashSet<>();
    table.route("a", null, out);
    assertThat(out).containsExactly("q");
  }

  @Test
  void bindingsSnapshotIsNotAffectedByLaterChanges() {
    RoutingTable<String> table = RoutingTable.create(ExchangeType.DIRECT);
    table.bind("a", new HashMap<>(Map.of("k", "v")), "q");
    List<Binding<String>> snapshot = table.bindings();
    table.unbind("a", Map.of("k", "v"), "q");
    assertThat(snapshot).containsExactly(new Binding<>("a", Map.of("k", "v"), "q"));
  }
}
