package dev.tierkit.mq.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin endpoint lists queues with their depth and exchanges with their type. */
class AdminApiTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  private static String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(broker.daemon().admin(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void queuesShowTheirDepthAndConsumers() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("listed", true, false, false, null);
      for (int i = 0; i < 3; i++) {
        channel.basicPublish("", "listed", null, new byte[10]);
      }
      assertThat(get("/queues"))
          .contains(
              "{\"vhost\":\"/\",\"name\":\"listed\",\"durable\":true,\"exclusive\":false,"
                  + "\"autoDelete\":false,\"messages\":3,\"consumers\":0,\"memoryBytes\":78}");
      assertThat(get("/exchanges"))
          .contains("{\"vhost\":\"/\",\"name\":\"amq.topic\",\"type\":\"topic\",\"durable\":true");
      assertThat(get("/metrics")).contains("tierkit_mq_messages_ready 3");
      channel.queueDelete("listed");
    }
  }
}
