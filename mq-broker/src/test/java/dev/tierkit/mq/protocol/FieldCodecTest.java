package dev.tierkit.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldCodecTest {
  @Test
  void propertiesRoundTripConsumingExactlyTheirBytes() {
    BasicProperties properties =
        new BasicProperties(
            "text/plain",
            null,
            Map.of("k", "v"),
            2,
            5,
            "c-1",
            "reply",
            "60000",
            "m-1",
            1700000000L,
            "t",
            "guest",
            "app",
            null);
    ByteBuf buf = Unpooled.buffer();
    try {
      FieldCodec.writeProperties(buf, properties);
      buf.writeByte(0x7F);
      assertThat(FieldCodec.readProperties(buf)).isEqualTo(properties);
      assertThat(buf.readableBytes()).isEqualTo(1);
    } finally {
      buf.release();
    }
  }

  @Test
  void tableRoundTrips() {
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("x-message-ttl", 1000);
    table.put("x-dead-letter-exchange", "dlx");
    table.put("nested", Map.of("list", List.of(1L, "two")));
    ByteBuf buf = Unpooled.buffer();
    try {
      FieldCodec.writeTable(buf, table);
      assertThat(FieldCodec.readTable(buf)).isEqualTo(table);
      assertThat(buf.isReadable()).isFalse();
    } finally {
      buf.release();
    }
  }

  @Test
  void truncatedTableIsAnIllegalArgument() {
    ByteBuf buf = Unpooled.buffer().writeInt(100).writeByte(1);
    try {
      assertThatThrownBy(() -> FieldCodec.readTable(buf))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      buf.release();
    }
  }
}
