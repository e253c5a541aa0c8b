package dev.tierkit.mq.store;

import dev.tierkit.mq.store.DefinitionChange.BindingAdded;
import dev.tierkit.mq.store.DefinitionChange.ExchangeDeclared;
import dev.tierkit.mq.store.DefinitionChange.QueueDeclared;
import java.util.List;

/**
 * The durable definitions as they stood when the {@link DefinitionStore} was opened, each list in
 * the order the objects were first declared. Bindings only refer to exchanges and queues that exist
 * in these lists or are built in (the default and {@code amq.*} exchanges, which the broker does
 * not need to log).
 */
public record Definitions(
    List<ExchangeDeclared> exchanges, List<QueueDeclared> queues, List<BindingAdded> bindings) {
  public Definitions {
    exchanges = List.copyOf(exchanges);
    queues = List.copyOf(queues);
    bindings = List.copyOf(bindings);
  }
}
