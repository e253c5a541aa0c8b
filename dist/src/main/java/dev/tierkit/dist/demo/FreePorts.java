package dev.tierkit.dist.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free ports by binding them and letting them go, so that every address of the topology is
 * known before the first process starts (the load balancers and edges need their backends' ports on
 * their command lines). A port could be taken by someone else between the test and the daemon's
 * bind; the daemon then fails to start and says so, which is acceptable for a demo. Ports are never
 * handed out twice by one instance, even on different addresses, so that a table of the topology
 * never shows a port twice.
 */
final class FreePorts {
  private final Set<Integer> given = new HashSet<>();

  /** A port free for TCP on {@code host}. */
  HostPort tcp(String host) {
    return pick(host, false);
  }

  /** A port free for both TCP and UDP on {@code host} (DNS listens on both). */
  HostPort tcpAndUdp(String host) {
    return pick(host, true);
  }

  private HostPort pick(String host, boolean udpToo) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind a port on " + host, e);
      }
      if (given.contains(port) || (udpToo && !udpFree(host, port))) {
        continue;
      }
      given.add(port);
      return new HostPort(host, port);
    }
    throw new IllegalStateException("no free port found on " + host + " after 100 attempts");
  }

  private static boolean udpFree(String host, int port) {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port))) {
      return socket.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
