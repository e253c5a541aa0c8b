package dev.tierkit.mq.server;

import dev.tierkit.mq.protocol.FieldCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;

/**
 * Checks {@code connection.start-ok} credentials against the configured users, for the PLAIN
 * ({@code \0user\0password}) and AMQPLAIN (a field table with LOGIN and PASSWORD, without its
 * length prefix) mechanisms. As in RabbitMQ, the built-in {@code guest} user is accepted only from
 * loopback unless the operator allows it from anywhere.
 */
final class Authenticator {
  static final String MECHANISMS = "PLAIN AMQPLAIN";

  private final Map<String, String> users;
  private final boolean guestFromAnywhere;

  Authenticator(Map<String, String> users, boolean guestFromAnywhere) {
    this.users = Map.copyOf(users);
    this.guestFromAnywhere = guestFromAnywhere;
  }

  /** The authenticated user's name, or null when the login is refused. */
  String authenticate(String mechanism, AsciiString response, SocketAddress remote) {
    String[] credentials =
        switch (mechanism) {
          case "PLAIN" -> plain(response);
          case "AMQPLAIN" -> amqplain(response);
          default -> null;
        };
    if (credentials == null) {
      return null;
    }
    String user = credentials[0];
    String expected = users.get(user);
    if (expected == null || !constantTimeEquals(expected, credentials[1])) {
      return null;
    }
    if ("guest".equals(user) && !guestFromAnywhere && !isLoopback(remote)) {
      return null;
    }
    return user;
  }

  static boolean supports(String mechanism) {
    return "PLAIN".equals(mechanism) || "AMQPLAIN".equals(mechanism);
  }

  private static String[] plain(AsciiString response) {
    String text =
        new String(
            response.array(), response.arrayOffset(), response.length(), StandardCharsets.UTF_8);
    int first = text.indexOf('\0');
    int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
    if (first < 0 || second < 0) {
      return null;
    }
    return new String[] {text.substring(first + 1, second), text.substring(second + 1)};
  }

  private static String[] amqplain(AsciiString response) {
    ByteBuf buf = Unpooled.buffer(response.length() + 4);
    try {
      buf.writeInt(response.length());
      buf.writeBytes(response.array(), response.arrayOffset(), response.length());
      Map<String, Object> table = FieldCodec.readTable(buf);
      Object login = table.get("LOGIN");
      Object password = table.get("PASSWORD");
      if (login == null || password == null) {
        return null;
      }
      return new String[] {login.toString(), password.toString()};
    } catch (IllegalArgumentException e) {
      return null;
    } finally {
      buf.release();
    }
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8),
        Objects.requireNonNullElse(b, "").getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isLoopback(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet) {
      InetAddress address = inet.getAddress();
      return address != null && address.isLoopbackAddress();
    }
    return false;
  }
}
