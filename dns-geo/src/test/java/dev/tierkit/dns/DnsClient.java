package dev.tierkit.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A test client over plain sockets: dnsjava builds and parses the messages, the sockets are ours,
 * so a test can pick its source address, send raw bytes, and see exactly what came back.
 */
final class DnsClient {
  private final int port;

  DnsClient(int port) {
    this.port = port;
  }

  static Message query(String name, int type) {
    try {
      return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    } catch (IOException e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  static Message queryWithEdns(String name, int type, int payload, EDNSOption... options) {
    Message m = query(name, type);
    m.addRecord(new OPTRecord(payload, 0, 0, 0, List.of(options)), Section.ADDITIONAL);
    return m;
  }

  /** A query with EDNS (payload 1232) and a Client Subnet option for {@code address/prefix}. */
  static Message queryWithSubnet(String name, int type, String address, int prefix) {
    try {
      return queryWithEdns(
          name, type, 1232, new ClientSubnetOption(prefix, InetAddress.getByName(address)));
    } catch (IOException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  Message udp(Message query) throws IOException {
    return new Message(udpRaw(query.toWire(), InetAddress.getLoopbackAddress()));
  }

  Message udpFrom(Message query, InetAddress source) throws IOException {
    return new Message(udpRaw(query.toWire(), source));
  }

  /** Sends raw bytes over UDP from {@code source}; returns the raw reply. */
  byte[] udpRaw(byte[] wire, InetAddress source) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(source, 0))) {
      socket.setSoTimeout(3000);
      socket.send(
          new DatagramPacket(
              wire, wire.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
      byte[] buf = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buf, buf.length);
      socket.receive(reply);
      return Arrays.copyOf(buf, reply.getLength());
    }
  }

  Message tcp(Message query) throws IOException {
    return tcpFrom(query, InetAddress.getLoopbackAddress());
  }

  Message tcpFrom(Message query, InetAddress source) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, source, 0)) {
      socket.setSoTimeout(3000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      byte[] wire = query.toWire();
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      return readTcp(new DataInputStream(socket.getInputStream()));
    }
  }

  static Message readTcp(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] reply = new byte[length];
    in.readFully(reply);
    return new Message(reply);
  }
}
