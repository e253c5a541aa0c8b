package dev.tierkit.cdn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on a plain server socket (127.0.0.1 port 0), for responses no HTTP server library will
 * send: wrong Content-Length, broken header bytes, silence. Each accepted connection is served on
 * its own daemon thread: request heads are read one after another and each is answered by the
 * {@link Script}, which writes whatever bytes it likes and says whether to keep the connection.
 * Every socket has a read timeout so no thread outlives a test by much; {@link #close} closes them
 * all.
 */
final class RawOrigin implements AutoCloseable {
  /** What one request head gets. */
  interface Script {
    /** Writes the answer to {@code head}; false closes the connection afterwards. */
    boolean answer(String head, int count, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();

  /** The request heads received, in order. */
  final ConcurrentLinkedQueue<String> heads = new ConcurrentLinkedQueue<>();

  RawOrigin(Script script) throws IOException {
    this.script = script;
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "raw-origin-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  int requests() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setSoTimeout(10_000);
        sockets.add(s);
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "raw-origin-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        heads.add(head);
        if (!script.answer(head, requests.incrementAndGet(), out)) {
          return;
        }
        out.flush();
      }
    } catch (SocketException e) {
      // the edge closed its end, or close() did
    } catch (IOException e) {
      // read timeout: the test is over
    }
  }

  /** One request head up to its blank line (the edge sends GETs without bodies here). */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      int n = b.size();
      byte[] a = b.toByteArray();
      if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The request line's target of {@code head}. */
  static String target(String head) {
    return head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
