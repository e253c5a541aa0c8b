package dev.tierkit.common.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client on a plain socket, for what HTTP libraries will not send: pipelining,
 * upgrades, smuggling attempts, junk. Reads time out after 8 s unless told otherwise.
 */
public final class RawHttp implements AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);

  public final Socket socket;
  public final InputStream in;
  public final OutputStream out;

  /** A response as read off the wire; header names lower case. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : v.get(0);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Connects to 127.0.0.1:{@code port}. */
  public RawHttp(int port) throws IOException {
    this(new Socket("127.0.0.1", port), DEFAULT_TIMEOUT);
  }

  /** Connects to 127.0.0.1:{@code port}; reads give up after {@code timeout}. */
  public RawHttp(int port, Duration timeout) throws IOException {
    this(new Socket("127.0.0.1", port), timeout);
  }

  /** Speaks over a socket already connected (a TLS one, say). */
  public RawHttp(Socket connected) throws IOException {
    this(connected, DEFAULT_TIMEOUT);
  }

  private RawHttp(Socket connected, Duration timeout) throws IOException {
    socket = connected;
    socket.setSoTimeout((int) timeout.toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public void send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  public Response read() throws IOException {
    return read(false);
  }

  /** Reads one response; {@code head} when it answers HEAD (no body whatever the headers say). */
  public Response read(boolean head) throws IOException {
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
  public Response readHead() throws IOException {
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
  public boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (IOException e) {
      return !(e instanceof java.net.SocketTimeoutException);
    }
  }

  /** Whether the server closes the connection within {@code wait}; a byte it sends is an error. */
  public boolean closedWithin(Duration wait) throws IOException {
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
