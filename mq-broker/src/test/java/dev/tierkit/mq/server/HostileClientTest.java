package dev.tierkit.mq.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.tierkit.mq.protocol.ChannelMethod;
import dev.tierkit.mq.protocol.ConnectionMethod;
import dev.tierkit.mq.protocol.HeartbeatFrame;
import dev.tierkit.mq.protocol.QueueMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Input no client library sends, over a raw socket: each gets the close RabbitMQ sends, and a
 * well-behaved connection beside it is not disturbed.
 */
class HostileClientTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  private static void assertBystanderWorks(Channel bystander) throws Exception {
    assertThat(bystander.queueDeclare().getQueue()).startsWith("amq.gen-");
  }

  @Test
  void wrongProtocolHeaderIsAnsweredWithOursAndClosed() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", broker.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
      byte[] answer = socket.getInputStream().readAllBytes();
      assertThat(answer).containsExactly('A', 'M', 'Q', 'P', 0, 0, 9, 1);
    }
  }

  @Test
  void oversizedFrameIsAFrameErrorAndOthersCarryOn() throws Exception {
    try (Connection connection = broker.connect();
        Channel bystander = connection.createChannel();
        RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(0);
      client.send(1, new ChannelMethod.Open());
      client.expect(ChannelMethod.OpenOk.class);
      byte[] frame = new byte[7 + 200_000 + 1];
      frame[0] = 3;
      frame[2] = 1;
      java.nio.ByteBuffer.wrap(frame, 3, 4).putInt(200_000);
      frame[frame.length - 1] = (byte) 0xCE;
      client.writeRaw(frame);
      ConnectionMethod.Close close = client.expect(ConnectionMethod.Close.class);
      assertThat(close.replyCode()).isEqualTo(501);
      assertThat(close.replyText())
          .isEqualTo("FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,200000,131064}");
      client.send(0, new ConnectionMethod.CloseOk());
      assertThat(client.closedByBroker()).isTrue();
      assertBystanderWorks(bystander);
    }
  }

  @Test
  void badFrameEndIsAFrameError() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(0);
      client.writeRaw(new byte[] {1, 0, 1, 0, 0, 0, 4, 0, 20, 0, 10, 0});
      ConnectionMethod.Close close = client.expect(ConnectionMethod.Close.class);
      assertThat(close.replyCode()).isEqualTo(501);
      assertThat(close.replyText())
          .isEqualTo(
              "FRAME_ERROR - type 1, all octets = <<0,20,0,10>>: {invalid_frame_end_marker,0}");
    }
  }

  @Test
  void unknownMethodClosesTheConnection() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(0);
      client.send(1, new ChannelMethod.Open());
      client.expect(ChannelMethod.OpenOk.class);
      // class 99, method 1: no such method.
      client.writeRaw(new byte[] {1, 0, 1, 0, 0, 0, 4, 0, 99, 0, 1, (byte) 0xCE});
      ConnectionMethod.Close close = client.expect(ConnectionMethod.Close.class);
      assertThat(close.replyCode()).isGreaterThanOrEqualTo(500);
    }
  }

  @Test
  void contentWithoutAPublishIs505AndOthersCarryOn() throws Exception {
    try (Connection connection = broker.connect();
        Channel bystander = connection.createChannel();
        RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(0);
      client.send(1, new ChannelMethod.Open());
      client.expect(ChannelMethod.OpenOk.class);
      client.sendFrame(
          dev.tierkit.mq.protocol.ContentHeaderFrame.basic(
              1, 3, dev.tierkit.mq.protocol.BasicProperties.EMPTY));
      ConnectionMethod.Close close = client.expect(ConnectionMethod.Close.class);
      assertThat(close.replyCode()).isEqualTo(505);
      assertBystanderWorks(bystander);
    }
  }

  @Test
  void methodOnAnUnopenedChannelIs504() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(0);
      client.send(5, new QueueMethod.Declare("q", true, false, false, false, false, Map.of()));
      ConnectionMethod.Close close = client.expect(ConnectionMethod.Close.class);
      assertThat(close.replyCode()).isEqualTo(504);
      assertThat(close.replyText()).isEqualTo("CHANNEL_ERROR - expected 'channel.open'");
    }
  }

  @Test
  void secondChannelOpenIs504() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(0);
      client.send(1, new ChannelMethod.Open());
      client.expect(ChannelMethod.OpenOk.class);
      client.send(1, new ChannelMethod.Open());
      ConnectionMethod.Close close = client.expect(ConnectionMethod.Close.class);
      assertThat(close.replyCode()).isEqualTo(504);
      assertThat(close.replyText()).isEqualTo("CHANNEL_ERROR - second 'channel.open' seen");
    }
  }

  @Test
  void framesSplitIntoSingleBytesStillWork() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      byte[] header = dev.tierkit.mq.protocol.ProtocolHeader.bytes();
      for (byte b : header) {
        client.writeRaw(new byte[] {b});
      }
      assertThat(client.expect(ConnectionMethod.Start.class).mechanisms()).contains("PLAIN");
    }
  }

  @Test
  void brokerSendsHeartbeatsAndDropsASilentClient() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.handshake(1);
      long start = System.nanoTime();
      Object frame = client.next();
      assertThat(frame).isInstanceOf(HeartbeatFrame.class);
      // The client never answers: two missed intervals later the broker closes the socket.
      assertThat(client.closedByBroker()).isTrue();
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertThat(seconds).isBetween(1L, 5L);
    }
  }

  @Test
  void badPasswordWithoutTheCapabilityIsASilentClose() throws Exception {
    try (RawAmqpClient client = new RawAmqpClient(broker.port())) {
      client.writeRaw(dev.tierkit.mq.protocol.ProtocolHeader.bytes());
      client.expect(ConnectionMethod.Start.class);
      client.send(
          0,
          new ConnectionMethod.StartOk(
              Map.of(), "PLAIN", new io.netty.util.AsciiString("\0guest\0wrong"), "en_US"));
      assertThat(client.closedByBroker()).isTrue();
    }
  }
}
