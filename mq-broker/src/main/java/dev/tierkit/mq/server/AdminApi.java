package dev.tierkit.mq.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.common.admin.AdminResponse;
import dev.tierkit.common.admin.AdminRoutes;
import dev.tierkit.mq.broker.Broker;
import dev.tierkit.mq.broker.Exchange;
import dev.tierkit.mq.broker.MessageQueue;
import dev.tierkit.mq.broker.VirtualHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mq-broker's routes on the admin endpoint, what {@code rabbitmqctl list_queues} and {@code
 * list_exchanges} show: {@code GET /queues} (per queue: vhost, name, flags, ready messages,
 * consumers, body bytes in memory) and {@code GET /exchanges}.
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminApi() {}

  static void register(AdminRoutes routes, Broker broker) {
    routes.get("/queues", request -> json(queues(broker)));
    routes.get("/exchanges", request -> json(exchanges(broker)));
  }

  private static List<Map<String, Object>> queues(Broker broker) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (VirtualHost vhost : broker.vhosts()) {
      for (MessageQueue queue : vhost.queues()) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("vhost", vhost.name());
        q.put("name", queue.name());
        q.put("durable", queue.durable());
        q.put("exclusive", queue.exclusive());
        q.put("autoDelete", queue.autoDelete());
        q.put("messages", queue.messageCount());
        q.put("consumers", queue.consumerCount());
        q.put("memoryBytes", queue.memoryBytes());
        out.add(q);
      }
    }
    out.sort(
        (a, b) ->
            (a.get("vhost") + "/" + a.get("name")).compareTo(b.get("vhost") + "/" + b.get("name")));
    return out;
  }

  private static List<Map<String, Object>> exchanges(Broker broker) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (VirtualHost vhost : broker.vhosts()) {
      for (Exchange exchange : vhost.exchanges()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("vhost", vhost.name());
        e.put("name", exchange.name());
        e.put("type", exchange.type().wireName());
        e.put("durable", exchange.durable());
        e.put("autoDelete", exchange.autoDelete());
        e.put("internal", exchange.internal());
        out.add(e);
      }
    }
    out.sort(
        (a, b) ->
            (a.get("vhost") + "/" + a.get("name")).compareTo(b.get("vhost") + "/" + b.get("name")));
    return out;
  }

  private static AdminResponse json(Object value) {
    try {
      return AdminResponse.json(200, JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render admin JSON", e);
    }
  }
}
