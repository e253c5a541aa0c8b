package dev.tierkit.mq.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Above the memory high watermark publishers get connection.blocked and are no longer read from;
 * once consumers have drained the queue they get connection.unblocked.
 */
class ResourceAlarmTest {
  @RegisterExtension
  static final BrokerExtension broker =
      new BrokerExtension(
          config ->
              new MqServerConfig(
                  config.address(),
                  config.broker(),
                  config.limits(),
                  config.users(),
                  config.guestFromAnywhere(),
                  config.handshakeTimeout(),
                  config.closeTimeout(),
                  32 << 10,
                  config.diskFreeLimit()));

  @Test
  void publishersAreBlockedAboveTheWatermarkAndUnblockedBelowIt() throws Exception {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    try (Connection publisher = broker.connect();
        Connection consumer = broker.connect()) {
      publisher.addBlockedListener(
          new BlockedListener() {
            @Override
            public void handleBlocked(String reason) {
              events.add("blocked: " + reason);
            }

            @Override
            public void handleUnblocked() {
              events.add("unblocked");
            }
          });
      Channel out = publisher.createChannel();
      out.queueDeclare("alarmed", false, false, false, null);
      for (int i = 0; i < 100; i++) {
        out.basicPublish("", "alarmed", null, new byte[1024]);
      }
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("blocked: low on memory");
      Channel in = consumer.createChannel();
      in.queuePurge("alarmed");
      assertThat(events.poll(5, TimeUnit.SECONDS)).isEqualTo("unblocked");
      in.queueDelete("alarmed");
    }
  }
}
