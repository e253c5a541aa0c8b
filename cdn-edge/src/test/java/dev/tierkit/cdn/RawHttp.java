package dev.tierkit.cdn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client on a plain socket, for what HTTP libraries will not send: pipelining, upgrades, junk.
 */
final class RawHttp implements AutoCloseable {
  final Socket socket;
  final InputStream in;
  final OutputStream out;

  /** A response as read off the wire; header names lower case. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  RawHttp(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  RawHttp(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(5000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  Response read() throws IOException {
    return read(false);
  }

  /** Reads one response; {@code head} when it answers HEAD (no body whatever the headers say). */
  Response read(boolean head) throws IOException {
    Response r = readHead();
    if (head || r.status() == 204 || r.status() == 304 || r.status() / 100 == 1) {
      return r;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String cl = r.header("content-length");
    if ("chunked".equalsIgnoreCase(r.header("transfer-encoding"))) {
      while (true) {
        int size = Integer.parseInt(line().trim(), 16);
        if (size == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          break;
        }
        body.write(in.readNBytes(size));
        line();
      }
    } else if (cl != null) {
      body.write(in.readNBytes(Integer.parseInt(cl)));
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(r.status(), r.headers(), body.toByteArray());
  }

  /** Reads a status line and headers, leaving any body unread. */
  Response readHead() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String l;
    while (!(l = line()).isEmpty()) {
      int colon = l.indexOf(':');
      headers
          .computeIfAbsent(
              l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(l.substring(colon + 1).trim());
    }
    return new Response(status, headers, new byte[0]);
  }

  /** Whether the server closed the connection (end of stream or reset) within the read timeout. */
  boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }

  /** Whether the server closes the connection within {@code wait}; a byte it sends is an error. */
  boolean closedWithin(java.time.Duration wait) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
    int b;
    try {
      b = in.read();
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(before);
      }
    }
    if (b >= 0) {
      throw new IOException("unexpected byte from the server: " + b);
    }
    return true;
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
